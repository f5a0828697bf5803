"""Run the three DAGs once, in order, with ``dag.test()`` on the bundled sample feeds.

What ``make run`` does after set-up (``python -m marsad_dev run-dags``): a real Airflow
run (metadata database included) of ingest -> process -> report, with the sample feeds
served on 127.0.0.1:8731 (another port when that one is taken, see
:func:`marsad_dev.samples.samples_for`). The DAGs come from Airflow's dags folder
(``AIRFLOW__CORE__DAGS_FOLDER``, which the Makefile exports).
"""

from __future__ import annotations

import sys

from marsad_dev.samples import SAMPLES_PORT

DAGS = ("marsad_ingest", "marsad_process", "marsad_report")


def check_database() -> str:
    """The news database of the Connection ``marsad_db``. Fails in seconds, with one line,
    when the Connection is missing or its database cannot be reached, instead of letting
    each task wait out its retries."""
    from airflow.exceptions import AirflowNotFoundException
    from airflow.models.connection import Connection

    from marsad.store import db
    from marsad_airflow.connection import CONN_ID, MISSING_CONNECTION, url_of

    try:
        conn = Connection.get_connection_from_secrets(CONN_ID)
    except AirflowNotFoundException:
        raise RuntimeError(MISSING_CONNECTION) from None
    url = url_of(conn)
    db.connect(url).close()
    return url


def run_dags(dag_ids: tuple[str, ...] = DAGS, port: int = SAMPLES_PORT) -> dict[str, str]:
    """dag.test() each DAG in order, the samples served on ``port``; the final state of each run."""
    from airflow import settings
    from airflow.dag_processing.dagbag import DagBag

    from marsad_dev.samples import samples_for

    url = check_database()
    bag = DagBag(dag_folder=settings.DAGS_FOLDER)
    if bag.import_errors:
        raise RuntimeError(f"DAG import errors: {bag.import_errors}")
    states: dict[str, str] = {}
    with samples_for(url, port):
        for dag_id in dag_ids:
            run = bag.get_dag(dag_id).test()
            states[dag_id] = str(run.state)
    return states


def main() -> int:
    """Print each DAG's final state; 0 when all succeeded, 3 when the database is missing."""
    from marsad.store.db import DatabaseUnavailable

    try:
        result = run_dags()
    except (RuntimeError, DatabaseUnavailable) as exc:
        print(f"marsad_dev run-dags: {exc}", file=sys.stderr)
        return 3
    for dag_id, state in result.items():
        print(f"{dag_id}: {state}")
    return 0 if all(s == "success" for s in result.values()) else 1
