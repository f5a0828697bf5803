"""Advisory locks that keep two runs from writing the same source at once.

Session-level locks: a source's ingest holds its lock over several transactions (the
read of its state, the fetch with none open, the write of what it found), and a rollback
does not release it. Like every store function these neither commit nor roll back.
"""

from __future__ import annotations

import zlib

import psycopg2.extensions

_NAMESPACE = 0x6D61  # first key of the two-int advisory lock: marsad's own space


def _key(source_key: str) -> int:
    return zlib.crc32(source_key.encode("utf-8")) & 0x7FFFFFFF


def try_lock_source(conn: psycopg2.extensions.connection, source_key: str) -> bool:
    """Take the source's session-level lock if no other session holds it; say whether."""
    with conn.cursor() as cur:
        cur.execute("SELECT pg_try_advisory_lock(%s, %s)", (_NAMESPACE, _key(source_key)))
        row = cur.fetchone()
        assert row is not None  # SELECT of one value always has a row
        return bool(row[0])


def unlock_source(conn: psycopg2.extensions.connection, source_key: str) -> None:
    """Release the lock :func:`try_lock_source` took."""
    with conn.cursor() as cur:
        cur.execute("SELECT pg_advisory_unlock(%s, %s)", (_NAMESPACE, _key(source_key)))
