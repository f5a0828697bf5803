"""The docker-compose topology without Docker: CeleryExecutor, Redis, Postgres, two workers.

Starts an api-server (the Task Execution API the workers run tasks through), a
scheduler, a dag-processor and two Celery workers (w1, w2) as
separate processes against a fresh metadata database and a fresh news database, runs
the ingest DAG on the sample feeds (the process DAG follows through the articles asset),
and checks that the mapped tasks ran on both workers and that the rows equal a
single-process run of the same pipeline. With a triggerer too, a URL put in the inbox
starts the breaking-news DAG through its AssetWatcher, with no schedule and no trigger.
Everything started is stopped, even on failure.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from marsad.fetch import canonicalize_url
from marsad.pipeline.breaking import submit_urls
from marsad.pipeline.setup import prepare_database
from marsad.store import db, inbox
from marsad_dev.samples import SampleServer, point_sample_sources
from support.distributed_cluster import ROOT, Cluster, forget_queue, redis_answers
from support.ports import free_port
from support.postgres import scratch_database
from support.service_skips import require

RUN_TIMEOUT = 150.0
HOSTNAME_CALLABLE = "support.distributed_hostname.worker_hostname"
BROKER_DB = 7
DAG_FILES = ("marsad_ingest.py", "marsad_process.py", "marsad_breaking.py")
# Content only: ids, timestamps and fetch headers (Date) differ between any two runs, and
# so do ``url`` and ``final_url`` for a page listed by two feeds: the link of whichever
# source stored it first, a race when sources are ingested in parallel (both must still
# canonicalize to the article's key, checked apart).
ARTICLES_SQL = """
    SELECT a.canonical_url, a.title, a.author, a.published_at, a.http_status,
           a.content_type, md5(a.raw), a.text, a.text_origin, a.text_hash, a.processed_version
    FROM articles a ORDER BY a.canonical_url
"""
CLAIMS_SQL = """
    SELECT a.canonical_url, c.ordinal, c.extractor_version, c.event_type, c.mode, c.modality,
           c.source_actor, c.target_actor, c.mediator, c.location_name, c.location_country,
           c.event_date, c.date_precision, c.attribution, c.topics, c.participants::text,
           c.evidence::text, c.evidence_text, c.confidence, c.record::text,
           array(SELECT ca.actor_code || ':' || ca.role FROM claim_actors ca WHERE ca.claim_id = c.id
                 ORDER BY 1)
    FROM claims c JOIN articles a ON a.id = c.article_id ORDER BY a.canonical_url, c.ordinal
