"""Sources (outlets and their feeds) and the per-source feed state."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import psycopg2.extensions
from psycopg2.extras import execute_values

Conn = psycopg2.extensions.connection


@dataclass(frozen=True)
class SourceRow:
    id: int
    key: str
    name: str
    feed_url: str
    etag: str | None
    last_modified: str | None


def read_sources_csv(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        row["active"] = str(row.get("active", "true")).strip().lower() in {"1", "true", "yes"}
        for key in ("homepage", "country"):
            row[key] = (row.get(key) or "").strip() or None
    return rows


def upsert_sources(conn: Conn, rows: list[dict[str, object]]) -> int:
    """Insert or update sources by key; rows that did not change are not touched."""
    values = [(r["key"], r["name"], r["feed_url"], r["homepage"], r["country"], r["active"]) for r in rows]
    with conn.cursor() as cur:
        execute_values(
            cur,
            """
            INSERT INTO sources (key, name, feed_url, homepage, country, active) VALUES %s
            ON CONFLICT (key) DO UPDATE SET
                name = EXCLUDED.name, feed_url = EXCLUDED.feed_url, homepage = EXCLUDED.homepage,
                country = EXCLUDED.country, active = EXCLUDED.active, updated_at = now()
            WHERE (sources.name, sources.feed_url, sources.homepage, sources.country, sources.active)
                IS DISTINCT FROM
                  (EXCLUDED.name, EXCLUDED.feed_url, EXCLUDED.homepage, EXCLUDED.country, EXCLUDED.active)
            """,
            values,
        )
        return cur.rowcount


def active_source_keys(conn: Conn) -> list[str]:
    with conn.cursor() as cur:
        cur.execute("SELECT key FROM sources WHERE active ORDER BY key")
        keys = [k for (k,) in cur.fetchall()]
    return keys


def get_source(conn: Conn, key: str) -> SourceRow:
    with conn.cursor() as cur:
        cur.execute("SELECT id, key, name, feed_url, etag, last_modified FROM sources WHERE key = %s", (key,))
        row = cur.fetchone()
    if row is None:
        raise KeyError(f"unknown source: {key}")
    return SourceRow(*row)


def record_feed_result(
    conn: Conn,
    source_id: int,
    *,
    status: str,
    http_status: int | None,
    etag: str | None,
    last_modified: str | None,
    error: str | None,
) -> None:
    """Store the validators for the next conditional GET and the outcome of this fetch.

    Validators are only replaced by a successful fetch: an error keeps the old ones.
    """
    ok = status in ("ok", "not_modified")
    with conn.cursor() as cur:
        cur.execute(
            """
            UPDATE sources SET
                etag = CASE WHEN %(ok)s THEN %(etag)s ELSE etag END,
                last_modified = CASE WHEN %(ok)s THEN %(lm)s ELSE last_modified END,
                last_status = %(status)s, last_http_status = %(http)s,
                last_fetched_at = now(),
                last_success_at = CASE WHEN %(ok)s THEN now() ELSE last_success_at END,
                last_error = %(error)s
            WHERE id = %(id)s
            """,
            {"ok": ok, "etag": etag, "lm": last_modified, "status": status, "http": http_status,
             "error": error, "id": source_id},
        )
