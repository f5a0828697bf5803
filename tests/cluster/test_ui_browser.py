"""The Airflow UI in a real headless browser: log in, open the ingest DAG's grid, screenshot.

Uses Debian's chromium driven by Playwright (no browser download: ``executable_path``).
Skips, saying why, where either is missing. Screenshots land in test-artifacts/.
"""

from __future__ import annotations

from pathlib import Path

from support.api_server import PASSWORD, USER, airflow_env, prepare_metadata_db, start_api_server, stop
from support.browser import ARTIFACTS, browser_page, require_browser


def test_login_and_ingest_grid_screenshot(tmp_path: Path) -> None:
    require_browser()
    env = airflow_env(tmp_path)
    prepare_metadata_db(env)
    base, proc, _log = start_api_server(env, tmp_path)
    try:
        with browser_page() as page:
            page.goto(f"{base}/dags/marsad_ingest")
            # An anonymous visitor is sent to the login page (a client-side redirect).
            page.wait_for_url("**/auth/login**", timeout=30_000)
            page.wait_for_selector("input[name=username]", timeout=30_000)
            page.fill("input[name=username]", USER)
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url("**/dags/marsad_ingest**", timeout=30_000)
            page.wait_for_load_state("networkidle")
            # The grid lists the DAG's tasks by id once the structure has loaded.
            page.get_by_text("list_sources").first.wait_for(timeout=30_000)
            body = page.inner_text("body")
            for task_id in ("list_sources", "ingest", "summarize"):
                assert task_id in body
            ARTIFACTS.mkdir(exist_ok=True)
            shot = ARTIFACTS / "airflow_ingest_grid.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
    finally:
        stop(proc)
