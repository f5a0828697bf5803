"""Idempotency: every step retried, every night re-run, the process DAG cleared and run
again after an extractor version bump, leaves exactly the rows of one clean run."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from marsad.fetch import HttpClient
from marsad.pipeline import claims_step
from marsad.pipeline.claims_step import extract_range
from marsad.pipeline.dedup_step import dedup_articles
from marsad.pipeline.events_step import merge_events
from marsad.pipeline.files import load_records
from marsad.pipeline.ingest import ingest_source
from marsad.pipeline.run import process_pending
from marsad.pipeline.setup import prepare_database
from marsad.pipeline.transaction import transaction
from marsad.store import db
from marsad.store.sources import upsert_sources
from support import reliability_tally as tally
from support.fetch_server import Reply, fast_settings, serve
from support.hostile_inputs import (
    GOOD_PARAGRAPHS,
    batch_integrity,
    compare,
    content,
    exact_fingerprint,
    page,
    synthetic_articles,
)

pytestmark = pytest.mark.reliability

ROOT = Path(__file__).resolve().parents[2]


def test_every_step_retried_changes_no_row(db_url: str) -> None:
    items = synthetic_articles(150)
    with db.connection(db_url) as conn:
        load_records(conn, items)
    process_pending(db_url)
    with db.connection(db_url) as conn:
        first = exact_fingerprint(conn)
        assert first["claims"][0] > 0 and first["events"][0] > 0 and first["article_dedup"][0] == 150
        # Each task of the night again, as a retry would run it, then the whole night again.
        assert load_records(conn, items)["inserted"] == 0
        assert dedup_articles(conn).articles == 0
        assert extract_range(conn, 0, 10**12).articles == 0
        merge_events(conn)
        tally.fault(4)
        assert exact_fingerprint(conn) == first
    process_pending(db_url)
    tally.fault()
    with db.connection(db_url) as conn:
        assert exact_fingerprint(conn) == first


def _rss(items: list[tuple[str, str]]) -> bytes:
    body = "".join(f"<item><title>{t}</title><link>{link}</link><description>ملخص</description>"
                   "<pubDate>Wed, 10 Jan 2024 12:00:00 GMT</pubDate></item>" for t, link in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>f</title>{body}</channel></rss>'.encode()


def test_a_page_that_failed_is_fetched_on_the_next_run_although_the_feed_is_unchanged(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by this suite: the new ETag was saved although a page had failed, so the next
    night got 304 and the article was lost for as long as the feed did not change."""
    monkeypatch.setenv("MARSAD_ALLOW_PRIVATE_HOSTS", "1")
    prepare_database(db_url)
    feed = _rss([("خبر أول", "/one"), ("خبر ثان", "/two")])

    def conditional(headers: dict[str, str]) -> Reply:
        if headers.get("if-none-match") == '"v1"':
            return Reply(304, b"", {"ETag": '"v1"'})
        return Reply(200, feed, {"Content-Type": "application/rss+xml", "ETag": '"v1"'})

    with serve() as server:
        server.routes["/feed"] = conditional
        server.routes["/one"] = [Reply(200, page("خبر أول", GOOD_PARAGRAPHS), {"Content-Type": "text/html"})]
        server.routes["/two"] = [Reply(503, b"busy"), Reply(200, page("خبر ثان", GOOD_PARAGRAPHS[::-1]),
                                                             {"Content-Type": "text/html"})]
        with db.connection(db_url) as conn, transaction(conn):
            upsert_sources(conn, [{"key": "flaky", "name": "Flaky", "feed_url": server.url("/feed"),
                                   "homepage": None, "country": None, "active": True}])
        with db.connection(db_url) as conn, HttpClient(fast_settings(retries=0)) as client:
            first = ingest_source(conn, "flaky", client, run_id="night-1")
            tally.fault()
            second = ingest_source(conn, "flaky", client, run_id="night-2")
            third = ingest_source(conn, "flaky", client, run_id="night-3")
    assert (first.new, first.errors) == (1, 1)
    assert second.status == "ok" and second.new == 1  # a full GET, the missing page fetched
    assert third.status == "not_modified"  # validators saved once nothing failed
    with db.connection(db_url) as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM articles")
        assert cur.fetchone()[0] == 2


def _run_process_dag() -> str:
    sys.path.insert(0, str(ROOT / "dags"))
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(ROOT / "dags" / "marsad_process.py"))
    assert not bag.import_errors, bag.import_errors
    return str(bag.get_dag("marsad_process").test().state)


