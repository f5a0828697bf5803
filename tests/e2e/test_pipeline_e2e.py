"""The whole pipeline through Airflow (dag.test()) on the bundled sample feeds.

Asserts the rows, the seed claim field by field, and that a second run changes nothing.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from marsad.store import db
from marsad_dev.samples import SampleServer

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "dags"))

DATA_TABLES = ("articles", "claims", "claim_actors", "actors")


def fingerprint(conn) -> dict[str, tuple[int, str]]:
    """Row count and a content hash of every data table (run bookkeeping excluded)."""
    out = {}
    with conn.cursor() as cur:
        cur.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            " AND table_type = 'BASE TABLE' AND table_name NOT IN ('sources', 'pipeline_runs', 'schema_migrations')"
        )
        tables = sorted(t for (t,) in cur.fetchall())
        for table in tables:
            cur.execute(f'SELECT count(*), md5(coalesce(string_agg(t::text, \'|\' ORDER BY t::text), \'\')) FROM "{table}" t')
            out[table] = cur.fetchone()
    conn.commit()
    return out


def _seed_consult(conn) -> dict:
    with conn.cursor() as cur:
        cur.execute(
            """
            SELECT c.id, c.mode, c.mediator, c.location_name, c.location_country, c.event_date::text,
                   c.date_precision, c.evidence, a.text,
                   array(SELECT actor_code FROM claim_actors WHERE claim_id = c.id AND role = 'party'
                         ORDER BY actor_code)
            FROM claims c JOIN articles a ON a.id = c.article_id
            WHERE c.event_type = 'CONSULT' AND a.canonical_url LIKE %s
            """,
            ("%seed-muscat-talks.html",),
        )
        rows = cur.fetchall()
    conn.commit()
    assert len(rows) >= 1
    cols = ("id", "mode", "mediator", "location_name", "location_country", "event_date", "date_precision",
            "evidence", "text", "actors")
    return next(dict(zip(cols, r, strict=False)) for r in rows if set(r[-1]) == {"IRN", "USA"})


@pytest.fixture
def samples() -> Iterator[SampleServer]:
    """The samples on an ephemeral port, served across both nights (run_dags reuses them)."""
    with SampleServer() as server:
        yield server


def test_dags_run_end_to_end_and_rerun_changes_nothing(seeded_db: str, samples: SampleServer) -> None:
    from marsad_dev.dag_runs import run_dags

    states = run_dags(port=samples.port)
    assert states == {"marsad_ingest": "success", "marsad_process": "success", "marsad_report": "success"}
    with db.connection(seeded_db) as conn:
        first = fingerprint(conn)
        with conn.cursor() as cur:
            cur.execute("SELECT key, last_status, last_modified IS NOT NULL FROM sources WHERE active ORDER BY key")
            sources = cur.fetchall()
            cur.execute("SELECT count(*) FROM articles WHERE text_origin = 'page'")
            (from_pages,) = cur.fetchone()
            cur.execute("SELECT text FROM articles WHERE canonical_url LIKE '%seed-muscat-talks.html'")
            (seed_text,) = cur.fetchone()
            cur.execute("SELECT dag_id, split_part(stage, ':', 1), source_key, counts FROM pipeline_runs")
            runs = cur.fetchall()
        conn.commit()
        consult = _seed_consult(conn)

    # Six distinct pages across two feeds; the seed URL seen twice (tracking parameters) is one article.
    assert first["articles"][0] == 6
    assert from_pages == 6
    assert sources == [("sample-agency", "ok", True), ("sample-daily", "ok", True)]
    # Every stage left its counts: ingest per source, the process steps per run.
    stages = {(d, st, src) for d, st, src, _ in runs}
    assert {("marsad_ingest", "ingest", "sample-daily"), ("marsad_ingest", "ingest", "sample-agency"),
            ("marsad_process", "dedup", ""), ("marsad_process", "extract", ""),
            ("marsad_process", "events", "")} <= stages
    assert sum(c.get("new", 0) for d, st, _, c in runs if st == "ingest") == 6
    assert sum(c.get("articles", 0) for d, st, _, c in runs if st == "extract") == 6
    # The stored text is the article, not the page chrome: no comments block, no share bar,
    # no repeated title.
    assert "التعليقات" not in seed_text and "فيسبوك" not in seed_text
    assert not seed_text.startswith("تقرير:") and seed_text.startswith("قال مسؤول أميركي كبير")
    assert consult["mode"] == "third-party"
    assert consult["mediator"] == "OMN"
    assert consult["location_country"] == "OMN" and consult["location_name"] == "Muscat"
    assert consult["event_date"] == "2024-01-10" and consult["date_precision"] == "day"
    for span in consult["evidence"]:
        assert 0 <= span["start"] < span["end"] <= len(consult["text"])
    assert any("مسقط" in consult["text"][s["start"]:s["end"]] for s in consult["evidence"])

    # A second night: feeds answer 304, nothing is fetched again, no data row changes.
    states = run_dags(port=samples.port)
    assert set(states.values()) == {"success"}
    with db.connection(seeded_db) as conn:
        assert fingerprint(conn) == first
        with conn.cursor() as cur:
            cur.execute("SELECT DISTINCT last_status FROM sources WHERE active")
            assert cur.fetchall() == [("not_modified",)]
