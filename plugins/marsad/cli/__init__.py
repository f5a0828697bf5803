"""The ``marsad`` command: each stage on files, and the pipeline once.

Exit codes: 0 success, 1 the work failed (a feed error, a failed check), 2 bad usage or
unreadable input, 3 the database cannot be reached, does not exist or is not set up (one
line on stderr says which URL, without its password, and what to do). Logs go to stderr;
a progress bar appears only on a terminal.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from marsad import __version__
from marsad.cli import db_cmds, dedup_cmd, export_cmd, extract_cmd, fetch_cmd, report_cmd, submit_cmd, train_cmd
from marsad.pipeline.admin import DatabaseUnavailable

EXIT_DATABASE = 3

COMMANDS = (extract_cmd, train_cmd, dedup_cmd, fetch_cmd, report_cmd, export_cmd, submit_cmd, *db_cmds.COMMANDS)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="marsad",
        description="marsad (مرصد): Arabic news ingestion, deduplication and diplomacy claims.",
    )
    parser.add_argument("--version", action="version", version=f"marsad {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMANDS:
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # One line per HTTP request is noise at INFO; the fetcher logs what matters itself.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        return int(args.run(args) or 0)
    except DatabaseUnavailable as exc:
        print(f"marsad {args.command}: {exc}", file=sys.stderr)
        return EXIT_DATABASE
    except Exception as exc:
        if _not_set_up(exc):
            first = str(exc).strip().splitlines()[0]
            print(f"marsad {args.command}: the database is not set up ({first}): run `marsad setup`", file=sys.stderr)
            return EXIT_DATABASE
        raise


def _not_set_up(exc: BaseException) -> bool:
    """A table, view or function marsad creates is missing: the database exists but was
    never migrated (the report queries call functions of migration 009)."""
    import psycopg2.errors

    return isinstance(exc, (psycopg2.errors.UndefinedTable, psycopg2.errors.UndefinedFunction))
