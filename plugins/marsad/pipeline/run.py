"""The whole pipeline once, without Airflow: what ``marsad run`` does.

The DAGs call the same functions task by task; this is the library path the benchmarks
time and the quickest way to try the pipeline on a laptop. Here the per-text part of
dedup runs in one pool of worker processes ahead of the sequential decisions, and claims
extraction (which does not depend on stories) in another, a chunk as soon as dedup has
committed every article of it. Extraction workers run at a lower priority: dedup is the
critical path and extraction only has to catch up by the end. In the DAG, Airflow's
mapped tasks are the parallelism instead.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Sequence
from concurrent.futures import Future
from typing import Any

from marsad.claims import warm_up
from marsad.fetch import HttpClient
from marsad.pipeline.cpu import default_workers, usable_workers, worker_pool
from marsad.pipeline.dedup_step import dedup_articles
from marsad.pipeline.events_step import merge_events
from marsad.pipeline.ingest import ingest_source
from marsad.pipeline.process import extract_range, plan_chunks
from marsad.store import db
from marsad.store.sources import active_source_keys

log = logging.getLogger(__name__)


def _add(totals: dict[str, int], counts: dict[str, int]) -> None:
    for key, value in counts.items():
        totals[key] = totals.get(key, 0) + value


EXTRACTION_NICENESS = 5  # below the dedup front, which everything else waits for


def _lower_priority() -> None:
    os.nice(EXTRACTION_NICENESS)


def _extract_chunk(url: str, first_id: int, last_id: int) -> dict[str, int]:
    """One chunk in a worker process, over its own connection."""
    with db.connection(url) as conn:
        return extract_range(conn, first_id, last_id)


def _extract_behind_dedup(url: str, conn: Any, chunks: Sequence[Sequence[int]], workers: int) -> tuple[dict, dict]:
    """Dedup decisions in this process, its per-text work in one pool; each claims chunk
    goes to the other pool once dedup passed its last id."""
    totals: dict[str, int] = {}
    waiting = sorted((lo, hi) for lo, hi in chunks)
    futures: list[Future[dict[str, int]]] = []
    warm_up()  # gazetteer and model built once here; the forked workers share them
    pool = worker_pool(workers, initializer=_lower_priority)
    try:
        def submit_up_to(last_id: float) -> None:
            while waiting and waiting[0][1] <= last_id:
                lo, hi = waiting.pop(0)
                futures.append(pool.submit(_extract_chunk, url, lo, hi))

        dedup = dedup_articles(conn, on_batch=submit_up_to, workers=workers)
        submit_up_to(float("inf"))
        for future in futures:
            _add(totals, future.result())
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return dedup, totals


def process_pending(url: str, workers: int | None = None) -> dict[str, Any]:
    """Dedup, then claims over chunks, then events: the process DAG's steps, each article's
    claims extracted only after its dedup decision is committed. ``workers`` processes
    (default: one per core) for dedup's per-text work and as many for extraction; a night
    of one chunk runs in this process."""
    workers = usable_workers(default_workers() if workers is None else workers)
    with db.connection(url) as conn:
        chunks = plan_chunks(conn)
        if workers > 1 and len(chunks) > 1:
            dedup, totals = _extract_behind_dedup(url, conn, chunks, workers)
        else:
            dedup, totals = dedup_articles(conn), {}
            for lo, hi in chunks:
                _add(totals, extract_range(conn, lo, hi))
        events = merge_events(conn)
    return {"dedup": dedup, "extract": totals, "events": events}


def run_once(url: str, run_id: str | None = None) -> dict[str, Any]:
    """Ingest every active source, then process what is new."""
    run_id = run_id or f"cli-{uuid.uuid4().hex[:8]}"
    ingested = []
    with db.connection(url) as conn, HttpClient() as client:
        for key in active_source_keys(conn):
            try:
                ingested.append(ingest_source(conn, key, client, run_id=run_id, dag_id="marsad_cli"))
            except Exception as exc:  # noqa: BLE001 - one source's failure must not cost the others
                conn.rollback()
                log.exception("source %s failed; the other sources go on", key)
                ingested.append({"source": key, "status": "error", "error": f"{type(exc).__name__}: {exc}"})
    return {"run_id": run_id, "ingest": ingested, **process_pending(url)}
