"""Airflow environment discovery for a checkout (``python -m marsad_dev airflow-env``).

The Makefile evaluates its output once per target: the news database marsad finds
(``DATABASE_URL``, else 127.0.0.1:5432, else the checkout's embedded PostgreSQL) and
Airflow's metadata database on the same server. A deployment sets these itself.
"""

from __future__ import annotations

import hashlib
import shlex
from pathlib import Path
from urllib.parse import urlsplit


def metadata_db_name(home: Path) -> str:
    """Airflow's metadata database for one AIRFLOW_HOME: ``airflow_<hash of the path>``.

    Each checkout (and its test home) gets its own, because Airflow encrypts trigger
    arguments with the Fernet key of its home: two homes sharing one metadata database
    cannot read each other's rows.
    """
    return "airflow_" + hashlib.sha1(str(home.resolve()).encode("utf-8")).hexdigest()[:10]


def exports(url: str, home: Path, metadata_db: str | None = None) -> dict[str, str]:
    """The variables that point Airflow at its metadata database and at the news database.

    The metadata database lives on the same server as the news database (created here if
    missing; the home's own one is made anew while Airflow has not configured the home).
    The news database reaches tasks as the Connection ``marsad_db``, which
    ``python -m marsad_dev airflow-setup`` writes into the metadata database from the
    DATABASE_URL exported here: no AIRFLOW_CONN_MARSAD_DB, which would shadow the
    Connection users edit in the UI.
    """
    from marsad.store import db

    meta = db.with_database(url, metadata_db or metadata_db_name(home))
    if metadata_db is None and not (home / "airflow.cfg").exists():
        # A home without its config has no Fernet key yet (Airflow writes both on first
        # use), so a metadata database of its name was left by an earlier home at this
        # path (a checkout deleted and cloned again) under another key, and Airflow could
        # not read its encrypted rows: start the new home on an empty one.
        db.drop_database(meta)
    db.ensure_database(meta)
    sqlalchemy_url = urlsplit(meta)._replace(scheme="postgresql+psycopg2").geturl()
    return {
        "DATABASE_URL": url,
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": db.with_connect_timeout(sqlalchemy_url),
    }


def shell_lines(variables: dict[str, str]) -> list[str]:
    """``export KEY=value`` lines for ``eval``."""
    return [f"export {key}={shlex.quote(value)}" for key, value in variables.items()]
