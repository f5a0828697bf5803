"""Faults in the middle of a load: SIGKILL of the process, the server dropping the
connection (pg_terminate_backend), two runs of one source at once.

Each fault leaves whole batches only; a retry completes the run, and the content
fingerprint then equals that of one clean run in another database (nothing lost,
nothing doubled).
"""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import threading
import time
import uuid
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg2
import pytest

from marsad.fetch import HttpClient
from marsad.model import IngestResult
from marsad.pipeline.files import load_records
from marsad.pipeline.ingest import ingest_source
from marsad.pipeline.run import process_pending
from marsad.pipeline.settings import PipelineSettings
from marsad.pipeline.setup import prepare_database
from marsad.pipeline.transaction import transaction
from marsad.store import db
from marsad.store.sources import upsert_sources
from support import reliability_tally as tally
from support.fetch_server import Reply, fast_settings, serve
from support.hostile_inputs import (
    batch_integrity,
    compare,
    content,
    subprocess_env,
    synthetic_articles,
    watcher,
    write_jsonl,
)

pytestmark = pytest.mark.reliability

LOAD_N = 8000  # four batches of `marsad load` (2000 each)
PROC_N = 800  # two claims batches (500 + 300)
# Small transactions, so each stage is still running after its first commit (the moment
# the connection-drop test injects its fault) however fast this machine is. Stories depend
# on the dedup batch (see docs/dedup.md), so that test compares with a clean run of the same.
SMALL_TRANSACTIONS = PipelineSettings(dedup_batch=400, claims_batch=50, events_batch=10)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("reliability")
    return {
        "load": write_jsonl(folder / "load.jsonl", synthetic_articles(LOAD_N)),
        "proc": write_jsonl(folder / "proc.jsonl", synthetic_articles(PROC_N)),
    }


@pytest.fixture(scope="module")
def clean(server_url: str, template_db: str, corpus: dict[str, Path]) -> Iterator[dict]:
    """Fingerprints of one clean, uninterrupted run of each corpus, in its own database."""
    from marsad.pipeline.files import read_jsonl

    name = f"marsad_rel_clean_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(db.with_connect_timeout(db.with_database(server_url, "postgres")))
    admin.autocommit = True
    try:
        out = {}
        for key in ("load", "proc"):
            with admin.cursor() as cur:
                cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                cur.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template_db}"')
            url = db.with_database(server_url, name)
            with db.connection(url) as conn:
                load_records(conn, read_jsonl(corpus[key]))
            if key == "proc":
                process_pending(url)
            with db.connection(url) as conn:
                out[key] = content(conn)
            if key == "proc":  # and with the small transactions of the connection-drop test
                with admin.cursor() as cur:
                    cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                    cur.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template_db}"')
                with db.connection(url) as conn:
                    load_records(conn, read_jsonl(corpus[key]))
                process_pending(url, settings=SMALL_TRANSACTIONS)
                with db.connection(url) as conn:
                    out["proc_small"] = content(conn)
        yield out
    finally:
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _scalar(watch, sql: str) -> int:
    with watch.cursor() as cur:
        cur.execute(sql)
        return cur.fetchone()[0]


def _marsad_backends(watch, url: str) -> list[tuple[int, str]]:
    with watch.cursor() as cur:
        cur.execute(
            "SELECT pid, state FROM pg_stat_activity WHERE application_name = 'marsad' AND datname = %s",
            (db.database_name(url),),
        )
        return cur.fetchall()


def _wait_gone(watch, url: str, timeout: float = 10.0) -> None:
    """After a client is killed its backend rolls back and exits; wait for that."""
    deadline = time.monotonic() + timeout
    while _marsad_backends(watch, url):
        assert time.monotonic() < deadline, "backend of the killed client never went away"
        time.sleep(0.02)


