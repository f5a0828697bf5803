"""What the Airflow path costs: marsad_process run with ``dag.test()`` against the library calls.

Three scratch databases get the same bench articles. One is processed by the library calls
the DAG's tasks make, with their arguments, one after the other (dedup, then each chunk of
``plan_chunks``, then events); one by ``dag.test()`` of marsad_process, whose tasks reach
their database through the Connection ``marsad_db``; one by ``process_pending`` (the same
task functions in a loop, each over its own connection and with its stage record), which
is what ``end_to_end`` times. The sequential
library path is the fair baseline, since ``dag.test()`` runs mapped tasks one after the
other. Equal row counts afterwards show the three did the same work.

``seconds`` is wall time, ``cpu_s`` the Python CPU of the process and its workers (not
PostgreSQL's), ``step_s`` the time inside the library calls and ``outside_steps_s`` the rest
(imports and ``plan_chunks`` in both paths; Airflow's own work in ``dag_test``). Most of
Airflow's share is paid once per process (its in-process Execution API is built on the
first ``dag.test()``), so ``dag_test`` also reports a second run, in the same process, over
a fourth copy of the articles; its library calls find the marsad modules imported already.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

from bench.run_bench import ROOT, cpu_seconds, drop_db, in_child, read_articles, scratch_db

DAG_ID = "marsad_process"
TABLES = ("articles", "article_dedup", "claims", "events")
PATHS = ("sequential", "dag_test", "dag_test_again", "process_pending")


def row_counts(url: str) -> dict[str, int]:
    """Rows of the tables the three paths write, to show they did the same work."""
    from marsad.store import db

    with db.connection(url) as conn, conn.cursor() as cur:
        counts = {}
        for table in TABLES:
            cur.execute(f"SELECT count(*) FROM {table}")
            counts[table] = cur.fetchone()[0]
        conn.commit()
    return counts


def loaded_dbs(n: int) -> dict[str, Any]:
    """One scratch database per path, each holding the same first ``n`` bench articles."""
    from marsad.pipeline.files import load_records
    from marsad.store import db

    arts = read_articles(n)
    urls: dict[str, str] = {}
    try:
        for path in PATHS:
            urls[path] = scratch_db()
            with db.connection(urls[path]) as conn:
                loaded = load_records(conn, arts)
    except BaseException:
        for url in urls.values():
            drop_db(url)
        raise
    return {"urls": urls, "loaded": loaded}


def library_sequential(url: str) -> dict[str, Any]:
    """The calls the DAG's tasks make, with the same arguments, in their order, over one
    connection: dedup's per-text work in worker processes, as in the DAG's dedup task."""
    t0, c0 = time.perf_counter(), cpu_seconds()
    from marsad.pipeline.claims_step import extract_range, plan_chunks
    from marsad.pipeline.dedup_step import dedup_articles
    from marsad.pipeline.events_step import merge_events
    from marsad.pipeline.settings import PipelineSettings
    from marsad.store import db

    settings = PipelineSettings.from_env()
    steps: dict[str, float] = {}
    with db.connection(url) as conn:
        t = time.perf_counter()
        dedup_articles(conn, settings=settings)
        steps["dedup"] = time.perf_counter() - t
        chunks = plan_chunks(conn, settings)
        t = time.perf_counter()
        for lo, hi in chunks:
            extract_range(conn, lo, hi, settings)
        steps["extract"] = time.perf_counter() - t
        t = time.perf_counter()
        merge_events(conn, settings=settings)
        steps["events"] = time.perf_counter() - t
    sec, c1 = time.perf_counter() - t0, cpu_seconds()
    return {"seconds": round(sec, 2), "cpu_s": round(sum(c1) - sum(c0), 2), "chunks": len(chunks),
            "step_s": {k: round(v, 2) for k, v in steps.items()},
            "outside_steps_s": round(sec - sum(steps.values()), 2)}


def library_parallel(url: str) -> dict[str, Any]:
    """``process_pending``: the loop over the DAG tasks' functions (own connections, stage records)."""
    t0 = time.perf_counter()
    from marsad.pipeline.run import process_pending

    process_pending(url)
    return {"seconds": round(time.perf_counter() - t0, 2)}


