"""What every marsad DAG shares: no backfill of missed nights, one run at a time (two runs
must not interleave writes), retries and the failure callback on every task."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from marsad_airflow.callbacks import on_failure

DEFAULT_ARGS: dict[str, Any] = {
    "owner": "marsad",
    "retries": 2,
    "retry_delay": timedelta(seconds=30),
    "retry_exponential_backoff": True,
    "on_failure_callback": on_failure,
}

DAG_DEFAULTS: dict[str, Any] = {
    "start_date": datetime(2024, 1, 1),
    "catchup": False,
    "max_active_runs": 1,
    "default_args": DEFAULT_ARGS,
}
