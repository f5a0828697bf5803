"""The actors reference table, loaded from seeds/actors.csv."""

from __future__ import annotations

import csv
from pathlib import Path

import psycopg2.extensions
from psycopg2.extras import execute_values


def read_actors_csv(path: Path) -> list[tuple[str, str, str, str | None]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            (r["code"].strip(), r["kind"].strip(), r["name_en"].strip(), (r.get("name_ar") or "").strip() or None)
            for r in csv.DictReader(fh)
            if r.get("code")
        ]


def upsert_actors(conn: psycopg2.extensions.connection, rows: list[tuple[str, str, str, str | None]]) -> int:
    with conn.cursor() as cur:
        execute_values(
            cur,
            """
            INSERT INTO actors (code, kind, name_en, name_ar) VALUES %s
            ON CONFLICT (code) DO UPDATE SET kind = EXCLUDED.kind, name_en = EXCLUDED.name_en,
                name_ar = EXCLUDED.name_ar
            WHERE (actors.kind, actors.name_en, actors.name_ar)
                IS DISTINCT FROM (EXCLUDED.kind, EXCLUDED.name_en, EXCLUDED.name_ar)
            """,
            rows,
        )
        return cur.rowcount
