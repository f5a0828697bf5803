"""How code under Airflow finds the news database: only through the Connection ``marsad_db``.

The Connection lives in Airflow's metadata database (written by ``python -m marsad_dev airflow-setup``),
where the UI edits it; it carries the embedded server's socket directory; a task or the
triggerer with no Connection fails with one clear line and never discovers or starts a
server. And the embedded server of a checkout: started once, reused, stopped on demand.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from marsad.store import db, embedded
from marsad_airflow.connection import url_of

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "dags"))

ARTICLE = {"id": "conn-1", "outlet": "test", "title": "t", "url": "https://news.example/conn-1",
           "text": "مسقط - تلقى وزير الخارجية العماني بدر البوسعيدي اليوم اتصالا هاتفيا من نظيره الإيراني."}


@pytest.fixture(scope="module")
def socket_server() -> Iterator[embedded.Status]:
    """A second embedded server of its own (a Unix socket only), stopped and removed afterwards."""
    pgdata = ROOT / f".pgdata-test-{uuid.uuid4().hex[:6]}"
    try:
        server, started = embedded.start(pgdata)
        assert started and server.running and server.socket_dir is not None
        yield server
    finally:
        embedded.stop(pgdata)
        subprocess.run(["rm", "-rf", str(pgdata)], check=False)


def test_embedded_server_is_started_once_reused_and_stopped(socket_server: embedded.Status) -> None:
    again, started = embedded.start(socket_server.pgdata)
    assert not started and again.pid == socket_server.pid
    with db.connection(again.url("postgres")) as conn, conn.cursor() as cur:
        cur.execute("SELECT current_setting('unix_socket_directories'), current_setting('listen_addresses')")
        assert cur.fetchone() == (str(socket_server.socket_dir), "")  # no TCP port to clash with


def test_a_connection_with_a_socket_directory_reaches_that_server(socket_server: embedded.Status) -> None:
    """The Connection as airflow-setup writes it (socket directory as host) and as AIRFLOW_CONN_* gives it."""
    from airflow.models.connection import Connection

    from marsad_dev.airflow_setup import connection_fields

    url = socket_server.url("postgres")
    for conn in (Connection(conn_id="marsad_db", **connection_fields(url)), Connection(conn_id="marsad_db", uri=url)):
        assert conn.host == str(socket_server.socket_dir) or conn.extra_dejson["host"] == str(socket_server.socket_dir)
        with db.connection(url_of(conn)) as pg, pg.cursor() as cur:
            cur.execute("SELECT inet_server_addr() IS NULL")  # NULL over a Unix socket
            assert cur.fetchone() == (True,)


def test_url_fields_round_trip_through_a_connection() -> None:
    from airflow.models.connection import Connection

    from marsad_dev.airflow_setup import connection_fields

    url = "postgresql://marsad:p%40ss%2Fw@db.example:5433/news?sslmode=require"
    conn = Connection(conn_id="marsad_db", **connection_fields(url))
    assert (conn.host, conn.port, conn.login, conn.password, conn.schema) == (
        "db.example", 5433, "marsad", "p@ss/w", "news")
    assert db.url_fields(url_of(conn)) == db.url_fields(url)


@pytest.fixture
def metadata_connection(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The Connection ``marsad_db`` as the metadata database holds it (restored afterwards); no env override."""
    from airflow.models.connection import Connection
    from airflow.utils.session import create_session
    from sqlalchemy import select

    monkeypatch.delenv("AIRFLOW_CONN_MARSAD_DB", raising=False)
    with create_session() as session:
        row = session.scalar(select(Connection).where(Connection.conn_id == "marsad_db"))
        saved = url_of(row) if row is not None else None
    yield
    with create_session() as session:
        row = session.scalar(select(Connection).where(Connection.conn_id == "marsad_db"))
        if row is not None:
            session.delete(row)
    if saved is not None:
        from marsad_dev.airflow_setup import sync_connection

        sync_connection(saved)


