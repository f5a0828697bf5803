"""`marsad report`: one self-contained HTML page of what the pipeline found since a date."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from marsad.cli.dates import iso_day


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "report",
        help="write an HTML report (events, actor pairs, mediators, claims, sources)",
        description="Render events per week by type, the actor-pair heat map, the top mediators, "
        "the latest claims with their Arabic evidence and the health of the sources into one HTML "
        "file that opens offline.",
    )
    parser.add_argument("--since", type=iso_day, default=None, metavar="DATE",
                        help="first event day to include, YYYY-MM-DD (default: the latest 8 weeks that hold data)")
    parser.add_argument("--out", type=Path, default=Path("report.html"), help="output file (default %(default)s)")
    parser.add_argument("--database-url", help="libpq URL (default: DATABASE_URL, else 127.0.0.1:5432, else embedded)")
    parser.add_argument("--refresh", action="store_true",
                        help="refresh the materialized reporting views first (the report DAG normally does)")
    parser.add_argument("--claims", type=int, default=50, help="how many latest claims to list (default %(default)s)")
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    from marsad.pipeline.report import refresh_reports
    from marsad.report import write_report
    from marsad.store import db
    from marsad.store.report_queries import default_since, load_report

    url = args.database_url or db.server_url()
    with db.connection(url) as conn:
        if args.refresh:
            refresh_reports(conn)
        since = args.since or default_since(conn)
        data = load_report(conn, since, claims=args.claims)
    out = write_report(data, args.out)
    totals = ", ".join(f"{k}={v}" for k, v in data.totals.items())
    print(f"report since {since}: {totals} -> {out}", file=sys.stderr)
    return 0
