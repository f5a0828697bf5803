"""Advisory locks that keep two runs from writing the same source at once."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg2.extensions

_NAMESPACE = 0x6D61  # first key of the two-int advisory lock: marsad's own space


@contextmanager
def source_lock(conn: psycopg2.extensions.connection, source_key: str) -> Iterator[bool]:
    """Try the source's session-level lock; yield whether it was taken; release it after."""
    key = zlib.crc32(source_key.encode("utf-8")) & 0x7FFFFFFF
    with conn.cursor() as cur:
        cur.execute("SELECT pg_try_advisory_lock(%s, %s)", (_NAMESPACE, key))
        acquired = bool(cur.fetchone()[0])
    conn.commit()
    try:
        yield acquired
    finally:
        if acquired:
            with conn.cursor() as cur:
                cur.execute("SELECT pg_advisory_unlock(%s, %s)", (_NAMESPACE, key))
            conn.commit()
