"""The event_types reference table, loaded from seeds/event_types.csv.

Migration 010 inserts the same rows, because claims reference them before any seeding;
this UPSERT keeps the names and the diplomacy flag those of the seeds file.
"""

from __future__ import annotations

import csv
from pathlib import Path

import psycopg2.extensions
from psycopg2.extras import execute_values


def read_event_types_csv(path: Path) -> list[tuple[str, str, str, bool]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            (r["code"].strip(), r["name_ar"].strip(), r["name_en"].strip(),
             r["is_diplomacy"].strip().lower() in {"1", "true", "yes"})
            for r in csv.DictReader(fh)
            if r.get("code")
        ]


def upsert_event_types(conn: psycopg2.extensions.connection, rows: list[tuple[str, str, str, bool]]) -> int:
    """Insert or update types by code; rows that did not change are not touched."""
    with conn, conn.cursor() as cur:
        execute_values(
            cur,
            """
            INSERT INTO event_types (code, name_ar, name_en, is_diplomacy) VALUES %s
            ON CONFLICT (code) DO UPDATE SET name_ar = EXCLUDED.name_ar, name_en = EXCLUDED.name_en,
                is_diplomacy = EXCLUDED.is_diplomacy
            WHERE (event_types.name_ar, event_types.name_en, event_types.is_diplomacy)
                IS DISTINCT FROM (EXCLUDED.name_ar, EXCLUDED.name_en, EXCLUDED.is_diplomacy)
            """,
            rows,
        )
        return cur.rowcount
