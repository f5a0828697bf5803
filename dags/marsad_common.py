"""What the three DAGs share: assets, default args, the database URL, callbacks.

Kept light: DAG files import this at parse time, so nothing heavy happens here; the
marsad library is imported inside tasks only.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime, timedelta
from typing import Any

from airflow.sdk import Asset

ARTICLES = Asset(name="marsad_articles", uri="marsad://news/articles", extra={"table": "articles"})
CLAIMS = Asset(name="marsad_claims", uri="marsad://news/claims", extra={"table": "claims"})
CONN_ID = "marsad_db"

log = logging.getLogger("marsad.dags")


def on_failure(context: dict[str, Any]) -> None:
    """One clear line per failed task (and a webhook when MARSAD_ALERT_WEBHOOK is set)."""
    ti = context.get("ti") or context.get("task_instance")
    line = (
        f"marsad task failed: dag={getattr(ti, 'dag_id', '?')} task={getattr(ti, 'task_id', '?')}"
        f" map_index={getattr(ti, 'map_index', '?')} run={context.get('run_id')}"
        f" error={context.get('exception')!r}"
    )
    log.error(line)
    url = os.environ.get("MARSAD_ALERT_WEBHOOK")
    if url:
        import requests

        try:
            requests.post(url, json={"text": line}, timeout=5)
        except requests.RequestException as exc:
            log.error("alert webhook failed: %s", exc)


DEFAULT_ARGS: dict[str, Any] = {
    "owner": "marsad",
    "retries": 2,
    "retry_delay": timedelta(seconds=30),
    "retry_exponential_backoff": True,
    "on_failure_callback": on_failure,
}


# What every marsad DAG shares: no backfill of missed nights, one run at a time (two runs
# must not interleave writes), retries and the failure callback on every task.
DAG_DEFAULTS: dict[str, Any] = {
    "start_date": datetime(2024, 1, 1),
    "catchup": False,
    "max_active_runs": 1,
    "default_args": DEFAULT_ARGS,
}


MISSING_CONNECTION = (
    "the Airflow Connection 'marsad_db' is not defined: create it (Admin > Connections, conn type postgres,"
    " or AIRFLOW_CONN_MARSAD_DB) pointing at the news database; in a checkout `make setup` writes it"
)


def database_url() -> str:
    """The news database, from the Connection ``marsad_db`` only: tasks never discover or start a server."""
    from airflow.sdk import Connection
    from airflow.sdk.exceptions import AirflowNotFoundException

    from marsad.store.db import url_from_connection

    try:
        return url_from_connection(Connection.get(CONN_ID))
    except AirflowNotFoundException:
        raise RuntimeError(MISSING_CONNECTION) from None