def _airflow_env() -> None:
    """Point Airflow at its metadata database (``make setup``'s, unless the environment names
    one) and at the DAGs. Airflow reads its configuration once, at import, so this must run
    before anything imports it."""
    if "airflow" in sys.modules:
        raise RuntimeError("airflow was imported before its environment was set")
    if "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN" not in os.environ:
        sys.path.insert(0, str(ROOT / "plugins"))  # marsad_dev: the checkout's dev tooling, not installed
        from marsad.store import db
        from marsad_dev.airflow_env import exports

        found = exports(db.server_url(), ROOT / ".airflow")
        for key in ("AIRFLOW_HOME", "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"):
            os.environ[key] = found[key]
    # What the Makefile exports to every target; set here for a direct run.
    os.environ.setdefault("AIRFLOW__CORE__DAGS_FOLDER", str(ROOT / "dags"))
    os.environ.setdefault("AIRFLOW__CORE__PLUGINS_FOLDER", str(ROOT / "plugins"))
    os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
    os.environ.setdefault("AIRFLOW__LOGGING__LOGGING_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT / "dags"))


def step_seconds(url: str) -> dict[str, float]:
    """Seconds the DAG's tasks spent in their library call, by step, as ``record_stage`` kept them."""
    from marsad.store import db

    with db.connection(url) as conn, conn.cursor() as cur:
        cur.execute("SELECT split_part(stage, ':', 1), sum((counts->>'seconds')::float) FROM pipeline_runs"
                    " WHERE dag_id = %s GROUP BY 1", (DAG_ID,))
        steps = {stage: round(sec, 2) for stage, sec in cur.fetchall()}
        conn.commit()
    return steps


def _timed_run(dag: Any, url: str) -> dict[str, Any]:
    """One ``dag.test()`` with the Connection ``marsad_db`` pointing at ``url``."""
    os.environ["AIRFLOW_CONN_MARSAD_DB"] = url
    t0, c0 = time.perf_counter(), cpu_seconds()
    run = dag.test()
    sec, c1 = time.perf_counter() - t0, cpu_seconds()
    tis = run.get_task_instances()
    steps = step_seconds(url)
    return {
        "seconds": round(sec, 2),
        "cpu_s": round(sum(c1) - sum(c0), 2),
        "step_s": steps,
        "outside_steps_s": round(sec - sum(steps.values()), 2),
        "state": str(run.state),
        "mapped_extract_tasks": sum(1 for ti in tis if ti.task_id == "extract" and ti.map_index >= 0),
        "task_states": sorted({str(ti.state) for ti in tis}),
        # a retried task waits out retry_delay inside dag.test(): the time is then no figure
        "max_try_number": max(ti.try_number for ti in tis),
    }


def dag_test(url: str, again_url: str) -> dict[str, Any]:
    """marsad_process through ``dag.test()`` on ``url``, Airflow's import and the DAG's parse
    timed apart; then once more in the same process on ``again_url``, where Airflow's
    one-off start-up costs (the in-process Execution API above all) are paid already."""
    _airflow_env()
    t0, c0 = time.perf_counter(), cpu_seconds()
    from airflow.dag_processing.dagbag import DagBag

    t1 = time.perf_counter()
    bag = DagBag(dag_folder=str(ROOT / "dags" / f"{DAG_ID}.py"))
    if bag.import_errors:
        raise RuntimeError(f"DAG import errors: {bag.import_errors}")
    dag = bag.get_dag(DAG_ID)
    t2, c2 = time.perf_counter(), cpu_seconds()
    first = _timed_run(dag, url)
    return {
        **first,
        "import_airflow_s": round(t1 - t0, 2),
        "parse_dag_s": round(t2 - t1, 2),
        "cpu_import_and_parse_s": round(c2[0] - c0[0], 2),
        "again_in_same_process": _timed_run(dag, again_url),
    }


def airflow_path(n: int) -> dict[str, Any]:
    """The three paths over copies of the same ``n`` articles, each in a fresh child process."""
    prepared = in_child(loaded_dbs, n)
    if "error" in prepared:
        return prepared
    urls = prepared["urls"]
    try:
        seq = in_child(library_sequential, urls["sequential"])
        dag = in_child(dag_test, urls["dag_test"], urls["dag_test_again"])
        par = in_child(library_parallel, urls["process_pending"])
        rows = {path: row_counts(url) for path, url in urls.items()}
    finally:
        for url in urls.values():
            drop_db(url)
    result: dict[str, Any] = {"articles": n, "loaded": prepared["loaded"], "library_sequential": seq,
                              "dag_test": dag, "process_pending": par}
    if all("seconds" in r for r in (seq, dag, par)):
        result["ratio_dag_test_vs_sequential"] = round(dag["seconds"] / seq["seconds"], 2)
        result["ratio_dag_test_vs_process_pending"] = round(dag["seconds"] / par["seconds"], 2)
    result["rows_equal"] = all(counts == rows["sequential"] for counts in rows.values())
    result["rows"] = rows if not result["rows_equal"] else rows["sequential"]
    return result
