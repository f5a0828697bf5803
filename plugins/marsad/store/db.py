"""Finding a PostgreSQL server and connecting to it.

Resolution order, so nobody has to install or start anything by hand:
``DATABASE_URL`` when set; else the server on 127.0.0.1:5432 when it answers;
else an embedded PostgreSQL 16 from the ``pgserver`` package, with its data under
the repository (``.pgdata/``), left running for the next command.
"""

from __future__ import annotations

import logging
import os
import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import psycopg2.extensions

from marsad.settings import REPO_ROOT

log = logging.getLogger(__name__)

DEFAULT_DB = "marsad"
LOCAL_SERVER = "postgresql://postgres@127.0.0.1:5432/"


def _answers(host: str, port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def _embedded_server_url() -> str:
    import pgserver  # imported lazily: only machines without a server need it

    server = pgserver.get_server(str(REPO_ROOT / ".pgdata"), cleanup_mode=None)
    return server.get_uri()


def server_url() -> str:
    """URL of the server (any database on it) that marsad should use."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    if _answers("127.0.0.1", 5432):
        return LOCAL_SERVER + DEFAULT_DB
    return with_database(_embedded_server_url(), DEFAULT_DB)


def with_database(url: str, dbname: str) -> str:
    """The same server URL pointing at another database."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + dbname, parts.query, parts.fragment))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/") or "postgres"


_DSN_PASSWORD = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", re.IGNORECASE)


def redact(url: str) -> str:
    """The URL without its password, for logs.

    libpq also takes the password as a ``?password=`` parameter and in key=value
    connection strings (``host=... password=...``): both are masked too.
    """
    if "://" not in url:
        return _DSN_PASSWORD.sub(r"\1***", url)
    parts = urlsplit(url)
    netloc = parts.netloc
    if parts.password is not None:
        userinfo, _, hostport = netloc.rpartition("@")
        netloc = userinfo.split(":", 1)[0] + ":***@" + hostport
    query = "&".join(
        "password=***" if item.lower().startswith("password=") else item for item in parts.query.split("&")
    ) if parts.query else parts.query
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def ensure_database(url: str) -> None:
    """Create the URL's database when it does not exist yet."""
    name = database_name(url)
    admin = psycopg2.connect(with_database(url, "postgres"))
    try:
        admin.autocommit = True
        with admin.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
            if cur.fetchone() is None:
                cur.execute(f'CREATE DATABASE "{_safe_ident(name)}"')
                log.info("created database %s", name)
    finally:
        admin.close()


def _safe_ident(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"unsafe database name: {name!r}")
    return name


def connect(url: str) -> psycopg2.extensions.connection:
    """A psycopg2 connection with the settings the pipeline relies on."""
    conn = psycopg2.connect(url, application_name="marsad")
    with conn.cursor() as cur:
        cur.execute("SET TIME ZONE 'UTC'")
    conn.commit()
    return conn


@contextmanager
def connection(url: str) -> Iterator[psycopg2.extensions.connection]:
    """Connect, hand the connection over, always close it."""
    conn = connect(url)
    try:
        yield conn
    finally:
        conn.close()
