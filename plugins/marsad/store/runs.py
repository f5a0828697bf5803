"""pipeline_runs: what each run did, per stage and per source."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import psycopg2.extensions
from psycopg2.extras import Json


def record_run(
    conn: psycopg2.extensions.connection,
    *,
    run_id: str,
    dag_id: str,
    stage: str,
    started_at: datetime,
    finished_at: datetime,
    counts: Mapping[str, object],
    source_key: str = "",
) -> None:
    """UPSERT one row: a retried task overwrites its own row instead of adding one."""
    with conn.cursor() as cur:
        cur.execute(
            """
            INSERT INTO pipeline_runs (run_id, dag_id, stage, source_key, started_at, finished_at, counts)
            VALUES (%s, %s, %s, %s, %s, %s, %s)
            ON CONFLICT (run_id, dag_id, stage, source_key) DO UPDATE SET
                started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at, counts = EXCLUDED.counts
            """,
            (run_id, dag_id, stage, source_key, started_at, finished_at, Json(dict(counts))),
        )
