"""A database that cannot be reached, does not exist or is not set up: one line, exit 3, in seconds.

Every CLI command that touches the database, and ``make run``: the line names the URL
without its password and says what to do; no traceback; well within 30 seconds, also
against a listener that accepts and never speaks PostgreSQL (``connect_timeout``).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from marsad.store import db

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "s3cret-pw"
LIMIT = 30.0


def _commands(tmp: Path) -> dict[str, list[str]]:
    article = tmp / "a.jsonl"
    article.write_text('{"id": "1", "title": "t", "text": "نص"}\n', encoding="utf-8")
    return {
        "setup": ["setup"],
        "load": ["load", "--input", str(article)],
        "process": ["process"],
        "run": ["run"],
        "summary": ["summary"],
        "report": ["report", "--out", str(tmp / "r.html")],
        "submit": ["submit", "https://news.example/a"],
    }


def _marsad(args: list[str], url: str) -> tuple[subprocess.CompletedProcess[str], float]:
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT / "plugins")}
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "marsad", *args], env=env, capture_output=True, text=True,
                            timeout=LIMIT + 30)
    return result, time.monotonic() - started


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _assert_one_line(result: subprocess.CompletedProcess[str], elapsed: float, command: str, expected: str) -> None:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 3, result.stderr
    assert lines and lines[-1].startswith(f"marsad {command}: {expected}"), result.stderr
    assert "Traceback" not in result.stderr and PASSWORD not in result.stderr + result.stdout
    assert elapsed < LIMIT, elapsed


@pytest.mark.parametrize("command", ["setup", "load", "process", "run", "summary", "report", "submit"])
def test_unreachable_server_gives_one_line_and_exit_3(command: str, tmp_path: Path) -> None:
    url = f"postgresql://marsad:{PASSWORD}@127.0.0.1:{_closed_port()}/marsad"
    result, elapsed = _marsad(_commands(tmp_path)[command], url)
    _assert_one_line(result, elapsed, command, f"cannot reach PostgreSQL at {db.redact(url)} (")
    assert "DATABASE_URL" in result.stderr


@pytest.mark.parametrize("command", ["load", "process", "summary", "report", "submit"])
def test_missing_database_says_run_setup(command: str, server_url: str, tmp_path: Path) -> None:
    url = db.with_database(server_url, "marsad_never_created")
    result, elapsed = _marsad(_commands(tmp_path)[command], url)
    _assert_one_line(result, elapsed, command, "database 'marsad_never_created' does not exist on ")
    assert result.stderr.rstrip().endswith("run `marsad setup`")


@pytest.mark.parametrize("command", ["summary", "report", "submit"])
def test_database_never_migrated_says_run_setup(command: str, server_url: str, tmp_path: Path) -> None:
    from support.postgres import scratch_database

    with scratch_database(server_url, "marsad_empty") as url:
        result, elapsed = _marsad(_commands(tmp_path)[command], url)
    _assert_one_line(result, elapsed, command, "the database is not set up (")
    assert result.stderr.rstrip().endswith("run `marsad setup`")


@pytest.fixture
def silent_listener() -> Iterator[int]:
    """A TCP port that accepts connections and never answers (not PostgreSQL, or a hung one)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for s in held:
        s.close()
    server.close()


def test_a_listener_that_never_answers_times_out_in_seconds(silent_listener: int) -> None:
    url = f"postgresql://marsad:{PASSWORD}@127.0.0.1:{silent_listener}/marsad"
    result, elapsed = _marsad(["summary"], url)
    _assert_one_line(result, elapsed, "summary", f"cannot reach PostgreSQL at {db.redact(url)} (no answer within")
    assert elapsed >= db.CONNECT_TIMEOUT - 1


def test_make_run_fails_fast_on_an_unreachable_database() -> None:
    url = f"postgresql://marsad:{PASSWORD}@127.0.0.1:{_closed_port()}/marsad"
    env = {**os.environ, "DATABASE_URL": url}
    started = time.monotonic()
    result = subprocess.run(["make", "-s", "-C", str(ROOT), "run"], env=env, capture_output=True, text=True,
                            timeout=LIMIT + 30)
    elapsed = time.monotonic() - started
    assert result.returncode != 0 and elapsed < LIMIT, (elapsed, result.stderr[-2000:])
    server = db.redact(url).rsplit("/", 1)[0]  # the metadata database on that server is the first it tries
    assert f"marsad_dev airflow-env: cannot reach PostgreSQL at {server}/" in result.stderr
    assert "Traceback" not in result.stderr and PASSWORD not in result.stderr + result.stdout
