"""A database loaded by the sample pipeline (``python -m marsad_dev run-samples``), for the tests of
what an analyst reads: report files, ``marsad report``, ``marsad export``.

The pipeline is the library path (no Airflow), through the real fetcher against the
bundled sample feeds served on an ephemeral port of 127.0.0.1; it ends by refreshing the
views, as the report DAG does.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from marsad.pipeline.run import run_once
from marsad.pipeline.setup import prepare_database
from marsad_dev.samples import samples_for
from support.postgres import scratch_database


@contextmanager
def sample_run_database(server_url: str, template: str) -> Iterator[str]:
    """A scratch database after one sample run, dropped afterwards."""
    with scratch_database(server_url, "marsad_sample", template) as url:
        prepare_database(url)
        with samples_for(url, port=0):
            run_once(url)
        yield url


@pytest.fixture(scope="module")
def sample_db(server_url: str, template_db: str) -> Iterator[str]:
    """One sample run per test module (a fixture of the e2e tier, support/plugins.py)."""
    os.environ.setdefault("MARSAD_ALLOW_PRIVATE_HOSTS", "1")
    with sample_run_database(server_url, template_db) as url:
        yield url
