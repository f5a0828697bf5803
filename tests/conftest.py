"""The root of the test tiers: each test is marked with its tier, the folder it lives in.

Kept free of the database and of Airflow, so that the unit tier runs on a machine with
neither; the tiers above unit set those up in their own conftest.py (support/postgres.py,
support/airflow_env.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
TIERS = ("unit", "integration", "dags", "e2e", "cluster")  # the order `make test` runs them in
SHARED = TESTS.parents[1] / "shared"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        tier = item.path.relative_to(TESTS).parts[0]
        if tier not in TIERS:
            raise pytest.UsageError(f"{item.nodeid}: a test lives in one of the tier folders {', '.join(TIERS)}")
        item.add_marker(tier)


@pytest.fixture
def shared() -> Path:
    """The read-only shared material next to the repo; tests that need it skip without it."""
    if not SHARED.is_dir():
        pytest.skip("../shared is absent")
    return SHARED
