"""The pipeline owns the transaction: one per unit of work.

The rule, for the whole library: store functions never commit or roll back (reads
included); they run in the transaction their caller opened. The pipeline opens one with
:func:`transaction` around each unit of work (one source's ingest write, one dedup,
claims or events batch, the breaking fetch's write, the report refresh), so a unit is
stored whole or not at all and a retry redoes only the units that did not commit.
Nothing else in the library calls ``commit`` (set-up aside: ``store.db.connect`` and
the migration runner, see :mod:`marsad.store`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg2.extensions


@contextmanager
def transaction(conn: psycopg2.extensions.connection) -> Iterator[psycopg2.extensions.connection]:
    """Commit what the block did when it ends, roll it back when it raises.

    Statements run before the block on the same connection (a read) are part of it.
    A connection the server dropped is not rolled back: the error that says so goes on.
    """
    try:
        yield conn
    except BaseException:
        if not conn.closed:
            conn.rollback()
        raise
    conn.commit()
