"""PostgreSQL fixtures for the tiers above unit: a real database per test, migrated from sql/.

A template database is migrated once per session; each test gets a fresh copy
(CREATE DATABASE ... TEMPLATE), which takes a fraction of a second and keeps tests
independent. The server is the one ``marsad.store.db.server_url()`` finds: DATABASE_URL
(which `make test` exports), else 127.0.0.1:5432, else the checkout's embedded server.

A plugin (support/plugins.py), registered by the tiers above unit.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg2
import pytest

from marsad.settings import seeds_dir
from marsad.store import db
from marsad.store.actors import read_actors_csv, upsert_actors
from marsad.store.migrate import apply_migrations


def _admin(url: str):
    conn = psycopg2.connect(db.with_connect_timeout(db.with_database(url, "postgres")))
    conn.autocommit = True
    return conn


@pytest.fixture(scope="session")
def server_url() -> str:
    return db.server_url()


@pytest.fixture(scope="session")
def template_db(server_url: str) -> Iterator[str]:
    name = f"marsad_tpl_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = _admin(server_url)
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    url = db.with_database(server_url, name)
    conn = db.connect(url)
    try:
        apply_migrations(conn)
        # claim_actors.actor_code references actors (migration 010): the reference rows are
        # part of "migrated", as `marsad setup` loads them before any claim is written.
        upsert_actors(conn, read_actors_csv(seeds_dir() / "actors.csv"))
        conn.commit()  # store functions leave the transaction to their caller
    finally:
        conn.close()
    yield name
    with admin.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@contextmanager
def scratch_database(server_url: str, prefix: str, template: str | None = None) -> Iterator[str]:
    """A new database (a copy of ``template`` when given), dropped afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = _admin(server_url)
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    try:
        yield db.with_database(server_url, name)
    finally:
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def db_url(server_url: str, template_db: str) -> Iterator[str]:
    """A fresh, fully migrated database for one test: empty but for the actors reference rows."""
    with scratch_database(server_url, "marsad_t", template_db) as url:
        yield url


@pytest.fixture
def seeded_db(db_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """``db_url`` with the seeds loaded, and the DAGs' Connection and the fetcher pointed at it."""
    from marsad.pipeline.setup import prepare_database

    prepare_database(db_url)
    monkeypatch.setenv("AIRFLOW_CONN_MARSAD_DB", db_url)
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("MARSAD_ALLOW_PRIVATE_HOSTS", "1")
    return db_url


@pytest.fixture
def conn(db_url: str):
    connection = db.connect(db_url)
    yield connection
    connection.close()

