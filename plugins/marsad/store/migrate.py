"""A small forward-only migration runner, and the repeatable views after it.

Files ``sql/migrations/NNN_name.sql`` are applied in order, each in one transaction
together with its ``schema_migrations`` row; a transaction-level advisory lock keeps two
runners from racing; a file whose checksum changed after it was applied is refused,
because forward-only means history is never rewritten.

Views are not history: each file ``sql/views/NNN_name.sql`` creates the view (or
materialized view) ``name``, and the numbers are the dependency order. After the
migrations, when any file differs from what ``schema_views`` recorded (or a view is
missing), every view is dropped in reverse order and created in order, in one
transaction, so a change to one view is an edit of its file and nothing else. Unchanged
files are left alone, so a re-run does not recompute the materialized views.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import psycopg2.extensions

from marsad.settings import sql_dir

log = logging.getLogger(__name__)

_LOCK_KEY = 0x6D61_7273  # "mars"
_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")
_VIEW_NAME = re.compile(r"^(\d{3})_([a-z][a-z0-9_]*)\.sql$")


class MigrationError(RuntimeError):
    """A migration cannot be applied safely."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode("utf-8")).hexdigest()


def discover(folder: Path | None = None) -> list[Migration]:
    folder = folder or sql_dir() / "migrations"
    found = []
    for path in sorted(folder.glob("*.sql")):
        m = _NAME.match(path.name)
        if not m:
            raise MigrationError(f"badly named migration: {path.name}")
        found.append(Migration(int(m.group(1)), path.name, path.read_text(encoding="utf-8")))
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise MigrationError("two migrations share a number")
    return found


def apply_migrations(
    conn: psycopg2.extensions.connection, folder: Path | None = None, views: Path | None = None
) -> list[str]:
    """Apply what is missing, then bring the views up to date; return the migrations applied
    (empty on a re-run)."""
    migrations = discover(folder)
    applied: list[str] = []
    with conn, conn.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
        cur.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,"
            " applied_at timestamptz NOT NULL DEFAULT now())"
        )
    for mig in migrations:
        with conn, conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
            cur.execute("SELECT checksum FROM schema_migrations WHERE version = %s", (mig.version,))
            row = cur.fetchone()
            if row is not None:
                if row[0] != mig.checksum:
                    raise MigrationError(f"{mig.name} changed after it was applied; add a new migration instead")
                continue
            cur.execute(mig.sql)
            cur.execute(
                "INSERT INTO schema_migrations (version, name, checksum) VALUES (%s, %s, %s)",
                (mig.version, mig.name, mig.checksum),
            )
            applied.append(mig.name)
            log.info("applied migration %s", mig.name)
    apply_views(conn, views)
    return applied


@dataclass(frozen=True)
class View:
    """One repeatable view file; ``relation`` is the view it creates."""

    file: str
    relation: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode("utf-8")).hexdigest()


def discover_views(folder: Path | None = None) -> list[View]:
    """The view files in dependency (file name) order."""
    folder = folder or sql_dir() / "views"
    found = []
    for path in sorted(folder.glob("*.sql")):
        m = _VIEW_NAME.match(path.name)
        if not m:
            raise MigrationError(f"badly named view file: {path.name}")
        found.append(View(path.name, m.group(2), path.read_text(encoding="utf-8")))
    relations = [v.relation for v in found]
    if len(set(relations)) != len(relations):
        raise MigrationError("two view files create the same view")
    return found


def apply_views(conn: psycopg2.extensions.connection, folder: Path | None = None) -> list[str]:
    """Recreate every view when a view file changed (or a view is missing); return the
    files applied, empty when nothing changed."""
    views = discover_views(folder)
    with conn, conn.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
        cur.execute(
            "CREATE TABLE IF NOT EXISTS schema_views ("
            " file text PRIMARY KEY, relation text NOT NULL, checksum text NOT NULL,"
            " applied_at timestamptz NOT NULL DEFAULT now())"
        )
        cur.execute("SELECT file, relation, checksum FROM schema_views ORDER BY file")
        recorded = cur.fetchall()
        current = [(v.file, v.relation, v.checksum) for v in views]
        if recorded == current and all(_kind(cur, v.relation) for v in views):
            return []
        # What the database holds was created in the recorded order: drop that first.
        drop = dict.fromkeys([r for _, r, _ in reversed(recorded)] + [v.relation for v in reversed(views)])
        for relation in drop:
            kind = _kind(cur, relation)
            if kind:
                cur.execute(f'DROP {kind} "{relation}"')
        for view in views:
            cur.execute(view.sql)
            kind = _kind(cur, view.relation)
            if kind is None:
                raise MigrationError(f"{view.file} does not create the view {view.relation}")
            if kind == "MATERIALIZED VIEW":
                _populate(cur, view.relation)
        cur.execute("DELETE FROM schema_views")
        cur.executemany(
            "INSERT INTO schema_views (file, relation, checksum) VALUES (%s, %s, %s)", current
        )
    log.info("recreated views %s", ", ".join(v.relation for v in views))
    return [v.file for v in views]


def _kind(cur: psycopg2.extensions.cursor, relation: str) -> str | None:
    """``VIEW``, ``MATERIALIZED VIEW`` or None for a missing relation; a table is refused."""
    cur.execute(
        "SELECT c.relkind FROM pg_class c WHERE c.relname = %s"
        " AND c.relnamespace = current_schema()::regnamespace",
        (relation,),
    )
    row = cur.fetchone()
    if row is None:
        return None
    kinds = {"v": "VIEW", "m": "MATERIALIZED VIEW"}
    if row[0] not in kinds:
        raise MigrationError(f"{relation} is not a view: a view file must not name a table")
    return kinds[row[0]]


def _populate(cur: psycopg2.extensions.cursor, relation: str) -> None:
    """Refresh a materialized view its file created WITH NO DATA: readers never meet an
    unpopulated one. (Created WITH DATA, the default, it is already as fresh as a refresh.)"""
    cur.execute(
        "SELECT ispopulated FROM pg_matviews WHERE matviewname = %s AND schemaname = current_schema()",
        (relation,),
    )
    row = cur.fetchone()
    assert row is not None  # the view file just created it
    (populated,) = row
    if not populated:
        cur.execute(f'REFRESH MATERIALIZED VIEW "{relation}"')