def _wait_for(condition: Callable[[], bool], alive: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert alive(), "the run finished before the fault could be injected"
        assert time.monotonic() < deadline, "condition never reached"
        time.sleep(0.005)


def _check_same_as_clean(conn, reference: dict, tables: tuple[str, ...] | None = None) -> None:
    got = content(conn, tables)
    want = {t: reference[t] for t in got}
    lost, extra = compare(want, got)
    tally.rows(lost, extra)
    detail = {t: compare({t: want[t]}, {t: got[t]}) for t in got if compare({t: want[t]}, {t: got[t]}) != (0, 0)}
    assert (lost, extra) == (0, 0), f"{lost} rows lost, {extra} rows extra against a clean run: {detail}"


def _library_call(call: str) -> list[str]:
    """What `marsad load` / `marsad process` run, in a child process of its own (the CLI
    itself imports every subcommand, which costs seconds on a busy machine)."""
    script = (
        "import os; from pathlib import Path; from marsad.store import db; "
        "from marsad.pipeline.files import load_records, read_jsonl; "
        "from marsad.pipeline.run import process_pending; url = os.environ['DATABASE_URL']; "
        f"conn = db.connect(url); {call}"
    )
    return [sys.executable, "-c", script]


def test_sigkill_mid_load_leaves_whole_batches_and_retry_matches_clean(
    db_url: str, corpus: dict[str, Path], clean: dict
) -> None:
    from marsad.pipeline.files import read_jsonl

    watch = watcher(db_url)
    cmd = _library_call(f"load_records(conn, read_jsonl(Path({str(corpus['load'])!r})))")
    proc = subprocess.Popen(cmd, env=subprocess_env(db_url), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        _wait_for(lambda: _scalar(watch, "SELECT count(*) FROM articles") > 0, lambda: proc.poll() is None)
        proc.send_signal(signal.SIGKILL)
        tally.fault()
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    _wait_gone(watch, db_url)
    stored = _scalar(watch, "SELECT count(*) FROM articles")
    assert 0 < stored < LOAD_N, "the kill did not land mid-load"
    assert stored % 2000 == 0, f"{stored} articles: a partial batch was committed"

    with db.connection(db_url) as conn:  # the retry
        load_records(conn, read_jsonl(corpus["load"]))
        _check_same_as_clean(conn, clean["load"], ("articles",))
    watch.close()


def test_sigkill_mid_process_leaves_whole_claim_batches_and_retry_matches_clean(
    db_url: str, corpus: dict[str, Path], clean: dict
) -> None:
    from marsad.pipeline.files import read_jsonl

    with db.connection(db_url) as conn:
        load_records(conn, read_jsonl(corpus["proc"]))
    watch = watcher(db_url)
    cmd = _library_call("process_pending(url)")
    proc = subprocess.Popen(cmd, env=subprocess_env(db_url), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        processed = "SELECT count(*) FROM articles WHERE processed_version IS NOT NULL"
        _wait_for(lambda: _scalar(watch, processed) > 0, lambda: proc.poll() is None)
        proc.send_signal(signal.SIGKILL)
        tally.fault()
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    _wait_gone(watch, db_url)
    done = _scalar(watch, processed)
    assert 0 < done < PROC_N and done % 500 == 0, f"{done} articles processed: not whole batches"
    with db.connection(db_url) as conn:
        assert batch_integrity(conn) == []
    # A retry (what Airflow does) completes the run; the result equals one clean run.
    process_pending(db_url)
    with db.connection(db_url) as conn:
        assert batch_integrity(conn) == []
        _check_same_as_clean(conn, clean["proc"])
    watch.close()


def _run_in_thread(target: Callable[[], object]) -> tuple[threading.Thread, list[BaseException]]:
    errors: list[BaseException] = []

    def run() -> None:
        try:
            target()
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, errors


def _terminate_when(watch, url: str, condition: Callable[[], bool], target: Callable[[], object]) -> BaseException:
    """Run ``target``; once ``condition`` holds, terminate its backend; return the error it raised."""
    thread, errors = _run_in_thread(target)
    _wait_for(condition, thread.is_alive)
    # Each pipeline step opens its own connection: between two steps there may be none yet.
    deadline = time.monotonic() + 10
    while not (pids := [pid for pid, _ in _marsad_backends(watch, url)]) and thread.is_alive() \
            and time.monotonic() < deadline:
        time.sleep(0.005)
    assert pids, "no marsad connection to terminate"
    with watch.cursor() as cur:
        for pid in pids:
            cur.execute("SELECT pg_terminate_backend(%s)", (pid,))
    tally.fault()
    thread.join(30)
    assert not thread.is_alive(), "the run hangs after losing its connection"
    assert errors, "the run did not notice it lost its connection"
    return errors[0]


def test_connection_dropped_mid_load_and_mid_process_fails_cleanly_and_retry_matches_clean(
    db_url: str, corpus: dict[str, Path], clean: dict, caplog: pytest.LogCaptureFixture,
) -> None:
    from marsad.pipeline.files import read_jsonl

    small = SMALL_TRANSACTIONS

    watch = watcher(db_url)

    def load() -> None:
        with db.connection(db_url) as conn:
            load_records(conn, read_jsonl(corpus["proc"]), batch=200)

    error = _terminate_when(watch, db_url, lambda: _scalar(watch, "SELECT count(*) FROM articles") > 0, load)
    assert isinstance(error, (psycopg2.OperationalError, psycopg2.InterfaceError)), repr(error)
    _wait_gone(watch, db_url)
    assert _scalar(watch, "SELECT count(*) FROM articles") % 200 == 0
    load()  # the retry

    # Then the process step, dropped once in each of its three stages.
    stages = {
        "dedup": "SELECT count(*) FROM article_dedup",
        "claims": "SELECT count(*) FROM articles WHERE processed_version IS NOT NULL",
        "events": "SELECT count(*) FROM event_claims",
    }
    for stage, sql in stages.items():
        error = _terminate_when(watch, db_url, lambda sql=sql: _scalar(watch, sql) > 0,
                                lambda: process_pending(db_url, settings=small))
        assert isinstance(error, (psycopg2.OperationalError, psycopg2.InterfaceError)), (stage, repr(error))
        _wait_gone(watch, db_url)
        with db.connection(db_url) as conn:
            assert batch_integrity(conn) == [], stage
    process_pending(db_url, settings=small)  # the retry that completes the night
    with db.connection(db_url) as conn:
        assert batch_integrity(conn) == []
        _check_same_as_clean(conn, clean["proc_small"])
    watch.close()


def test_second_run_of_a_source_skips_while_the_lock_is_held(
    db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    from support.hostile_inputs import GOOD_PARAGRAPHS, page

    prepare_database(db_url)
    with serve() as server:
        server.routes["/feed"] = [Reply(200, (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
            '<item><title>خبر</title><link>/a</link></item></channel></rss>').encode(),
            {"Content-Type": "application/rss+xml"}, delay=0.3)]
        server.routes["/a"] = [Reply(200, page("خبر", GOOD_PARAGRAPHS), {"Content-Type": "text/html"})]
        with db.connection(db_url) as conn, transaction(conn):
            upsert_sources(conn, [{"key": "locked-src", "name": "Locked", "feed_url": server.url("/feed"),
                                   "homepage": None, "country": None, "active": True}])
        # Another connection holds the source's lock, as a concurrent run would.
        holder = watcher(db_url)
        key = zlib.crc32(b"locked-src") & 0x7FFFFFFF
        with holder.cursor() as cur:
            cur.execute("SELECT pg_advisory_lock(%s, %s)", (0x6D61, key))
        tally.fault()
        caplog.set_level(logging.WARNING, logger="marsad")
        with db.connection(db_url) as conn, HttpClient(fast_settings()) as client:
            skipped = ingest_source(conn, "locked-src", client)
        assert skipped.as_dict() == {"source": "locked-src", "status": "locked", "new": 0}
        assert any("locked-src" in r.getMessage() and "skipped" in r.getMessage() for r in caplog.records)
        assert server.hits("/feed") == []  # it did not even fetch
        with holder.cursor() as cur:
            cur.execute("SELECT pg_advisory_unlock(%s, %s)", (0x6D61, key))
        holder.close()

        # Two real runs at once: one ingests, the other skips; one article either way.
        results: list[IngestResult] = []

        def run() -> None:
            with db.connection(db_url) as conn, HttpClient(fast_settings(read_timeout=5.0)) as client:
                results.append(ingest_source(conn, "locked-src", client, run_id=uuid.uuid4().hex))

        threads = [threading.Thread(target=run) for _ in range(2)]
        for t in threads:
            t.start()
            time.sleep(0.1)
        for t in threads:
            t.join(30)
        tally.fault()
    assert sorted(r.status for r in results) == ["locked", "ok"]
    with db.connection(db_url) as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM articles")
        assert cur.fetchone()[0] == 1
