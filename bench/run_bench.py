"""`make bench`: throughput, memory and scaling figures on ../shared/bench (62,420 articles).

Each measurement runs in a fresh child process so its peak RSS is its own. Prints a table
and writes every figure to bench-results/bench-<time>.json so runs can be compared.
Benchmarks are not tests: nothing here asserts; the targets are printed beside the figures.
"""

from __future__ import annotations

import gzip
import itertools
import json
import multiprocessing as mp
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "plugins"), str(ROOT)]
DATA = ROOT.parent / "shared" / "bench" / "arabic_news_62k.jsonl.gz"
SIZES = (10_000, 30_000, 62_420)
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))  # medians of the short figures; 1 on a busy machine


def read_articles(limit: int | None = None) -> list[dict[str, Any]]:
    with gzip.open(DATA, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in itertools.islice(fh, limit)]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> tuple[float, float]:
    """CPU time (user + system) of this process and of its finished child processes: on a
    machine shared with other work, wall time alone says little."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


def _child(func: Callable[..., dict[str, Any]], args: tuple[Any, ...], queue: Any) -> None:
    try:
        result = func(*args)
        result["peak_rss_mb"] = round(peak_rss_mb(), 1)
        workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        if workers:
            result["workers_peak_rss_mb"] = round(workers, 1)  # the largest worker process
        queue.put(result)
    except BaseException as exc:  # reported, not raised: one failing figure keeps the others
        queue.put({"error": repr(exc)})


def in_child(func: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(func, args, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def scratch_db() -> str:
    from marsad.pipeline.setup import prepare_database
    from marsad.store import db

    url = db.with_database(db.server_url(), f"marsad_bench_{uuid.uuid4().hex[:8]}")
    prepare_database(url)
    return url


def drop_db(url: str) -> None:
    from marsad.store import db

    admin = db.connect(db.with_database(url, "postgres"))
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{db.database_name(url)}" WITH (FORCE)')
    admin.close()


# --- stages -----------------------------------------------------------------------------

def stage_normalize(n: int) -> dict[str, Any]:
    from marsad.text.normalize import fold

    texts = [a.get("text") or "" for a in read_articles(n)]
    times = []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        for t in texts:
            fold(t)
        times.append(time.perf_counter() - t0)
    sec = statistics.median(times)
    return {"articles": n, "seconds": round(sec, 3), "per_s": round(n / sec)}


def stage_extract(n: int) -> dict[str, Any]:
    from marsad.claims import extract_claims

    arts = read_articles(n)
    extract_claims(arts[0])  # gazetteer build is a one-off, not throughput
    t0, c0 = time.perf_counter(), time.process_time()
    claims = sum(len(extract_claims(a)) for a in arts)
    sec, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"articles": n, "claims": claims, "seconds": round(sec, 2), "per_s": round(n / sec),
            "cpu_s": round(cpu, 2), "per_cpu_s": round(n / cpu)}


def stage_dedup(n: int) -> dict[str, Any]:
    from bench.dedup_bench import ours_in_memory

    return ours_in_memory(DATA, n)


def stage_dedup_baseline(n: int) -> dict[str, Any]:
    from bench.dedup_bench import datasketch_baseline

    return datasketch_baseline(DATA, n)


def stage_load(n: int, method: str) -> dict[str, Any]:
    """Loading articles: the store's batched UPSERT (COPY into staging) vs row-by-row executemany."""
    from marsad.pipeline.files import to_record
    from marsad.pipeline.transaction import transaction
    from marsad.store import db
    from marsad.store.articles import upsert_articles

    records = list({r.canonical_url: r for r in map(to_record, read_articles(n))}.values())
    url = scratch_db()
    try:
        with db.connection(url) as conn:
            t0 = time.perf_counter()
            if method == "copy":
                for i in range(0, len(records), 2000):
                    with transaction(conn):
                        upsert_articles(conn, records[i : i + 2000])
            else:
                with conn, conn.cursor() as cur:
                    cur.executemany(
                        "INSERT INTO articles (canonical_url, ext_id, outlet, url, title, text, published_at)"
                        " VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (canonical_url) DO NOTHING",
                        [(r.canonical_url, r.ext_id, r.outlet, r.url, r.title, r.text, r.published_at) for r in records],
                    )
            sec = time.perf_counter() - t0
    finally:
        drop_db(url)
    return {"method": method, "articles": len(records), "seconds": round(sec, 2), "per_s": round(len(records) / sec)}


