"""The news database as tasks and the triggerer see it: the Airflow Connection ``marsad_db`` only.

Code under Airflow never discovers or starts a database server: a missing Connection is
one clear error, the same for a task (sync) and for the triggerer (async).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

CONN_ID = "marsad_db"


def missing_connection(conn_id: str = CONN_ID) -> str:
    """What to do when the Connection ``conn_id`` is not defined."""
    return (
        f"the Airflow Connection {conn_id!r} is not defined: create it (Admin > Connections, conn type postgres,"
        f" or AIRFLOW_CONN_{conn_id.upper()}) pointing at the news database; in a checkout `make setup` writes it"
    )


MISSING_CONNECTION = missing_connection()


def url_of(connection: Any) -> str:
    """The libpq URL of an Airflow Connection (duck-typed: host, port, login, password, schema, extra_dejson)."""
    from marsad.pipeline.database import url_from_fields

    return url_from_fields(host=connection.host, port=connection.port, user=connection.login,
                           password=connection.password, dbname=connection.schema,
                           options=connection.extra_dejson)


@contextmanager
def _defined(conn_id: str) -> Iterator[None]:
    from airflow.sdk.exceptions import AirflowNotFoundException

    try:
        yield
    except AirflowNotFoundException:
        raise RuntimeError(missing_connection(conn_id)) from None


def database_url(conn_id: str = CONN_ID) -> str:
    """The news database, for a task."""
    from airflow.sdk import Connection

    with _defined(conn_id):
        return url_of(Connection.get(conn_id))


async def async_database_url(conn_id: str = CONN_ID) -> str:
    """The news database, for the triggerer (which must not block its event loop)."""
    from airflow.sdk import Connection

    with _defined(conn_id):
        return url_of(await Connection.async_get(conn_id))
