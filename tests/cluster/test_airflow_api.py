"""The Airflow REST API (v2) sees marsad's three DAGs, parsed without import errors.

Starts a real ``airflow api-server`` on a free port against the test metadata database
(the environment of tests/support/airflow_env.py, or the one ``make test`` exports), logs in
through the simple auth manager's token endpoint with a user of its own, and asks the
API what a monitoring script would ask. Everything it starts, it stops.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import requests

from support.api_server import PASSWORD, ROOT, USER, airflow_env, prepare_metadata_db, start_api_server, stop

DAG_IDS = {"marsad_ingest", "marsad_process", "marsad_report"}

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
    assert set(dags) >= DAG_IDS
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