def end_to_end(n: int) -> dict[str, Any]:
    """What the DAG tasks call: load, then dedup, claims over chunks, events, into Postgres."""
    from marsad.pipeline.files import load_records
    from marsad.pipeline.run import process_pending
    from marsad.store import db

    arts = read_articles(n)
    url = scratch_db()
    try:
        t0, c0 = time.perf_counter(), cpu_seconds()
        with db.connection(url) as conn:
            loaded = load_records(conn, arts)
        t1, c1 = time.perf_counter(), cpu_seconds()
        result = process_pending(url)
        t2, c2 = time.perf_counter(), cpu_seconds()
    finally:
        drop_db(url)
    return {
        "articles": n,
        "load_s": round(t1 - t0, 2),
        "process_s": round(t2 - t1, 2),
        "total_s": round(t2 - t0, 2),
        "per_s": round(n / (t2 - t0)),
        # Python CPU only (PostgreSQL's own CPU is not counted): main process, dedup's workers
        "cpu_load_s": round(c1[0] - c0[0], 2),
        "cpu_process_main_s": round(c2[0] - c1[0], 2),
        "cpu_process_workers_s": round(c2[1] - c1[1], 2),
        "loaded": loaded,
        "dedup": result.dedup.as_dict(),
        "claims": result.extract.claims,
        "events": result.events.as_dict(),
    }


def dag_parse_times() -> dict[str, float]:
    """Each DAG file imported in a fresh interpreter (what the dag-processor pays)."""
    out = {}
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'plugins'}:{ROOT / 'dags'}"}
    for path in sorted((ROOT / "dags").glob("marsad_*.py")):
        code = (
            "import time, importlib; t = time.perf_counter(); import airflow.sdk; t1 = time.perf_counter();"
            f"importlib.import_module({path.stem!r}); print(time.perf_counter() - t1, t1 - t)"
        )
        runs = []
        for _ in range(REPEATS):
            res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
            runs.append(float(res.stdout.split()[0]))
        out[path.name] = round(statistics.median(runs), 3)
    return out


def machine() -> dict[str, Any]:
    from marsad.store import db

    with db.connection(db.server_url()) as conn, conn.cursor() as cur:
        cur.execute("SHOW server_version")
        pg = cur.fetchone()[0]
    return {"cores": os.cpu_count(), "python": platform.python_version(), "postgres": pg,
            "platform": platform.platform()}


def main() -> int:
    if not DATA.exists():
        print(f"skipped: {DATA} is absent")
        return 0
    figures: dict[str, Any] = {"machine": machine(), "when": datetime.now(timezone.utc).isoformat()}
    print(f"machine: {figures['machine']}")

    def show(name: str, result: dict[str, Any]) -> None:
        figures[name] = result
        print(f"{name:32s} {json.dumps(result, ensure_ascii=False, default=str)}", flush=True)

    show("normalize_62k", in_child(stage_normalize, SIZES[-1]))
    show("extract_62k (target >= 500/s)", in_child(stage_extract, SIZES[-1]))
    for n in SIZES:
        show(f"dedup_ours_{n}", in_child(stage_dedup, n))
        show(f"dedup_datasketch_lsh_{n}", in_child(stage_dedup_baseline, n))
    show("load_copy_upsert_10k", in_child(stage_load, 10_000, "copy"))
    show("load_executemany_10k", in_child(stage_load, 10_000, "executemany"))
    for n in SIZES:
        show(f"end_to_end_{n} (target >= 1000/s)", in_child(end_to_end, n))
    from bench.airflow_bench import airflow_path

    show("airflow_path_10k (target <= 1.5x)", airflow_path(10_000))
    show("dag_parse_seconds (target < 1 s)", dag_parse_times())
    try:
        from bench import fetch_bench

        show("fetch_local_20_hosts", in_child(fetch_bench.throughput))
        show("page_extraction_vs_trafilatura", in_child(fetch_bench.extraction))
    except ImportError as exc:
        print(f"fetch bench skipped: {exc}")
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    path = out / f"bench-{datetime.now(timezone.utc):%Y%m%dT%H%M%S}.json"
    path.write_text(json.dumps(figures, ensure_ascii=False, indent=2, default=str))
    print(f"figures written to {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