"""


def content(url: str) -> dict[str, list[tuple]]:
    with db.connection(url) as conn, conn.cursor() as cur:
        cur.execute(ARTICLES_SQL)
        articles = cur.fetchall()
        cur.execute(CLAIMS_SQL)
        claims = cur.fetchall()
        cur.execute("SELECT canonical_url, url, final_url FROM articles")
        links = cur.fetchall()
    assert all(canonicalize_url(u) == key == canonicalize_url(f) for key, u, f in links), links
    return {"articles": articles, "claims": claims}


def _celery_executor_importable() -> None:
    """Fail with the cause, not a dead worker: celery 5.7 dropped a name the provider imports."""
    try:
        import airflow.providers.celery.executors.celery_executor  # noqa: F401
    except ImportError as exc:
        from importlib.metadata import version

        pytest.fail(f"the Celery executor cannot import ({exc}); celery {version('celery')} does not fit "
                    f"apache-airflow-providers-celery {version('apache-airflow-providers-celery')}: "
                    "pin celery==5.6.3")


def _dag_runs(meta_url: str) -> list[tuple[str, str, str]]:
    with db.connection(meta_url) as conn, conn.cursor() as cur:
        cur.execute("SELECT dag_id, run_id, state FROM dag_run ORDER BY id")
        return cur.fetchall()


def _wait_for(cluster: Cluster, what: str, check, timeout: float):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        cluster.check_alive()
        value = check()
        if value:
            return value
        time.sleep(1)
    raise TimeoutError(f"timed out waiting for {what}")


@pytest.fixture
def redis_port():
    """Redis on 6379 when it answers; else a private redis-server when one is installed; else skip."""
    if redis_answers():
        yield 6379
        return
    binary = shutil.which("redis-server")
    if binary is None:
        require("redis")
    port = free_port()
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 15
        while not redis_answers(port=port):
            assert proc.poll() is None and time.monotonic() < deadline, "the private redis-server did not start"
            time.sleep(0.1)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def metadata_db(server_url: str):
    with scratch_database(server_url, "airflow_dist") as url:
        yield url


@pytest.fixture
def single_db(server_url: str):
    with scratch_database(server_url, "marsad_single") as url:
        prepare_database(url)
        yield url


def test_celery_workers_run_the_pipeline_like_one_process(db_url: str, metadata_db: str, single_db: str,
                                                          redis_port: int, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    _celery_executor_importable()
    monkeypatch.setenv("MARSAD_ALLOW_PRIVATE_HOSTS", "1")  # the single-process run fetches the samples too
    prepare_database(db_url)
    api_port = free_port()
    queue = f"marsad_dist_{uuid.uuid4().hex[:8]}"  # a private queue: concurrent runs never share tasks
    home, logs, empty_plugins, dags = (tmp_path / n for n in ("home", "logs", "plugins", "dags"))
    for folder in (home, logs, empty_plugins, dags):
        folder.mkdir()
    # The DAGs under test (report stays out of the way), unpaused at creation.
    for name in DAG_FILES:
        (dags / name).symlink_to(ROOT / "dags" / name)
    meta_sa = metadata_db.replace("postgresql://", "postgresql+psycopg2://", 1)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")},
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": meta_sa,
        "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
        "AIRFLOW__CELERY__BROKER_URL": f"redis://127.0.0.1:{redis_port}/{BROKER_DB}",
        "AIRFLOW__CELERY__RESULT_BACKEND": "db+" + metadata_db,
        "AIRFLOW__OPERATORS__DEFAULT_QUEUE": queue,
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{api_port}/execution/",
        "AIRFLOW__API_AUTH__JWT_SECRET": secrets.token_urlsafe(32),
        "AIRFLOW__API__SECRET_KEY": secrets.token_urlsafe(32),
        "AIRFLOW__CORE__DAGS_FOLDER": str(dags),
        # The library is on PYTHONPATH; Airflow's plugins folder would import every .py in it.
        "AIRFLOW__CORE__PLUGINS_FOLDER": str(empty_plugins),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
        "AIRFLOW__CORE__PARALLELISM": "8",
        "AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC": "1",
        "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "5",
        "AIRFLOW__LOGGING__LOGGING_LEVEL": "INFO",
        "AIRFLOW_CONN_MARSAD_DB": db_url,
        "DATABASE_URL": db_url,
        "MARSAD_ALLOW_PRIVATE_HOSTS": "1",
        "PYTHONPATH": os.pathsep.join(str(p) for p in (ROOT / "plugins", ROOT / "dags", ROOT / "tests")),
    }
    cluster = Cluster(env, logs)
    timings: dict[str, float] = {}
    samples = SampleServer().__enter__()  # an ephemeral port: concurrent runs never share one
    for url in (db_url, single_db):
        point_sample_sources(url, samples.origin)
    t0 = time.monotonic()
    try:
        cluster.run("db", "migrate", timeout=180)
        timings["migrate"] = time.monotonic() - t0
        cluster.start("pools", "pools", "set", "marsad_http", "4", "concurrent feed and page fetches", one_shot=True)

        cluster.start("api-server", "api-server", "--host", "127.0.0.1", "--port", str(api_port),
                      "--apps", "execution", "--workers", "1")
        cluster.start("scheduler", "scheduler")
        cluster.start("dag-processor", "dag-processor")
        cluster.start("triggerer", "triggerer", "--skip-serve-logs")
        # Concurrency 1 with Airflow's acks_late and prefetch multiplier 1: a busy worker takes
        # no second message, so a run's tasks spread over both workers.
        for name in ("w1", "w2"):
            cluster.start(name, "celery", "worker", "--celery-hostname", f"{name}@%h", "--concurrency", "1",
                          "--queues", queue, "--skip-serve-logs",
                          extra_env={"MARSAD_WORKER_NAME": name, "AIRFLOW__CORE__HOSTNAME_CALLABLE": HOSTNAME_CALLABLE})
        cluster.wait_http(f"http://127.0.0.1:{api_port}/execution/health")

        def parsed() -> bool:
            with db.connection(metadata_db) as conn, conn.cursor() as cur:
                cur.execute("SELECT count(*) FROM serialized_dag WHERE dag_id IN"
                            " ('marsad_ingest', 'marsad_process', 'marsad_breaking')")
                return cur.fetchone()[0] == 3

        _wait_for(cluster, "the dag-processor to serialize the DAGs", parsed, 90)
        cluster.wait_job("pools")
        timings["up"] = time.monotonic() - t0

        # A new unpaused cron DAG (catchup=False) has the scheduler start its latest
        # interval, as on a real deployment; the CLI trigger is the fallback.
        try:
            _wait_for(cluster, "a scheduled ingest run",
                      lambda: any(r[0] == "marsad_ingest" for r in _dag_runs(metadata_db)), 15)
        except TimeoutError:
            cluster.run("dags", "trigger", "marsad_ingest", "--run-id", "dist_ingest")

        def finished() -> list[tuple[str, str, str]] | None:
            runs = _dag_runs(metadata_db)
            failed = [r for r in runs if r[2] == "failed"]
            assert not failed, f"failed runs {failed}\n{cluster.tail('w1')}\n{cluster.tail('w2')}"
            done = {r[0] for r in runs if r[2] == "success"}
            idle = all(r[2] == "success" for r in runs)
            return runs if idle and {"marsad_ingest", "marsad_process"} <= done else None

        runs = _wait_for(cluster, "ingest and the asset-triggered process run", finished, RUN_TIMEOUT)
        timings["pipeline"] = time.monotonic() - t0
        distributed = content(db_url)

        # Breaking news: a submitted URL reaches the triggerer's inbox watcher, whose asset
        # event starts marsad_breaking on the workers; no schedule and no manual trigger.
        with db.connection(db_url) as conn:
            submitted = submit_urls(conn, [f"{samples.origin}/pages/oman-iran-call.html?ref=breaking"])

        def handled() -> list[inbox.InboxRow] | None:
            with db.connection(db_url) as conn:
                rows = inbox.rows(conn, submitted["added"])
            return rows if all(r.status in ("done", "failed") for r in rows) else None

        breaking_rows = _wait_for(cluster, "the inbox watcher to start marsad_breaking", handled, 90)
        timings["breaking"] = time.monotonic() - t0

        from marsad.pipeline.run import run_once

        t1 = time.monotonic()
        single = run_once(single_db)
        timings["single_process"] = time.monotonic() - t1
    finally:
        cluster.stop()
        samples.__exit__(None, None, None)
        forget_queue(BROKER_DB, queue, redis_port)
        timings["total"] = time.monotonic() - t0
        print(f"\ndistributed run timings (s): { {k: round(v, 1) for k, v in timings.items()} }")

    assert [r[0] for r in runs].count("marsad_ingest") == 1, runs
    assert all(s.status == "ok" for s in single.ingest)
    with db.connection(metadata_db) as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT dag_id, task_id, map_index, hostname, state FROM task_instance"
            " WHERE dag_id IN ('marsad_ingest', 'marsad_process') ORDER BY dag_id, task_id, map_index"
        )
        tis = cur.fetchall()
    assert tis and all(state == "success" for *_, state in tis), tis
    assert {host for _, _, _, host, _ in tis} == {"w1", "w2"}, tis
    # Which worker takes which mapped ingest task depends on timing (a worker that finishes
    # first takes the next message), so only the spread of the whole run is asserted above.
    ingest_hosts = [host for dag, task, idx, host, _ in tis if task == "ingest" and idx >= 0]
    assert len(ingest_hosts) == 2 and set(ingest_hosts) <= {"w1", "w2"}, tis

    assert [r.status for r in breaking_rows] == ["done"] and breaking_rows[0].article_id is not None
    with db.connection(metadata_db) as conn, conn.cursor() as cur:
        cur.execute("SELECT run_type, state FROM dag_run WHERE dag_id = 'marsad_breaking'")
        assert cur.fetchall() == [("asset_triggered", "success")]

    single_run = content(single_db)
    assert len(distributed["articles"]) == 6 and distributed["claims"]
    differing = [(x, y) for x, y in zip(distributed["articles"], single_run["articles"], strict=False) if x != y]
    assert distributed == single_run, differing
