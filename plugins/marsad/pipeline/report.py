"""The report step: refresh the reporting views."""

from __future__ import annotations

import psycopg2.extensions

from marsad.store.reports import refresh_materialized_views


def refresh_reports(conn: psycopg2.extensions.connection) -> dict[str, object]:
    return {"refreshed": refresh_materialized_views(conn)}