def _bump(monkeypatch: pytest.MonkeyPatch, version: str) -> None:
    import marsad.claims

    monkeypatch.setattr(marsad.claims, "EXTRACTOR_VERSION", version)
    monkeypatch.setattr(claims_step, "EXTRACTOR_VERSION", version)


def _claims(conn) -> list[tuple[Any, ...]]:
    with conn.cursor() as cur:
        cur.execute("SELECT id, article_id, ordinal, extractor_version, md5(record::text) FROM claims ORDER BY id")
        rows = cur.fetchall()
    conn.commit()
    return rows


def test_process_dag_rerun_after_a_version_bump_replaces_claim_sets_never_appends(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    prepare_database(db_url)
    monkeypatch.setenv("AIRFLOW_CONN_MARSAD_DB", db_url)
    monkeypatch.setenv("DATABASE_URL", db_url)
    with db.connection(db_url) as conn:
        load_records(conn, synthetic_articles(60))
    process_pending(db_url)  # the first night, through the library (the same steps)
    with db.connection(db_url) as conn:
        before, rows_before = content(conn), _claims(conn)
    old_version = rows_before[0][3]

    _bump(monkeypatch, old_version + "-rel")
    assert _run_process_dag() == "success"
    tally.fault()
    with db.connection(db_url) as conn:
        rows_after = _claims(conn)
        after = content(conn)
        assert batch_integrity(conn) == []
        with conn.cursor() as cur:
            cur.execute("SELECT DISTINCT processed_version FROM articles")
            assert cur.fetchall() == [(old_version + "-rel",)]
        conn.commit()
        # The same claims, rewritten in place under the new version: same ids, same records.
        assert [(i, a, n, h) for i, a, n, _, h in rows_after] == [(i, a, n, h) for i, a, n, _, h in rows_before]
        assert {v for *_, v, _ in rows_after} == {old_version + "-rel"}
        lost, extra = compare({t: before[t] for t in ("claim_actors", "events", "event_claims", "stories")},
                              {t: after[t] for t in ("claim_actors", "events", "event_claims", "stories")})
        tally.rows(lost, extra)
        assert (lost, extra) == (0, 0)
        settled = exact_fingerprint(conn)

    # Cleared and run again at the same version: no row changes at all.
    assert _run_process_dag() == "success"
    tally.fault()
    with db.connection(db_url) as conn:
        assert exact_fingerprint(conn) == settled

    # A version whose extractor finds fewer claims (none in odd articles): the surplus
    # goes, in the same transaction as the new version mark; nothing is appended.
    from marsad.claims import extract_claims

    monkeypatch.setattr(claims_step, "extract_claims",
                        lambda article: [] if int(article["id"][-1]) % 2 else extract_claims(article))
    _bump(monkeypatch, old_version + "-fewer")
    process_pending(db_url)
    tally.fault()
    with db.connection(db_url) as conn:
        fewer = _claims(conn)
        assert batch_integrity(conn) == []
        with conn.cursor() as cur:
            cur.execute("SELECT id FROM articles WHERE right(ext_id, 1)::int % 2 = 0")
            even = {i for (i,) in cur.fetchall()}
            # Event counts follow the smaller claim sets (no count left from deleted claims).
            cur.execute("SELECT (SELECT coalesce(sum(claims), 0) FROM events), (SELECT count(*) FROM event_claims)")
            summed, linked = cur.fetchone()
        conn.commit()
    kept = [(i, a, n, h) for i, a, n, _, h in rows_before if a in even]
    assert 0 < len(kept) < len(rows_before)
    assert [(i, a, n, h) for i, a, n, _, h in fewer] == kept  # the same rows, no new one
    assert summed == linked == len(kept)


def test_a_repeated_record_id_costs_only_that_record(db_url: str, caplog: pytest.LogCaptureFixture) -> None:
    """Found by this suite: ext_id is unique, so one id repeated with another URL made the
    whole batch (2000 articles) fail and the load abort."""
    items = synthetic_articles(5)
    items.insert(2, {**items[1], "url": "https://elsewhere.example/moved.html"})
    with db.connection(db_url) as conn:
        totals = load_records(conn, items)
        tally.hostile()
        assert (totals["inserted"], totals["id_duplicates"]) == (5, 1)
        assert load_records(conn, items)["inserted"] == 0  # and a re-run changes nothing
    assert any("syn-00001" in r.getMessage() and "elsewhere.example" in r.getMessage() for r in caplog.records)
