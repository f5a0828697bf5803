"""What the CLI shows and writes from the database: the summary, the HTML report and the
claims export. Read-only apart from ``refresh`` (the reporting views).

The store reads rows into model records; :mod:`marsad.report` and :mod:`marsad.export`
turn them into a page and PLOVER records. Composing the two is the pipeline's job, so
neither the renderers nor the CLI touch the store.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from marsad.export import CSV_COLUMNS, csv_row, plover_record
from marsad.model import LatestClaim, ReportData
from marsad.pipeline.report import refresh_reports
from marsad.report import write_report
from marsad.store import db
from marsad.store.exports import claims_for_export
from marsad.store.report_queries import default_since, load_report
from marsad.store.summary import latest_claims, table_counts


@dataclass(frozen=True)
class Summary:
    """What is loaded: row counts of the main tables and the latest claims."""

    counts: dict[str, int]
    claims: list[LatestClaim]


def summary(url: str, limit: int = 30) -> Summary:
    with db.connection(url) as conn:
        return Summary(table_counts(conn), latest_claims(conn, limit))


def write_report_page(url: str, out: Path, since: date | None = None, *, claims: int = 50,
                      refresh: bool = False) -> ReportData:
    """Render the report since ``since`` (default: the latest 8 weeks that hold data) into
    ``out``; ``refresh`` refreshes the materialized views first. Returns what it showed."""
    with db.connection(url) as conn:
        if refresh:
            refresh_reports(conn)
        data = load_report(conn, since or default_since(conn), claims=claims)
    write_report(data, out)
    return data


def plover_records(url: str, since: date = date.min, until: date | None = None,
                   event_id: int | None = None) -> list[dict[str, Any]]:
    """The stored claims of [since, until] (and of one event when given) as PLOVER records,
    oldest first."""
    with db.connection(url) as conn:
        rows = claims_for_export(conn, since=since, until=until, event_id=event_id)
    return [plover_record(r) for r in rows]


EXPORT_FORMATS = ("plover-json", "csv")


def write_claims(records: list[dict[str, Any]], out: IO[str], fmt: str) -> None:
    """PLOVER records as JSON Lines (``plover-json``) or one flat CSV row each (``csv``)."""
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(csv_row(r) for r in records)
        return
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


__all__ = ["EXPORT_FORMATS", "Summary", "plover_records", "summary", "write_claims", "write_report_page"]
