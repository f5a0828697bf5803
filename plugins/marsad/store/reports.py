"""Reporting views: refreshing the materialized ones."""

from __future__ import annotations

import psycopg2.extensions


def refresh_materialized_views(conn: psycopg2.extensions.connection) -> list[str]:
    """Refresh every materialized view of the schema; concurrently when it has a unique index.

    A concurrent refresh keeps the view readable by analysts while it runs. It runs in the
    caller's transaction (REFRESH ... CONCURRENTLY may, unlike CREATE INDEX CONCURRENTLY),
    so readers see every view change at once, at its commit.
    """
    with conn.cursor() as cur:
        cur.execute(
            """
            SELECT m.matviewname, m.ispopulated,
                   EXISTS (SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
                           WHERE c.relname = m.matviewname AND i.indisunique) AS has_unique
            FROM pg_matviews m WHERE m.schemaname = current_schema() ORDER BY m.matviewname
            """
        )
        views = cur.fetchall()
        for name, populated, unique in views:
            mode = "CONCURRENTLY " if populated and unique else ""
            cur.execute(f'REFRESH MATERIALIZED VIEW {mode}"{name}"')
    return [name for name, _, _ in views]
