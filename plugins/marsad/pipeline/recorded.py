"""Run a pipeline step and record what it did in pipeline_runs.

The steps of the process DAG (and ``marsad run``) go through this, so every run leaves
per-stage counts and durations that the source-health views and an analyst can read
back. The record is a transaction of its own, after the step's: a step that fails has
rolled its own work back, and its failure is recorded all the same.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Protocol, TypeVar

import psycopg2.extensions

from marsad.pipeline.transaction import transaction
from marsad.store.runs import record_run

log = logging.getLogger(__name__)


class Summary(Protocol):
    def as_dict(self) -> Mapping[str, object]: ...


Result = TypeVar("Result", bound=Summary)


def record_stage(
    conn: psycopg2.extensions.connection,
    *,
    run_id: str,
    dag_id: str,
    stage: str,
    step: Callable[[], Result],
) -> Result:
    """Call ``step()``, then UPSERT its counts (plus seconds) for (run, dag, stage); when
    it raises, record ``error`` (plus seconds) instead and raise on."""
    started = datetime.now(UTC)
    t0 = time.monotonic()
    try:
        result = step()
    except Exception as exc:
        record_failure(conn, run_id=run_id, dag_id=dag_id, stage=stage, started_at=started,
                       counts={"error": f"{type(exc).__name__}: {exc}", "seconds": round(time.monotonic() - t0, 3)})
        raise
    with transaction(conn):
        record_run(conn, run_id=run_id, dag_id=dag_id, stage=stage, started_at=started,
                   finished_at=datetime.now(UTC),
                   counts={**result.as_dict(), "seconds": round(time.monotonic() - t0, 3)})
    return result


def record_failure(
    conn: psycopg2.extensions.connection,
    *,
    run_id: str,
    dag_id: str,
    stage: str,
    started_at: datetime,
    counts: Mapping[str, object],
    source_key: str = "",
) -> None:
    """Record a failed stage in a transaction of its own (the stage's was rolled back).

    Never raises: when the connection is gone the record is lost, and the stage's own
    error, which the caller raises on, says why."""
    if conn.closed:
        log.warning("stage %s of %s %s failed; not recorded (connection closed)", stage, dag_id, run_id)
        return
    try:
        conn.rollback()
        with transaction(conn):
            record_run(conn, run_id=run_id, dag_id=dag_id, stage=stage, source_key=source_key,
                       started_at=started_at, finished_at=datetime.now(UTC), counts=counts)
    except psycopg2.Error as exc:
        log.warning("stage %s of %s %s failed; not recorded: %s", stage, dag_id, run_id, exc)
