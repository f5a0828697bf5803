"""Airflow's side of a checkout's set-up (``make setup``), after ``airflow db migrate``:
``python -m marsad_dev airflow-setup``.

Writes what the DAGs and the triggerer read from Airflow's metadata database: the pool
``marsad_http`` and the Connection ``marsad_db``, the one URL the dev entry point found
(``DATABASE_URL``, exported by ``python -m marsad_dev airflow-env``). The Connection lives in the
metadata database, where Admin > Connections edits it, and no ``AIRFLOW_CONN_MARSAD_DB``
shadows it: an edit applies from the next task on. The next ``make`` target writes the
URL it found again, and says so when that replaces an edit; to keep another database,
set ``DATABASE_URL``.
"""

from __future__ import annotations

import json
import os
import sys

from marsad_airflow.connection import CONN_ID

POOL = ("marsad_http", 4, "concurrent feed and page fetches")


def connection_fields(url: str) -> dict[str, object]:
    """The Connection columns for a libpq URL (the socket directory of the embedded server as host)."""
    from marsad.store.db import url_fields

    fields = url_fields(url)
    host, port = fields.pop("host", None), fields.pop("port", None)
    return {
        "conn_type": "postgres",
        "host": host,
        "port": int(port) if port else None,
        "login": fields.pop("user", None),
        "password": fields.pop("password", None),
        "schema": fields.pop("dbname", None),
        "extra": json.dumps(fields) if fields else None,
    }


def sync_connection(url: str, conn_id: str = CONN_ID) -> str:
    """Create or update the Connection so that it points at ``url``; says what it did, in one line."""
    from airflow.models.connection import Connection
    from airflow.utils.session import create_session
    from sqlalchemy import select

    from marsad.store.db import redact
    from marsad_airflow.connection import url_of

    wanted = Connection(conn_id=conn_id, **connection_fields(url))  # type: ignore[arg-type]
    with create_session() as session:
        current = session.scalar(select(Connection).where(Connection.conn_id == conn_id))
        if current is None:
            session.add(wanted)
            return f"Connection {conn_id} created: {redact(url)}"
        before = url_of(current)
        if before == url_of(wanted) and current.conn_type == "postgres":
            return f"Connection {conn_id} unchanged: {redact(url)}"
        for column, value in connection_fields(url).items():
            setattr(current, column, value)
        return f"Connection {conn_id} set to {redact(url)} (it pointed at {redact(before)}; set DATABASE_URL to keep another)"


def sync_pool() -> None:
    from airflow.models.pool import Pool

    name, slots, description = POOL
    Pool.create_or_update_pool(name, slots, description, include_deferred=False)


def main() -> int:
    """Write the pool and the Connection; 2 when DATABASE_URL is missing."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        print("marsad_dev airflow-setup: DATABASE_URL is not set; run it as `make setup` does, after"
              " `eval \"$(python -m marsad_dev airflow-env --home DIR)\"`", file=sys.stderr)
        return 2
    if os.environ.get("AIRFLOW_CONN_MARSAD_DB"):
        print("marsad_dev airflow-setup: AIRFLOW_CONN_MARSAD_DB is set and overrides the Connection in the metadata database;"
              " unset it to use the one written here", file=sys.stderr)
    sync_pool()
    print(sync_connection(url), file=sys.stderr)
    return 0
