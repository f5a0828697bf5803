"""Commands that work against the database: setup, load, process, run, summary, serve-samples."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from marsad.store import db


def _url(args: argparse.Namespace) -> str:
    return args.database_url or db.server_url()


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
    print(db.redact(_url(args)) if not args.show_password else _url(args))
    return 0


def cmd_db_status(args: argparse.Namespace) -> int:
    """Where marsad's database is, and for the embedded server how to stop it; starts nothing."""
    from marsad.store import embedded

    server = embedded.status()
    url = args.database_url or os.environ.get("DATABASE_URL") or db.local_server_url()
    if url and not _is_embedded(url, server):
        print(f"database: {db.redact(url)}; embedded PostgreSQL: "
              + (f"also running in {server.pgdata} ({embedded.STOP_HINT} stops it)" if server.running
                 else "not running"))
    elif server.running:
        print(f"database: the embedded PostgreSQL in {server.pgdata} (socket {server.socket_dir}, pid {server.pid}),"
              f" left running for the next command; {embedded.STOP_HINT} stops it")
    else:
        print(f"database: none yet; the embedded PostgreSQL in {server.pgdata} is not running"
              " (the next marsad command that needs a database starts it)")
    return 0


def _is_embedded(url: str, server: Any) -> bool:
    return server.running and db.url_fields(url).get("host") == str(server.socket_dir)


def cmd_db_stop(args: argparse.Namespace) -> int:
    from marsad.store import embedded

    if embedded.stop():
        print(f"stopped the embedded PostgreSQL in {embedded.PGDATA}", file=sys.stderr)
    else:
        print(f"the embedded PostgreSQL in {embedded.PGDATA} is not running", file=sys.stderr)
    return 0


def metadata_db_name(home: Path) -> str:
    """Airflow's metadata database for one AIRFLOW_HOME: ``airflow_<hash of the path>``.

    Each checkout (and its test home) gets its own, because Airflow encrypts trigger
    arguments with the Fernet key of its home: two homes sharing one metadata database
    cannot read each other's rows.
    """
    import hashlib

    return "airflow_" + hashlib.sha1(str(home.resolve()).encode("utf-8")).hexdigest()[:10]


def cmd_airflow_env(args: argparse.Namespace) -> int:
    """Shell exports that point Airflow at its metadata database and at the news database.

    The metadata database lives on the same server as the news database (created here if
    missing). The news database reaches tasks as the Connection ``marsad_db``, which
    ``dags/dev_setup.py`` writes into the metadata database from the DATABASE_URL exported
    here: no AIRFLOW_CONN_MARSAD_DB, which would shadow the Connection users edit in the UI.
    """
    import shlex
    from urllib.parse import urlsplit

    url = _url(args)
    meta = db.with_database(url, args.metadata_db or metadata_db_name(args.home))
    db.ensure_database(meta)
    parts = urlsplit(meta)
    sqlalchemy_url = parts._replace(scheme="postgresql+psycopg2").geturl()
    exports = {
        "DATABASE_URL": url,
        "AIRFLOW_HOME": str(args.home),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": db.with_connect_timeout(sqlalchemy_url),
    }
    for key, value in exports.items():
        print(f"export {key}={shlex.quote(value)}")
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    from marsad.inputs import InputError
    from marsad.pipeline.files import load_file

    if not args.input.exists():
        print(f"marsad load: no such file: {args.input}", file=sys.stderr)
        return 2
    try:
        with db.connection(_url(args)) as conn:
            _print_json(load_file(conn, args.input))
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
    from marsad.samples import SampleServer

    url = _url(args)
    prepare_database(url)
    if args.samples:
        with SampleServer():
            result = run_once(url)
    else:
        result = run_once(url)
    _print_json(result.as_dict())
    return 1 if any(s.status == "error" for s in result.ingest) else 0


def cmd_summary(args: argparse.Namespace) -> int:
    from marsad.cli.render import print_summary

    with db.connection(_url(args)) as conn:
        print_summary(conn, limit=args.limit)
    return 0


def cmd_serve_samples(args: argparse.Namespace) -> int:
    from marsad.samples import make_server

    server = make_server(args.port)
    print(f"serving seeds/samples on http://127.0.0.1:{args.port}/ (Ctrl-C stops)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
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
    from marsad.inputs import BAD_LINES_HELP

    p.add_argument("--input", type=Path, required=True, help="JSON Lines (.gz accepted) in the extract input format")
    p.epilog = (BAD_LINES_HELP + " The file is read through before anything is written; each batch of 2,000 "
                "commits on its own, so an interrupted load is finished by running it again.")


def _run_opts(p: argparse.ArgumentParser) -> None:
    p.add_argument("--samples", action="store_true", help="serve the bundled sample feeds on 127.0.0.1:8731 meanwhile")


def _summary_opts(p: argparse.ArgumentParser) -> None:
    p.add_argument("--limit", type=int, default=30, help="claims to show (default 30)")


def _serve_opts(p: argparse.ArgumentParser) -> None:
    from marsad.samples import SAMPLES_PORT

    p.add_argument("--port", type=int, default=SAMPLES_PORT)


def _airflow_env_opts(p: argparse.ArgumentParser) -> None:
    p.add_argument("--home", type=Path, required=True, help="AIRFLOW_HOME to export")
    p.add_argument("--metadata-db", help="database for Airflow's metadata (default: airflow_<hash of --home>)")


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
    _Module("airflow-env", "print shell exports pointing Airflow at the metadata and news databases",
            cmd_airflow_env, _airflow_env_opts),
    _Module("load", "load articles from a JSON Lines file into the articles table", cmd_load, _load_opts),
    _Module("process", "dedup, extract claims and merge events for all pending articles", cmd_process),
    _Module("run", "set up, ingest every active source and process: the pipeline once, without Airflow",
            cmd_run, _run_opts),
    _Module("summary", "print what is loaded: counts and the latest claims with their evidence",
            cmd_summary, _summary_opts),
    _Module("serve-samples", "serve the bundled sample feeds and pages on 127.0.0.1 for trials",
            cmd_serve_samples, _serve_opts),
)
