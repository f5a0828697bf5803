"""DAG integrity, and the whole pipeline through Airflow with dag.test() on the samples."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DAGS = ROOT / "dags"
sys.path.insert(0, str(DAGS))


@pytest.fixture(scope="module")
def dagbag():
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS))


def test_dags_import_without_errors(dagbag) -> None:
    assert dagbag.import_errors == {}
    assert {"marsad_ingest", "marsad_process", "marsad_report"} <= set(dagbag.dag_ids)


def test_dags_are_documented_tagged_and_retried(dagbag) -> None:
    for dag in dagbag.dags.values():
        assert "marsad" in dag.tags
        assert dag.doc_md and dag.max_active_runs == 1 and not dag.catchup
        assert dag.description, f"{dag.dag_id} has no description (the DAG list's one-liner)"
        for t in dag.tasks:
            assert t.retries >= 2, t.task_id
            assert t.doc_md, f"{dag.dag_id}.{t.task_id} has no doc_md"


def test_schedules_chain_through_assets(dagbag) -> None:
    ingest, process, report = (dagbag.get_dag(d) for d in ("marsad_ingest", "marsad_process", "marsad_report"))
    assert ingest.schedule == "0 2 * * *"
    outlets = {a.uri for t in ingest.tasks for a in t.outlets}
    assert outlets == {"marsad://news/articles"}
    assert [a.uri for a in process.schedule] == ["marsad://news/articles"]
    assert {a.uri for t in process.tasks for a in t.outlets} == {"marsad://news/claims"}
    assert [a.uri for a in report.schedule] == ["marsad://news/claims"]


def test_assets_are_named_alike(dagbag) -> None:
    """The UI shows an asset by its name: every one is marsad_<what>, its URI marsad://..."""
    assets: set[tuple[str, str]] = set()
    for dag in dagbag.dags.values():
        condition = getattr(dag.timetable, "asset_condition", None)
        assets |= {(a.name, a.uri) for a in getattr(condition, "objects", [])}
        assets |= {(a.name, a.uri) for t in dag.tasks for a in t.outlets}
    assert assets == {("marsad_articles", "marsad://news/articles"), ("marsad_claims", "marsad://news/claims"),
                      ("marsad_inbox", "marsad://inbox/")}  # Airflow normalises the URI


def test_ingest_maps_per_source_and_process_per_chunk(dagbag) -> None:
    from airflow.sdk.definitions.mappedoperator import MappedOperator

    ingest = dagbag.get_dag("marsad_ingest").get_task("ingest")
    extract = dagbag.get_dag("marsad_process").get_task("extract")
    assert isinstance(ingest, MappedOperator) and isinstance(extract, MappedOperator)
    assert ingest.pool == "marsad_http"


def test_dag_files_import_nothing_heavy() -> None:
    import subprocess

    code = (
        "import sys; sys.path[:0] = [{!r}, {!r}]; import marsad_ingest, marsad_process, marsad_report;"
        "heavy = [m for m in ('marsad.claims', 'marsad.fetch', 'marsad.dedup', 'marsad.store', 'datasketch',"
        " 'feedparser', 'camel_tools')"
        " if m in sys.modules]; print(heavy); sys.exit(1 if heavy else 0)"
    ).format(str(DAGS), str(ROOT / "plugins"))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
