"""The report step: refresh the reporting views, count what is loaded."""

from __future__ import annotations

import psycopg2.extensions

from marsad.model import RefreshResult
from marsad.pipeline.transaction import transaction
from marsad.store.reports import refresh_materialized_views
from marsad.store.summary import table_counts


def refresh_reports(conn: psycopg2.extensions.connection) -> RefreshResult:
    """Refresh every materialized view in one transaction: readers see them change together."""
    with transaction(conn):
        return RefreshResult(tuple(refresh_materialized_views(conn)))


def loaded_counts(conn: psycopg2.extensions.connection) -> dict[str, int]:
    """Rows per main table (sources, articles, duplicates, claims, events)."""
    with transaction(conn):
        return table_counts(conn)
