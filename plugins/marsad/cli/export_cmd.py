"""`marsad export`: the claims as PLOVER records (JSON Lines) or a flat CSV, for the
event-data tools of the field (POLECAT, ICEWS readers)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import IO

from marsad.cli.dates import iso_day
from marsad.pipeline.outputs import EXPORT_FORMATS as FORMATS


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
    from marsad.pipeline.admin import database_url
    from marsad.pipeline.outputs import plover_records, write_claims

    records = plover_records(database_url(args.database_url), since=args.since or date.min, until=args.until,
                             event_id=args.event)
    if args.event is not None and not records:
        print(f"marsad export: no claims for event {args.event} (see report_events.event_id)", file=sys.stderr)
        return 1
    with _opened(args.output) as out:
        write_claims(records, out, args.format)
    where = args.output or "stdout"
    print(f"exported {len(records)} claims as {args.format} -> {where}", file=sys.stderr)
    return 0
