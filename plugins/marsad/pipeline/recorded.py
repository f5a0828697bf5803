"""Run a pipeline step and record what it did in pipeline_runs.

The DAG tasks wrap their one library call in this, so every run leaves per-stage counts
and durations that the source-health views and an analyst can read back.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import Any, TypeVar

import psycopg2.extensions

from marsad.store.runs import record_run

Counts = TypeVar("Counts", bound=Mapping[str, Any])


def record_stage(
    conn: psycopg2.extensions.connection,
    *,
    run_id: str,
    dag_id: str,
    stage: str,
    step: Callable[[], Counts],
) -> Counts:
    """Call ``step()``, then UPSERT its counts (plus seconds) for (run, dag, stage)."""
    started = datetime.now(timezone.utc)
    t0 = time.monotonic()
    counts = step()
    record_run(
        conn,
        run_id=run_id,
        dag_id=dag_id,
        stage=stage,
        started_at=started,
        finished_at=datetime.now(timezone.utc),
        counts={**counts, "seconds": round(time.monotonic() - t0, 3)},
    )
    return counts