def _edit_in_ui(**columns: object) -> None:
    """What Admin > Connections > Edit does: update the row in the metadata database."""
    from airflow.models.connection import Connection
    from airflow.utils.session import create_session
    from sqlalchemy import select

    with create_session() as session:
        row = session.scalar(select(Connection).where(Connection.conn_id == "marsad_db"))
        for column, value in columns.items():
            setattr(row, column, value)


def _pending(url: str) -> int:
    with db.connection(url) as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM articles WHERE processed_version IS NULL")
        return cur.fetchone()[0]


def test_the_process_dag_uses_the_connection_as_edited_in_the_metadata_db(
        metadata_connection: None, server_url: str, template_db: str) -> None:
    from airflow.dag_processing.dagbag import DagBag

    from marsad.pipeline.files import load_records
    from marsad.pipeline.setup import prepare_database
    from marsad_dev.airflow_setup import sync_connection
    from support.postgres import scratch_database

    dag = DagBag(dag_folder=str(ROOT / "dags")).get_dag("marsad_process")
    with scratch_database(server_url, "marsad_ca", template_db) as a, \
            scratch_database(server_url, "marsad_cb", template_db) as b:
        for url in (a, b):
            prepare_database(url)
            with db.connection(url) as conn:
                load_records(conn, [ARTICLE])
        first = sync_connection(a)
        assert first.startswith(("Connection marsad_db created", "Connection marsad_db set to"))
        assert str(dag.test().state) == "success"
        assert (_pending(a), _pending(b)) == (0, 1)

        _edit_in_ui(schema=db.database_name(b))
        assert str(dag.test().state) == "success"
        assert _pending(b) == 0

        # The next `make` target writes the URL it found again, and says it replaced an edit.
        assert "it pointed at" in sync_connection(a) and "unchanged" in sync_connection(a)


def test_tasks_and_the_triggerer_without_the_connection_fail_clearly(
        metadata_connection: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from airflow.models.connection import Connection
    from airflow.utils.session import create_session

    from marsad_airflow.connection import MISSING_CONNECTION, async_database_url, database_url

    with create_session() as session:
        session.query(Connection).filter(Connection.conn_id == "marsad_db").delete()
    # Discovery would find this one; a deployed task must not look for it.
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/marsad")
    with pytest.raises(RuntimeError, match="Connection 'marsad_db' is not defined") as failed:
        database_url()
    assert str(failed.value) == MISSING_CONNECTION
    with pytest.raises(RuntimeError, match="Connection 'marsad_db' is not defined"):
        asyncio.run(async_database_url("marsad_db"))


def test_airflow_env_does_not_shadow_the_connection_with_an_env_var(server_url: str, tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": server_url}
    out = subprocess.run([sys.executable, "-m", "marsad_dev", "airflow-env", "--home", str(tmp_path)], env=env,
                         capture_output=True, text=True, timeout=60, check=True).stdout
    assert "AIRFLOW_CONN_MARSAD_DB" not in out
    assert "export DATABASE_URL=" in out and "connect_timeout=5" in out


def test_code_that_runs_under_airflow_never_discovers_a_database() -> None:
    """DAG files, the triggers and the pipeline the tasks call: no discovery, no embedded server."""
    files = list((ROOT / "dags").glob("*.py"))
    files += [*(ROOT / "plugins" / "marsad_airflow").glob("*.py"), *(ROOT / "plugins" / "marsad" / "pipeline").glob("*.py")]
    # pipeline/admin.py is the CLI's way to discovery (a dev entry point): nothing else imports it.
    files = [p for p in files if p.relative_to(ROOT).as_posix() != "plugins/marsad/pipeline/admin.py"]
    offenders = [p.name for p in files
                 if any(word in p.read_text(encoding="utf-8") for word in ("server_url", "store import embedded",
                                                                           "store.embedded", "pgserver",
                                                                           "pipeline.admin", "pipeline import admin"))]
    assert len(files) > 10 and offenders == []
