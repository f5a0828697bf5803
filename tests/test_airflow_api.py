"""The Airflow REST API (v2) sees marsad's three DAGs, parsed without import errors.

Starts a real ``airflow api-server`` on a free port against the test metadata database
(the environment of tests/airflow_env.py, or the one ``make test`` exports), logs in
through the simple auth manager's token endpoint with a user of its own, and asks the
API what a monitoring script would ask. Everything it starts, it stops.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DAG_IDS = {"marsad_ingest", "marsad_process", "marsad_report"}
USER, PASSWORD = "marsad_monitor", "monitor-secret"
START_TIMEOUT = 120.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


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


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    """(base URL, auth headers) of a running api-server with the DAGs parsed."""
    tmp = tmp_path_factory.mktemp("airflow_api")
    env = airflow_env(tmp)
    prepare_metadata_db(env)
    base, proc, _log = start_api_server(env, tmp)
    try:
        answer = requests.post(f"{base}/auth/token", json={"username": USER, "password": PASSWORD}, timeout=10)
        assert answer.status_code == 201, answer.text
        token = answer.json()["access_token"]
        yield base, {"Authorization": f"Bearer {token}"}
    finally:
        stop(proc)


def test_plugins_folder_holds_only_airflow_plugins() -> None:
    """Airflow imports every .py under the plugins folder as a top-level module named by
    its stem: marsad's own http.py would shadow the stdlib ``http`` and its __main__.py would
    replace ``__main__`` (``airflow dags ...`` then runs the marsad CLI). The library must be
    excluded by an .airflowignore in the plugins folder (``marsad/``, ``marsad.egg-info/``)."""
    from airflow._shared.module_loading import find_path_from_directory
    from airflow.configuration import conf

    folder = conf.get("core", "plugins_folder")
    loaded = [p for p in find_path_from_directory(folder, ".airflowignore", "glob") if p.endswith(".py")]
    library = [p for p in loaded if f"{os.sep}marsad{os.sep}" in p]
    assert library == [], f"{len(library)} library modules would be imported as plugins, e.g. {library[:3]}"


def test_wrong_password_and_no_token_are_refused(api: tuple[str, dict[str, str]]) -> None:
    base, _ = api
    bad = requests.post(f"{base}/auth/token", json={"username": USER, "password": "wrong"}, timeout=10)
    assert bad.status_code == 401
    assert requests.get(f"{base}/api/v2/dags", timeout=10).status_code == 401


def test_our_three_dags_are_listed(api: tuple[str, dict[str, str]]) -> None:
    base, headers = api
    answer = requests.get(f"{base}/api/v2/dags", params={"tags": "marsad", "limit": 100}, headers=headers, timeout=10)
    assert answer.status_code == 200, answer.text
    dags = {d["dag_id"]: d for d in answer.json()["dags"]}
    assert DAG_IDS <= set(dags)
    for dag_id in DAG_IDS:
        assert dags[dag_id]["is_stale"] is False, dag_id
        assert dags[dag_id]["fileloc"].startswith(str(ROOT / "dags")), dags[dag_id]["fileloc"]


def test_no_import_errors_in_our_dag_files(api: tuple[str, dict[str, str]]) -> None:
    base, headers = api
    answer = requests.get(f"{base}/api/v2/importErrors", params={"limit": 100}, headers=headers, timeout=10)
    assert answer.status_code == 200, answer.text
    ours = [e for e in answer.json()["import_errors"] if "marsad" in e["filename"]]
    assert ours == [], ours


def test_dag_details_and_last_runs(api: tuple[str, dict[str, str]]) -> None:
    base, headers = api
    detail = requests.get(f"{base}/api/v2/dags/marsad_ingest/details", headers=headers, timeout=10)
    assert detail.status_code == 200, detail.text
    assert detail.json()["timetable_summary"] == "0 2 * * *"
    runs = requests.get(
        f"{base}/api/v2/dags/marsad_ingest/dagRuns",
        params={"order_by": "-run_after", "limit": 5},
        headers=headers,
        timeout=10,
    )
    assert runs.status_code == 200, runs.text
    body = runs.json()
    assert body["total_entries"] >= len(body["dag_runs"])
    assert all(r["dag_id"] == "marsad_ingest" for r in body["dag_runs"])
    missing = requests.get(f"{base}/api/v2/dags/no_such_dag/dagRuns", headers=headers, timeout=10)
    assert missing.status_code == 404
