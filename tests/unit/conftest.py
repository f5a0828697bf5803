"""The unit tier: pure code, no database, no Airflow, no network service; runs in seconds.

Nothing here connects anywhere, and a run of this tier alone fails when something it
imported pulled in Airflow: a test that needs more than pure code moves up a tier
instead of slowing this one down.
"""

from __future__ import annotations

import sys

import pytest

FORBIDDEN = ("airflow",)
IMPORTED = pytest.StashKey[list[str]]()


def _forbidden_imports(session: pytest.Session) -> list[str]:
    """What a unit-only session imported that it may not (nothing when other tiers ran too)."""
    if not session.items or not all(item.get_closest_marker("unit") for item in session.items):
        return []
    return [name for name in FORBIDDEN if name in sys.modules]


def pytest_sessionfinish(session: pytest.Session) -> None:
    imported = session.config.stash[IMPORTED] = _forbidden_imports(session)
    if imported and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    for name in config.stash.get(IMPORTED, []):
        terminalreporter.write_line(f"unit tier: {name} was imported, which no unit test may need", red=True)
