"""The database as the CLI manages it: which one, its status, the embedded server's life,
loading files into it and queueing URLs for the breaking path.

The CLI calls these and nothing below the pipeline: each function opens its own
connection from a URL (see :mod:`marsad.store.db` for the discovery rules).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from marsad.model import SubmittedRunResult
from marsad.pipeline.breaking import submit_urls
from marsad.pipeline.files import load_file
from marsad.store import db, embedded
from marsad.store.db import DatabaseUnavailable


def database_url(explicit: str | None = None) -> str:
    """``explicit`` when given, else the discovered server (DATABASE_URL, 127.0.0.1:5432,
    else the embedded PostgreSQL, started once)."""
    return explicit or db.server_url()


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    return db.redact(url)


def database_status(explicit: str | None = None) -> str:
    """One sentence: where marsad's database is, and for the embedded server how to stop it.
    Starts nothing."""
    server = embedded.status()
    url = explicit or os.environ.get("DATABASE_URL") or db.local_server_url()
    running = server.running
    if url and not (running and db.url_fields(url).get("host") == str(server.socket_dir)):
        return (f"database: {db.redact(url)}; embedded PostgreSQL: "
                + (f"also running in {server.pgdata} ({embedded.STOP_HINT} stops it)" if running else "not running"))
    if running:
        return (f"database: the embedded PostgreSQL in {server.pgdata} (socket {server.socket_dir}, pid {server.pid}),"
                f" left running for the next command; {embedded.STOP_HINT} stops it")
    return (f"database: none yet; the embedded PostgreSQL in {server.pgdata} is not running"
            " (the next marsad command that needs a database starts it)")


def stop_embedded() -> tuple[bool, Path]:
    """Stop this checkout's embedded PostgreSQL: (whether it was running, its folder)."""
    return embedded.stop(), embedded.PGDATA


def load_articles_file(url: str, path: Path) -> dict[str, int]:
    """``marsad load``: a JSON Lines file into the articles table (see :func:`load_file`)."""
    with db.connection(url) as conn:
        return load_file(conn, path)


def submit(url: str, urls: Sequence[str]) -> dict[str, list[int]]:
    """Queue article URLs in the inbox; ValueError for one that is not http(s)."""
    with db.connection(url) as conn:
        return submit_urls(conn, urls)


def process_submitted_now(url: str) -> SubmittedRunResult:
    """The breaking path in this process: fetch what waits, process it, mark it done."""
    from marsad.pipeline.run import run_submitted

    return run_submitted(url)


__all__ = [
    "DatabaseUnavailable",
    "database_status",
    "database_url",
    "load_articles_file",
    "process_submitted_now",
    "redact",
    "stop_embedded",
    "submit",
]
