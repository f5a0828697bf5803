"""Airflow settings for tests run outside `make test` (which exports the same ones).

Imported by conftest before anything imports Airflow: Airflow reads its configuration
once, at import.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def configure() -> None:
    """The folders always (the shell of `python -m marsad_dev airflow-env` gives only the databases), and
    the metadata database when nothing named one."""
    os.environ.setdefault("AIRFLOW__CORE__DAGS_FOLDER", str(ROOT / "dags"))
    os.environ.setdefault("AIRFLOW__CORE__PLUGINS_FOLDER", str(ROOT / "plugins"))
    os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
    if "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN" in os.environ:
        return
    from marsad.store import db
    from marsad_dev.airflow_env import metadata_db_name

    url = db.server_url()
    home = Path(os.environ.setdefault("AIRFLOW_HOME", str(ROOT / ".airflow-test")))
    meta = db.with_database(url, metadata_db_name(home))
    os.environ["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] = db.with_connect_timeout(
        meta.replace("postgresql://", "postgresql+psycopg2://", 1))
    os.environ.setdefault("DATABASE_URL", url)
