"""Finding a PostgreSQL server, connecting to it, and saying clearly when it cannot be reached.

Discovery (:func:`server_url`) is for dev entry points only (the ``marsad`` CLI, the
Makefile through ``marsad airflow-env``, tests): ``DATABASE_URL`` when set; else the
server on 127.0.0.1:5432 when it answers; else the checkout's embedded PostgreSQL
(:mod:`marsad.store.embedded`), started once and reused. Code running under Airflow
gets one explicit URL from the Connection ``marsad_db`` and never discovers.
"""

from __future__ import annotations

import logging
import os
import re
import socket
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import psycopg2
import psycopg2.extensions

log = logging.getLogger(__name__)

DEFAULT_DB = "marsad"
LOCAL_SERVER = "postgresql://postgres@127.0.0.1:5432/"
# Seconds libpq waits for one server to accept and authenticate a connection. Without it
# a DATABASE_URL pointing at a listener that is not PostgreSQL hangs for ever.
CONNECT_TIMEOUT = 5
# libpq parameters an Airflow Connection's extras may carry into the URL (others, such as
# the Postgres hook's ``cursor``, mean nothing to libpq and would make it refuse the URL).
LIBPQ_OPTIONS = frozenset({
    "host", "port", "sslmode", "sslrootcert", "sslcert", "sslkey", "sslcrl", "connect_timeout", "options",
    "application_name", "target_session_attrs", "keepalives", "keepalives_idle", "keepalives_interval",
    "keepalives_count", "gssencmode", "channel_binding", "passfile",
})


class DatabaseUnavailable(psycopg2.OperationalError):
    """The database cannot be reached, refuses us, or does not exist; the message says what to do."""


def _answers(host: str, port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def _embedded_server_url() -> str:
    from marsad.store import embedded

    try:
        server, started = embedded.start()
    except Exception as exc:
        raise DatabaseUnavailable(
            f"could not start the embedded PostgreSQL in {embedded.PGDATA} ({type(exc).__name__}: {exc});"
            f" see {embedded.PGDATA / 'log'}, or set DATABASE_URL to a server"
        ) from exc
    log.info("%s the embedded PostgreSQL in %s (socket %s); it keeps running for the next command,"
             " %s stops it", "started" if started else "using", server.pgdata, server.socket_dir, embedded.STOP_HINT)
    return server.url(DEFAULT_DB)


def local_server_url() -> str | None:
    """The news database on 127.0.0.1:5432 when a server answers there (nothing is started)."""
    return LOCAL_SERVER + DEFAULT_DB if _answers("127.0.0.1", 5432) else None


def server_url() -> str:
    """Discovery: the URL of the news database marsad should use on this machine (dev entry points only)."""
    return os.environ.get("DATABASE_URL") or local_server_url() or _embedded_server_url()


def with_database(url: str, dbname: str) -> str:
    """The same server URL pointing at another database."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + dbname, parts.query, parts.fragment))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/") or "postgres"


def url_from_fields(*, host: str | None, port: int | str | None, user: str | None, password: str | None,
                    dbname: str | None, options: Mapping[str, object] | None = None) -> str:
    """A libpq URL from separate fields (an Airflow Connection's), the inverse of :func:`url_fields`.

    A host that is a directory (a Unix socket, as the embedded server uses) goes in the
    query, where libpq reads it and a URL parser leaves its case and slashes alone; other
    options (``sslmode``, ``connect_timeout``...) go in the query too.
    """
    extra = {k: str(v) for k, v in (options or {}).items() if k in LIBPQ_OPTIONS}
    # A Connection made from a URL with ``?host=/socket/dir`` holds the host in its extras.
    host = host or extra.get("host")
    port = port or extra.get("port")
    query = {k: v for k, v in extra.items() if k not in ("host", "port")}
    auth = quote(user or "", safe="")
    if password:
        auth += ":" + quote(password, safe="")
    netloc = auth + "@" if auth else ""
    if host and host.startswith("/"):
        query = {"host": host, "port": str(port or 5432), **query}
    else:
        netloc += (host or "127.0.0.1") + f":{port or 5432}"
    return urlunsplit(("postgresql", netloc, "/" + (dbname or DEFAULT_DB), urlencode(query, safe="/"), ""))


def url_fields(url: str) -> dict[str, str]:
    """libpq's reading of a URL (or key=value string): host, port, user, password, dbname and options."""
    return psycopg2.extensions.parse_dsn(url)


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


def with_connect_timeout(url: str, seconds: int = CONNECT_TIMEOUT) -> str:
    """``url`` with ``connect_timeout`` added unless it (or PGCONNECT_TIMEOUT) sets one; for SQLAlchemy URLs too."""
    if "connect_timeout" in url or os.environ.get("PGCONNECT_TIMEOUT") or "://" not in url:
        return url
    parts = urlsplit(url)
    query = urlencode([*parse_qsl(parts.query), ("connect_timeout", str(seconds))], safe="/")
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def explain(url: str, exc: psycopg2.Error) -> str:
    """One line for a failed connection: where (no password), why, and what to do next."""
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    where = redact(url)
    if "does not exist" in first and "database" in first:
        return f"database {database_name(url)!r} does not exist on {where}: run `marsad setup`"
    if "authentication failed" in first or "no pg_hba.conf entry" in first or "role" in first:
        return f"PostgreSQL at {where} refused the login ({first}): fix the user or password in DATABASE_URL"
    if "timeout expired" in first:
        first = f"no answer within {CONNECT_TIMEOUT} s"
    elif "failed:" in first:
        first = first.rsplit("failed:", 1)[1].strip()
    return (f"cannot reach PostgreSQL at {where} ({first}): start that server or point DATABASE_URL"
            " (or --database-url) at one; unset, marsad uses 127.0.0.1:5432 or starts its embedded server")


def _open(url: str, shown: str | None = None) -> psycopg2.extensions.connection:
    """Connect to ``url``; an error names ``shown`` (the URL the user gave) when it differs."""
    try:
        return psycopg2.connect(with_connect_timeout(url), application_name="marsad")
    except psycopg2.OperationalError as exc:
        raise DatabaseUnavailable(explain(shown or url, exc)) from None


@contextmanager
def _server_cursor(url: str) -> Iterator[psycopg2.extensions.cursor]:
    """An autocommit cursor on the server's ``postgres`` database (CREATE and DROP
    DATABASE cannot run inside a transaction, nor in the database they name)."""
    admin = _open(with_database(url, "postgres"), shown=url)
    try:
        admin.autocommit = True
        with admin.cursor() as cur:
            yield cur
    finally:
        admin.close()


def ensure_database(url: str) -> None:
    """Create the URL's database when it does not exist yet."""
    name = database_name(url)
    with _server_cursor(url) as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        if cur.fetchone() is None:
            cur.execute(f'CREATE DATABASE "{_safe_ident(name)}"')
            log.info("created database %s", name)


def drop_database(url: str) -> None:
    """Drop the URL's database if it exists, closing its other sessions first."""
    with _server_cursor(url) as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{_safe_ident(database_name(url))}" WITH (FORCE)')


def _safe_ident(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"unsafe database name: {name!r}")
    return name


def connect(url: str) -> psycopg2.extensions.connection:
    """A psycopg2 connection with the settings the pipeline relies on (UTC, a connect timeout).

    Raises :class:`DatabaseUnavailable` (an ``OperationalError``) with a one-line message
    when the server cannot be reached or the database does not exist.
    """
    conn = _open(url)
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
