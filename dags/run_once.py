"""Run the three DAGs once, in order, with ``dag.test()`` on the bundled sample feeds.

What ``make run`` does after set-up: a real Airflow run (metadata database included)
of ingest -> process -> report, with the sample feeds served on 127.0.0.1:8731.
"""

from __future__ import annotations

import sys
from pathlib import Path

DAGS = ("marsad_ingest", "marsad_process", "marsad_report")


def check_database() -> None:
    """Fail in seconds, with one line, when the Connection ``marsad_db`` is missing or its database
    cannot be reached, instead of letting each task wait out its retries."""
    from airflow.exceptions import AirflowNotFoundException
    from airflow.models.connection import Connection

    from marsad.store import db
    from marsad_common import CONN_ID, MISSING_CONNECTION

    try:
        conn = Connection.get_connection_from_secrets(CONN_ID)
    except AirflowNotFoundException:
        raise RuntimeError(MISSING_CONNECTION) from None
    db.connect(db.url_from_connection(conn)).close()


def run_dags(dag_ids: tuple[str, ...] = DAGS) -> dict[str, str]:
    """dag.test() each DAG in order; returns the final state of each run."""
    from airflow.dag_processing.dagbag import DagBag

    from marsad.samples import SampleServer

    check_database()
    bag = DagBag(dag_folder=str(Path(__file__).resolve().parent))
    if bag.import_errors:
        raise RuntimeError(f"DAG import errors: {bag.import_errors}")
    states: dict[str, str] = {}
    with SampleServer():
        for dag_id in dag_ids:
            run = bag.get_dag(dag_id).test()
            states[dag_id] = str(run.state)
    return states


if __name__ == "__main__":
    from marsad.store.db import DatabaseUnavailable

    try:
        result = run_dags()
    except (RuntimeError, DatabaseUnavailable) as exc:
        print(f"run_once: {exc}", file=sys.stderr)
        sys.exit(3)
    for dag_id, state in result.items():
        print(f"{dag_id}: {state}")
    sys.exit(0 if all(s == "success" for s in result.values()) else 1)
