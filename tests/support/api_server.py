"""A real ``airflow api-server`` on a free port, for the REST API and browser tests.

Runs against the test metadata database (the environment of support/airflow_env.py, or
the one ``make test`` exports), with a simple-auth-manager user whose password the tests
know; :func:`stop` ends the server's whole process group.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from support.ports import free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
USER, PASSWORD = "marsad_monitor", "monitor-secret"
START_TIMEOUT = 120.0


def airflow_env(tmp: Path) -> dict[str, str]:
    """The test environment plus a simple-auth-manager user whose password we know."""
    passwords = tmp / "passwords.json"
    passwords.write_text(json.dumps({USER: PASSWORD}), encoding="utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "plugins"), str(ROOT / "dags"), env.get("PYTHONPATH", "")])
    env["AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS"] = f"{USER}:admin"
    env["AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE"] = str(passwords)
    env["AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS"] = "False"
    env.setdefault("AIRFLOW__LOGGING__LOGGING_LEVEL", "WARNING")
    return env


def run_airflow(env: dict[str, str], *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "airflow"), *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )


def prepare_metadata_db(env: dict[str, str]) -> None:
    """Migrate the metadata DB if `make test` has not, then parse the DAGs into it."""
    from marsad.store import db

    sa_url = env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"]
    db.ensure_database(sa_url.replace("postgresql+psycopg2://", "postgresql://", 1))
    if run_airflow(env, "db", "check-migrations", "-t", "0").returncode != 0:
        migrated = run_airflow(env, "db", "migrate")
        assert migrated.returncode == 0, migrated.stderr[-3000:]
    parsed = run_airflow(env, "dags", "reserialize")
    assert parsed.returncode == 0, parsed.stderr[-3000:]


def wait_for(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"api-server exited with {proc.returncode}:\n{log.read_text(errors='replace')[-4000:]}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    pytest.fail(f"api-server did not answer {url} in {timeout}s:\n{log.read_text(errors='replace')[-4000:]}")


def stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the server's own process group (it has workers), SIGKILL after 20 s."""
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def start_api_server(env: dict[str, str], tmp: Path) -> tuple[str, subprocess.Popen[bytes], Path]:
    port = free_port()
    log = tmp / "api-server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(BIN / "airflow"), "api-server", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
            env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/api/v2/monitor/health", proc, log)
    except BaseException:
        stop(proc)
        raise
    return base, proc, log
