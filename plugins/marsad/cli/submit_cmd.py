"""`marsad submit URL [URL ...]`: queue article URLs for the breaking-news path.

The rows land in the ``inbox`` table; the inbox watcher of Airflow's triggerer sees them
within seconds and starts the ``marsad_breaking`` DAG, which fetches and processes just
those URLs. ``--now`` does the same work in this process, for use without Airflow.
"""

from __future__ import annotations

import argparse
import json
import sys

from marsad.pipeline.admin import database_url, process_submitted_now, submit


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "submit",
        help="queue article URLs for immediate (breaking-news) fetch and processing",
        description="Add article URLs to the inbox; the marsad_breaking DAG picks them up within seconds.",
    )
    parser.add_argument("urls", nargs="+", metavar="URL", help="article page URLs (http or https)")
    parser.add_argument("--database-url", help="libpq URL (default: DATABASE_URL, else 127.0.0.1:5432, else embedded)")
    parser.add_argument("--now", action="store_true",
                        help="fetch and process the waiting URLs in this process instead of waiting for Airflow")
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    url = database_url(args.database_url)
    try:
        result: dict[str, object] = dict(submit(url, args.urls))
    except ValueError as exc:
        print(f"marsad submit: {exc}", file=sys.stderr)
        return 2
    failed = 0
    if args.now:
        ran = process_submitted_now(url)
        result["run"] = ran.as_dict()
        failed = ran.fetch.failed
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")
    return 1 if failed else 0
