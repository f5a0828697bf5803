"""Skips for services a machine may truly lack, and the one line that lists them at the end.

A test that needs Redis, a Chromium or Docker Compose calls :func:`require` instead of
``pytest.skip``: when the service is not usable the test skips and the session ends with
one line naming each missing service, why, and how many tests it cost. With ``CI=true``
such a skip fails the session unless the machine really lacks the service (nothing of it
installed), so a CI image that has Redis but forgot to start it cannot pass quietly.

Loaded with ``-p support.service_skips`` (pytest.ini).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from support.distributed_cluster import redis_answers


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _playwright_importable() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def compose_command() -> list[str] | None:
    """``docker compose`` or Debian's ``docker-compose``, whichever answers ``version``."""
    for cmd in (["docker", "compose"], ["docker-compose"]):
        if shutil.which(cmd[0]) is None:
            continue
        try:
            if subprocess.run([*cmd, "version"], capture_output=True, timeout=30).returncode == 0:
                return cmd
        except (OSError, subprocess.TimeoutExpired):
            continue
    return None


@dataclass(frozen=True)
class Service:
    usable: Callable[[], bool]  # can the tests use it now?
    installed: Callable[[], bool]  # is any of it on this machine (then a CI skip is a fault)?
    missing: str  # why the tests skip, in a few words


SERVICES: dict[str, Service] = {
    "redis": Service(redis_answers, lambda: shutil.which("redis-server") is not None or redis_answers(),
                     "nothing answers PING on 127.0.0.1:6379 and no redis-server to start"),
    "chromium": Service(lambda: chromium_path() is not None and _playwright_importable(),
                        lambda: chromium_path() is not None,
                        "no chromium executable, or playwright missing"),
    "docker compose": Service(lambda: compose_command() is not None,
                              lambda: shutil.which("docker-compose") is not None,
                              "neither `docker compose` nor `docker-compose` works"),
    "psql": Service(lambda: shutil.which("psql") is not None, lambda: shutil.which("psql") is not None,
                    "psql is not installed"),
}

SKIPPED: Counter[str] = Counter()


def require(name: str) -> None:
    """Skip the calling test (recorded for the closing line) when the service is not usable."""
    service = SERVICES[name]
    if service.usable():
        return
    pytest.skip(f"{name} absent: {service.missing}")


def pytest_runtest_logreport(report) -> None:
    """Count the tests each absent service cost (a module fixture's skip skips several)."""
    if not report.skipped or not isinstance(report.longrepr, tuple):
        return
    reason = str(report.longrepr[2]).removeprefix("Skipped: ")
    for name in SERVICES:
        if reason.startswith(f"{name} absent:"):
            SKIPPED[name] += 1


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _faults() -> list[str]:
    """Services skipped in CI although the machine has them."""
    return [name for name in SKIPPED if SERVICES[name].installed()] if _in_ci() else []


def summary_line() -> str:
    if not SKIPPED:
        return "skipped for absent services: none"
    parts = [f"{name} ({SERVICES[name].missing}; {n} test{'s' if n > 1 else ''})" for name, n in SKIPPED.items()]
    return "skipped for absent services: " + ", ".join(parts)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    terminalreporter.write_line(summary_line())
    for name in _faults():
        terminalreporter.write_line(f"CI=true: {name} is installed on this machine but its tests skipped: a fault",
                                    red=True)


def pytest_sessionfinish(session, exitstatus) -> None:
    if _faults() and session.exitstatus == 0:
        session.exitstatus = 1
