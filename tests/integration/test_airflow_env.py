"""`python -m marsad_dev airflow-env`: the metadata database of a home, on a real PostgreSQL.

A checkout deleted and cloned again at the same path has a new home with a new Fernet key
but the same metadata database name; the old rows, encrypted under the old key, would
make every Connection unreadable (cryptography.fernet.InvalidToken in the dags tier).
"""

from __future__ import annotations

from pathlib import Path

import psycopg2

from marsad.store import db
from marsad_dev.airflow_env import exports, metadata_db_name


def _tables(url: str) -> set[str]:
    with psycopg2.connect(db.with_connect_timeout(url)) as conn, conn.cursor() as cur:
        cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return {r[0] for r in cur.fetchall()}


def _leave_a_row(url: str) -> None:
    with psycopg2.connect(db.with_connect_timeout(url)) as conn, conn.cursor() as cur:
        cur.execute("CREATE TABLE connection (id int)")


def test_a_home_airflow_has_not_configured_starts_on_an_empty_metadata_database(server_url: str, tmp_path: Path) -> None:
    home = tmp_path / "airflow-home"
    home.mkdir()
    meta = db.with_database(server_url, metadata_db_name(home))
    try:
        exports(server_url, home)
        _leave_a_row(meta)  # the earlier clone's Airflow, under its own key
        (home / "airflow.cfg").write_text("[core]\nfernet_key = old\n", encoding="utf-8")
        exports(server_url, home)
        assert _tables(meta) == {"connection"}  # a configured home keeps its database
        (home / "airflow.cfg").unlink()  # the checkout cloned again: a new home, no key yet
        exports(server_url, home)
        assert _tables(meta) == set()
    finally:
        db.drop_database(meta)


def test_a_named_metadata_database_is_never_dropped(server_url: str, tmp_path: Path) -> None:
    name = metadata_db_name(tmp_path / "elsewhere")
    meta = db.with_database(server_url, name)
    try:
        db.ensure_database(meta)
        _leave_a_row(meta)
        exports(server_url, tmp_path / "unconfigured", metadata_db=name)
        assert _tables(meta) == {"connection"}
    finally:
        db.drop_database(meta)
