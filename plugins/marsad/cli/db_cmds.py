"""Commands that work against the database: setup, db, load, process, run, summary."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from marsad.pipeline import admin


def _url(args: argparse.Namespace) -> str:
    return admin.database_url(args.database_url)


def _add(sub: Any, name: str, help_text: str, func: Any) -> argparse.ArgumentParser:
    p = sub.add_parser(name, help=help_text, description=help_text)
    p.add_argument("--database-url", help="libpq URL (default: DATABASE_URL, else 127.0.0.1:5432, else embedded)")
    p.set_defaults(run=func)
    return p


def _print_json(obj: Any) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def cmd_setup(args: argparse.Namespace) -> int:
    from marsad.pipeline.setup import prepare_database

    _print_json(prepare_database(_url(args)))
    return 0


def cmd_db_url(args: argparse.Namespace) -> int:
    print(admin.redact(_url(args)) if not args.show_password else _url(args))
    return 0


def cmd_db_status(args: argparse.Namespace) -> int:
    """Where marsad's database is, and for the embedded server how to stop it; starts nothing."""
    print(admin.database_status(args.database_url))
    return 0


def cmd_db_stop(args: argparse.Namespace) -> int:
    stopped, pgdata = admin.stop_embedded()
    if stopped:
        print(f"stopped the embedded PostgreSQL in {pgdata}", file=sys.stderr)
    else:
        print(f"the embedded PostgreSQL in {pgdata} is not running", file=sys.stderr)
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    from marsad.pipeline.offline import InputError

    if not args.input.exists():
        print(f"marsad load: no such file: {args.input}", file=sys.stderr)
        return 2
    try:
        _print_json(admin.load_articles_file(_url(args), args.input))
    except InputError as exc:
        print(f"marsad load: {exc}", file=sys.stderr)
        return 2
    return 0


def cmd_process(args: argparse.Namespace) -> int:
    from marsad.pipeline.run import process_pending

    _print_json(process_pending(_url(args)).as_dict())
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from marsad.pipeline.run import run_once
    from marsad.pipeline.setup import prepare_database

    url = _url(args)
    prepare_database(url)
    result = run_once(url)
    _print_json(result.as_dict())
    return 1 if any(s.status == "error" for s in result.ingest) else 0


def cmd_summary(args: argparse.Namespace) -> int:
    from marsad.cli.render import print_summary
    from marsad.pipeline.outputs import summary

    print_summary(summary(_url(args), limit=args.limit))
    return 0


class _Module:
    """Adapts a (name, help, function, options) entry to the add_parser protocol of the CLI."""

    def __init__(self, name: str, help_text: str, func: Any, configure: Any = None) -> None:
        self.name, self.help_text, self.func, self.configure = name, help_text, func, configure

    def add_parser(self, sub: Any) -> None:
        p = _add(sub, self.name, self.help_text, self.func)
        if self.configure:
            self.configure(p)


def _load_opts(p: argparse.ArgumentParser) -> None:
    from marsad.pipeline.offline import BAD_LINES_HELP

    p.add_argument("--input", type=Path, required=True, help="JSON Lines (.gz accepted) in the extract input format")
    p.epilog = (BAD_LINES_HELP + " The file is read through before anything is written; each batch of 2,000 "
                "commits on its own, so an interrupted load is finished by running it again.")


def _summary_opts(p: argparse.ArgumentParser) -> None:
    p.add_argument("--limit", type=int, default=30, help="claims to show (default 30)")


def _db_url_opts(p: argparse.ArgumentParser) -> None:
    p.add_argument("--show-password", action="store_true", help="print the URL with its password")


class _DbGroup:
    """``marsad db url|status|stop``: which database marsad uses, and the embedded server's life."""

    name = "db"

    def add_parser(self, sub: Any) -> None:
        help_text = "the database marsad uses: url, status, stop (the embedded server)"
        group = sub.add_parser(self.name, help=help_text, description=help_text).add_subparsers(
            dest="db_command", metavar="ACTION", required=True)
        for name, text, func, configure in (
            ("url", "print the database URL marsad finds (starting the embedded server if it is the one)",
             cmd_db_url, _db_url_opts),
            ("status", "say where the database is and whether the embedded server runs (starts nothing)",
             cmd_db_status, None),
            ("stop", "stop this checkout's embedded PostgreSQL (.pgdata); the next command starts it again",
             cmd_db_stop, None),
        ):
            _Module(name, text, func, configure).add_parser(group)


COMMANDS = (
    _Module("setup", "create the database, apply migrations, load seeds (idempotent)", cmd_setup),
    _DbGroup(),
    _Module("load", "load articles from a JSON Lines file into the articles table", cmd_load, _load_opts),
    _Module("process", "dedup, extract claims and merge events for all pending articles", cmd_process),
    _Module("run", "set up, ingest every active source and process: the pipeline once, without Airflow",
            cmd_run),
    _Module("summary", "print what is loaded: counts and the latest claims with their evidence",
            cmd_summary, _summary_opts),
)
