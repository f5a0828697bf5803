"""`marsad export`: the claims as PLOVER records (JSON Lines) or a flat CSV, for the
event-data tools of the field (POLECAT, ICEWS readers)."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import IO

from marsad.cli.dates import iso_day

FORMATS = ("plover-json", "csv")


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "export",
        help="write the claims as PLOVER records (JSON Lines) or CSV",
        description="Write the stored claims of a period, or of one event, as PLOVER event records "
        "(one JSON object a line: id, date, actor and recipient with codes, event type, mode, "
        "context, event text with its offsets, the event link, citation with URL and outlet) or as "
        "one CSV row per claim. Fields: docs/reporting.md.",
    )
    parser.add_argument("--format", choices=FORMATS, default="plover-json",
                        help="plover-json (JSON Lines, default) or csv")
    parser.add_argument("--since", type=iso_day, metavar="DATE", help="first day to include, YYYY-MM-DD (default: all)")
    parser.add_argument("--until", type=iso_day, metavar="DATE", help="last day to include, YYYY-MM-DD (default: no end)")
    parser.add_argument("--event", type=int, metavar="EVENT_ID",
                        help="only the claims of this event (events.id, report_events.event_id), with their evidence")
    parser.add_argument("--output", type=Path, help="output file (default: standard output)")
    parser.add_argument("--database-url", help="libpq URL (default: DATABASE_URL, else 127.0.0.1:5432, else embedded)")
    parser.set_defaults(run=run)
    return parser


@contextmanager
def _opened(path: Path | None) -> Iterator[IO[str]]:
    if path is None:
        yield sys.stdout
        return
    with path.open("w", encoding="utf-8", newline="") as handle:
        yield handle


def run(args: argparse.Namespace) -> int:
    from marsad.export import CSV_COLUMNS, csv_row, plover_record
    from marsad.store import db
    from marsad.store.exports import claims_for_export

    with db.connection(args.database_url or db.server_url()) as conn:
        rows = claims_for_export(conn, since=args.since or date.min, until=args.until, event_id=args.event)
    if args.event is not None and not rows:
        print(f"marsad export: no claims for event {args.event} (see report_events.event_id)", file=sys.stderr)
        return 1
    records = [plover_record(r) for r in rows]
    with _opened(args.output) as out:
        if args.format == "csv":
            writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(csv_row(r) for r in records)
        else:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    where = args.output or "stdout"
    print(f"exported {len(records)} claims as {args.format} -> {where}", file=sys.stderr)
    return 0
