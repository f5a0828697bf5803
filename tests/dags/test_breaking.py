"""The breaking-news path: `marsad submit` -> inbox -> InboxTrigger fires -> marsad_breaking
DAG (fetch, articles asset) -> marsad_process DAG (dedup, claims, events, inbox rows done).

No scheduled run is involved: the trigger's run() is driven directly against the
database, then the DAGs are run with dag.test() in the order the assets schedule them;
claims must appear for the submitted URL.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

import pytest

from marsad.pipeline.breaking import submit_urls
from marsad.store import db, inbox
from marsad_dev.samples import SampleServer

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "dags"))


@pytest.fixture
def samples():
    """The sample pages on an ephemeral port (other test runs may serve samples too)."""
    with SampleServer() as server:
        yield server.origin


def test_submit_keeps_one_open_row_per_url_and_refuses_non_http(conn) -> None:
    first = submit_urls(conn, ["http://example.org/a.html?utm_source=x", "http://example.org/b.html"])
    again = submit_urls(conn, ["http://example.org/a.html", "http://example.org/a.html#top"])
    assert len(first["added"]) == 2 and first["pending"] == []
    assert again == {"added": [], "pending": [first["added"][0]]}
    with pytest.raises(ValueError):
        submit_urls(conn, ["file:///etc/passwd"])
    # Once claimed and finished, the same URL can be submitted again (a story updated in place).
    claimed = inbox.claim(conn)
    assert [c.id for c in claimed] == first["added"]
    assert inbox.claim(conn) == []  # nothing left to claim; the lease is not over
    inbox.record_outcomes(conn, [inbox.Outcome(claimed[0].id, "failed", "gone")])
    assert submit_urls(conn, ["http://example.org/a.html"])["added"] != []


async def _quiet_for(step: asyncio.Future, seconds: float) -> bool:
    """True when the trigger has not fired within ``seconds`` (without cancelling it)."""
    done, _ = await asyncio.wait({step}, timeout=seconds)
    return not done


def test_trigger_fires_once_per_new_submission(seeded_db: str) -> None:
    from marsad_airflow.triggers import InboxTrigger

    trigger = InboxTrigger(poll_interval=0.2)
    classpath, kwargs = trigger.serialize()
    assert classpath == "marsad_airflow.triggers.InboxTrigger"
    assert InboxTrigger(**kwargs).serialize() == (classpath, kwargs)

    async def scenario() -> list:
        gen = trigger.run()
        step = asyncio.ensure_future(gen.__anext__())
        assert await _quiet_for(step, 1.0), "fired with an empty inbox"
        with db.connection(seeded_db) as conn:
            ids = submit_urls(conn, ["http://example.org/breaking-1.html"])["added"]
        first = await asyncio.wait_for(step, 10)
        step = asyncio.ensure_future(gen.__anext__())
        assert await _quiet_for(step, 1.0), "the same row fired twice"
        with db.connection(seeded_db) as conn:
            more = submit_urls(conn, ["http://example.org/breaking-2.html", "http://example.org/breaking-3.html"])
        second = await asyncio.wait_for(step, 10)
        await gen.aclose()
        return [ids, first.payload, more["added"], second.payload]

    ids, first, more, second = asyncio.run(scenario())
    assert first == {"inbox_ids": ids, "urls": ["http://example.org/breaking-1.html"]}
    assert second["inbox_ids"] == more and len(more) == 2


def _claims_of(conn, canonical_url: str) -> list[tuple]:
    with conn.cursor() as cur:
        cur.execute(
            "SELECT c.event_type, c.mediator, c.location_country, c.evidence_text FROM claims c"
            " JOIN articles a ON a.id = c.article_id WHERE a.canonical_url = %s ORDER BY c.ordinal",
            (canonical_url,),
        )
        rows = cur.fetchall()
    conn.commit()
    return rows


def test_breaking_dag_fetches_the_submitted_urls_and_the_process_dag_finishes_them(
    seeded_db: str, samples: str
) -> None:
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(ROOT / "dags"))
    assert "marsad_breaking" in bag.dag_ids, bag.import_errors
    dag, process = bag.get_dag("marsad_breaking"), bag.get_dag("marsad_process")
    for t in [*dag.tasks, *process.tasks]:
        t.retries = 0  # fail at once here instead of after the production retry delays
    watchers = [w for asset in dag.timetable.asset_condition.objects for w in asset.watchers]
    assert [type(w.trigger).__name__ for w in watchers] == ["InboxTrigger"]
    # The fetch emits the articles asset, which is what schedules marsad_process.
    emitted = [a.uri for a in dag.get_task("fetch_submitted").outlets]
    assert emitted == ["marsad://news/articles"]
    assert [a.uri for a in process.timetable.asset_condition.objects] == emitted

    good = f"{samples}/pages/seed-muscat-talks.html?utm_source=breaking"
    missing = f"{samples}/pages/no-such-page.html"
    with db.connection(seeded_db) as conn:
        ids = submit_urls(conn, [good, missing])["added"]
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM articles")
            assert cur.fetchone() == (0,)
        conn.commit()

    run = dag.test()
    assert str(run.state) == "success"
    with db.connection(seeded_db) as conn:
        fetched = {r.url: r.status for r in inbox.rows(conn, ids)}
    assert fetched == {good: "fetched", missing: "failed"}  # stored, not processed yet

    assert str(process.test().state) == "success"
    with db.connection(seeded_db) as conn:
        rows = {r.url: r for r in inbox.rows(conn, ids)}
        assert rows[good].status == "done" and rows[good].article_id is not None
        assert rows[missing].status == "failed" and "404" in (rows[missing].error or "")
        with conn.cursor() as cur:
            cur.execute("SELECT canonical_url, text_origin, processed_version IS NOT NULL FROM articles")
            articles = cur.fetchall()
        conn.commit()
        # Only the submitted page was fetched (no feed was read), and it is processed.
        assert articles == [(rows[good].canonical_url, "page", True)]
        assert "utm_source" not in rows[good].canonical_url
        claims = _claims_of(conn, rows[good].canonical_url)
    consult = [c for c in claims if c[0] == "CONSULT"]
    assert consult and consult[0][1] == "OMN" and consult[0][2] == "OMN"

    # A second run with an empty inbox changes nothing (its fetch task is skipped).
    second = dag.test()
    assert str(second.state) == "success"
    assert [str(ti.state) for ti in second.get_task_instances()] == ["skipped"]
    with db.connection(seeded_db) as conn:
        assert _claims_of(conn, rows[good].canonical_url) == claims
        assert [r.status for r in inbox.rows(conn, ids)] == ["done", "failed"]


def test_breaking_run_fails_when_every_submitted_url_failed(seeded_db: str, samples: str) -> None:
    """A URL answering 404 is recorded in the inbox and the run is failed, not green."""
    from airflow.dag_processing.dagbag import DagBag

    dag = DagBag(dag_folder=str(ROOT / "dags")).get_dag("marsad_breaking")
    fetch_task = dag.get_task("fetch_submitted")
    assert fetch_task.retries > 0  # the production setting: the failure must not wait for retries
    missing = f"{samples}/pages/no-such-page.html"
    with db.connection(seeded_db) as conn:
        ids = submit_urls(conn, [missing])["added"]

    run = dag.test()
    assert str(run.state) == "failed"
    states = {ti.task_id: str(ti.state) for ti in run.get_task_instances()}
    assert states == {"fetch_submitted": "failed"}  # so no articles asset event
    with db.connection(seeded_db) as conn:
        (row,) = inbox.rows(conn, ids)
    assert row.status == "failed" and "404" in (row.error or "")


def test_submit_command_queues_and_can_process_now(seeded_db: str, samples: str, capsys) -> None:
    from marsad.cli import submit_cmd

    parser = argparse.ArgumentParser()
    submit_cmd.add_parser(parser.add_subparsers())
    url = f"{samples}/pages/oman-iran-call.html"
    args = parser.parse_args(["submit", url, "--database-url", seeded_db])
    assert args.run(args) == 0
    queued = json.loads(capsys.readouterr().out)
    assert len(queued["added"]) == 1
    bad = parser.parse_args(["submit", "ftp://example.org/x", "--database-url", seeded_db])
    assert bad.run(bad) == 2

    now = parser.parse_args(["submit", url, "--now", "--database-url", seeded_db])
    assert now.run(now) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["pending"] == queued["added"] and out["run"]["done"] == 1
    with db.connection(seeded_db) as conn:
        (row,) = inbox.rows(conn)
        assert row.status == "done"
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM claims WHERE article_id = %s", (row.article_id,))
            assert cur.fetchone()[0] >= 1


def test_submitted_page_with_an_absurd_date_is_stored_without_one(conn, monkeypatch: pytest.MonkeyPatch) -> None:
    """A template default (year 2100) is no publication date: the breaking path applies the
    same plausibility rule as the nightly fetcher."""
    from marsad.fetch import HttpClient
    from marsad.pipeline.breaking import fetch_submitted
    from support.fetch_server import Reply, serve

    monkeypatch.setenv("MARSAD_ALLOW_PRIVATE_HOSTS", "1")
    page = (
        '<html lang="ar"><head><meta charset="utf-8"><title>خبر</title>'
        '<meta property="article:published_time" content="2100-01-01T00:00:00Z"></head><body><article>'
        "<p>عقد وزيرا خارجية مصر والأردن اجتماعا في القاهرة أمس لبحث الأوضاع في المنطقة والتطورات الأخيرة.</p>"
        "<p>وأكد الجانبان أهمية التنسيق المستمر بين البلدين في مختلف القضايا الإقليمية والدولية.</p>"
        "</article></body></html>"
    ).encode()
    with serve() as server:
        server.routes["/news/1"] = [Reply(200, page, {"Content-Type": "text/html; charset=utf-8"})]
        submit_urls(conn, [server.url("/news/1")])
        with HttpClient() as client:
            result = fetch_submitted(conn, client)
    assert result.fetched == 1 and result.ids, result
    with conn.cursor() as cur:
        cur.execute("SELECT published_at, length(text) > 0 FROM articles")
        assert cur.fetchall() == [(None, True)]
