"""Bulk rows by ``COPY ... FROM STDIN`` (text format) from an in-memory buffer.

COPY is the cheapest way to hand PostgreSQL many rows: one round trip and no SQL text to
parse, where ``execute_values`` builds and the server parses one huge ``INSERT ...
VALUES`` statement (for articles, megabytes of quoted text per batch). Rows go into a
session temporary table; the caller then merges them with one ``INSERT ... SELECT ...
ON CONFLICT`` so the write stays an idempotent UPSERT.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime

import psycopg2.extensions
from psycopg2 import sql


def copy_field(value: object) -> str:
    """One field in COPY's text format (``\\N`` is NULL; backslash, tab, CR, LF escaped)."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "\\\\x" + bytes(value).hex()  # bytea hex input, its backslash escaped for COPY
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return str(value)


def copy_rows(
    cur: psycopg2.extensions.cursor, table: str, columns: Sequence[str], rows: Iterable[Sequence[object]]
) -> None:
    """COPY ``rows`` into ``table`` (its ``columns``, in order) in one round trip."""
    buf = io.StringIO()
    buf.writelines("\t".join(map(copy_field, row)) + "\n" for row in rows)
    buf.seek(0)
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    cur.copy_expert(statement.as_string(cur), buf)
