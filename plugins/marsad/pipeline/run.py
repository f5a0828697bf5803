"""The whole pipeline once, without Airflow: what ``marsad run`` does.

The DAGs call the same functions task by task; this is the library path the benchmarks
time and the quickest way to try the pipeline on a laptop.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from marsad.fetch import HttpClient
from marsad.pipeline.dedup_step import dedup_articles
from marsad.pipeline.events_step import merge_events
from marsad.pipeline.ingest import ingest_source
from marsad.pipeline.process import extract_range, plan_chunks
from marsad.store import db
from marsad.store.sources import active_source_keys

log = logging.getLogger(__name__)


def process_pending(url: str) -> dict[str, Any]:
    """Dedup, then claims over chunks, then events: the process DAG's steps in order."""
    with db.connection(url) as conn:
        dedup = dedup_articles(conn)
        totals: dict[str, int] = {}
        for lo, hi in plan_chunks(conn):
            for key, value in extract_range(conn, lo, hi).items():
                totals[key] = totals.get(key, 0) + value
        events = merge_events(conn)
    return {"dedup": dedup, "extract": totals, "events": events}


def run_once(url: str, run_id: str | None = None) -> dict[str, Any]:
    """Ingest every active source, then process what is new."""
    run_id = run_id or f"cli-{uuid.uuid4().hex[:8]}"
    ingested = []
    with db.connection(url) as conn, HttpClient() as client:
        for key in active_source_keys(conn):
            ingested.append(ingest_source(conn, key, client, run_id=run_id, dag_id="marsad_cli"))
    return {"run_id": run_id, "ingest": ingested, **process_pending(url)}
