"""A small forward-only migration runner.

Files ``sql/migrations/NNN_name.sql`` are applied in order, each in one transaction
together with its ``schema_migrations`` row; a transaction-level advisory lock keeps two
runners from racing; a file whose checksum changed after it was applied is refused,
because forward-only means history is never rewritten.
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


def apply_migrations(conn: psycopg2.extensions.connection, folder: Path | None = None) -> list[str]:
    """Apply what is missing; return the names applied (empty on a re-run)."""
    migrations = discover(folder)
    applied: list[str] = []
    with conn:
        with conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
            cur.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,"
                " applied_at timestamptz NOT NULL DEFAULT now())"
            )
    for mig in migrations:
        with conn:
            with conn.cursor() as cur:
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
    return applied
