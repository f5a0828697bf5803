"""``python -m marsad_dev COMMAND``: the checkout's dev entry points, apart from the ``marsad`` command.

Exit codes as ``marsad``'s: 0 success, 1 the work failed, 2 bad usage, 3 the database
cannot be reached (one line on stderr, without the password).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from marsad_dev.samples import SAMPLES_PORT

PROG = "marsad_dev"


def _database_url(args: argparse.Namespace) -> str:
    from marsad.store import db

    return args.database_url or db.server_url()


def cmd_airflow_env(args: argparse.Namespace) -> int:
    from marsad_dev.airflow_env import exports, shell_lines

    print("\n".join(shell_lines(exports(_database_url(args), args.home, args.metadata_db))))
    return 0


def cmd_airflow_setup(args: argparse.Namespace) -> int:
    from marsad_dev.airflow_setup import main

    return main()


def cmd_run_dags(args: argparse.Namespace) -> int:
    from marsad_dev.dag_runs import main

    return main()


def cmd_run_samples(args: argparse.Namespace) -> int:
    from marsad.pipeline.run import run_once
    from marsad.pipeline.setup import prepare_database
    from marsad_dev.samples import samples_for

    url = _database_url(args)
    prepare_database(url)
    with samples_for(url, args.port):
        result = run_once(url)
    json.dump(result.as_dict(), sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")
    return 1 if any(s.status == "error" for s in result.ingest) else 0


def cmd_serve_samples(args: argparse.Namespace) -> int:
    from marsad_dev.samples import SampleServer, samples_for

    url = args.database_url or os.environ.get("DATABASE_URL")
    with (samples_for(url, args.port) if url else SampleServer(args.port)) as server:
        print(f"serving seeds/samples on {server.origin}/ (Ctrl-C stops)", file=sys.stderr)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"python -m {PROG}", description="marsad's dev tooling for a checkout.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def add(name: str, help_text: str, func: object, database: bool = False) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        if database:
            p.add_argument("--database-url", help="libpq URL (default: DATABASE_URL, else 127.0.0.1:5432, else embedded)")
        p.set_defaults(run=func)
        return p

    p = add("airflow-env", "print shell exports pointing Airflow at the metadata and news databases",
            cmd_airflow_env, database=True)
    p.add_argument("--home", type=Path, required=True, help="AIRFLOW_HOME to export")
    p.add_argument("--metadata-db", help="database for Airflow's metadata (default: airflow_<hash of --home>)")
    add("airflow-setup", "write the pool marsad_http and the Connection marsad_db (from DATABASE_URL)"
        " into Airflow's metadata database", cmd_airflow_setup)
    add("run-dags", "run the three DAGs once with dag.test() on the bundled samples (make run)", cmd_run_dags)
    p = add("run-samples", "set up and run the pipeline once without Airflow on the bundled samples",
            cmd_run_samples, database=True)
    p.add_argument("--port", type=int, default=SAMPLES_PORT, help=f"port to serve the samples on (default"
                   f" {SAMPLES_PORT}, the seeds' own; another one when it is taken; 0: any free one)")
    p = add("serve-samples", "serve the bundled sample feeds and pages on 127.0.0.1 until Ctrl-C",
            cmd_serve_samples, database=True)
    p.add_argument("--port", type=int, default=SAMPLES_PORT, help=f"default {SAMPLES_PORT}, the seeds' own; with a"
                   " database (DATABASE_URL) another one when it is taken, its sample sources pointed there")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from marsad.store.db import DatabaseUnavailable

    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except DatabaseUnavailable as exc:
        print(f"{PROG} {args.command}: {exc}", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
