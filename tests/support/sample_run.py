"""A database loaded by the sample pipeline (``marsad run --samples``), for the tests of
what an analyst reads: report files, ``marsad report``, ``marsad export``.

The pipeline is the library path (no Airflow), through the real fetcher against the
bundled sample feeds served on 127.0.0.1; the views are refreshed as the report DAG does.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from marsad.pipeline.run import run_once
from marsad.pipeline.setup import prepare_database
from marsad.samples import SampleServer
from marsad.store import db
from marsad.store.reports import refresh_materialized_views
from support.postgres import scratch_database


@contextmanager
def sample_run_database(server_url: str, template: str) -> Iterator[str]:
    """A scratch database after one sample run, dropped afterwards."""
    with scratch_database(server_url, "marsad_sample", template) as url:
        prepare_database(url)
        with SampleServer():
            run_once(url)
        with db.connection(url) as conn:
            refresh_materialized_views(conn)
        yield url


@pytest.fixture(scope="module")
def sample_db(server_url: str, template_db: str) -> Iterator[str]:
    """One sample run per test module (a fixture of the e2e tier, support/plugins.py)."""
    os.environ.setdefault("MARSAD_ALLOW_PRIVATE_HOSTS", "1")
    with sample_run_database(server_url, template_db) as url:
        yield url
