"""What an operator reads after a run: each task's log says what it did in one line, and
its XCom is one readable return_value (not one XCom per count).

The ingest DAG is run with dag.test() on the bundled sample feeds; the log lines are
read from the captured output, the XComs from Airflow's metadata database.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

from marsad.pipeline.tasklog import describe
from marsad_dev.samples import samples_for

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "dags"))


def test_describe_is_one_line_of_counts() -> None:
    line = describe("breaking process", {"dedup": {"articles": 2, "stories": 1}, "ids": [4, 5], "error": None})
    assert line == "breaking process: dedup.articles=2, dedup.stories=1, ids=2"
    assert describe("plan", {}) == "plan: nothing to do"


def test_ingest_logs_what_it_did_and_returns_one_summary(seeded_db: str, capfd: pytest.CaptureFixture[str],
                                                         caplog: pytest.LogCaptureFixture) -> None:
    from airflow.dag_processing.dagbag import DagBag
    from airflow.models.xcom import XComModel
    from airflow.utils.session import create_session

    dag = DagBag(dag_folder=str(ROOT / "dags")).get_dag("marsad_ingest")
    assert dag.description, "the DAG list shows the description as the DAG's one-liner"
    with caplog.at_level(logging.INFO), samples_for(seeded_db, port=0):
        run = dag.test()
    assert str(run.state) == "success"
    output = capfd.readouterr().out + caplog.text
    assert "ingest: sources=2, answered=2, failed=0, not_modified=0, new=6, page_errors=0" in output
    # summarize reads the mapped results in one slice: no 404 for the item past the end.
    assert "XCom not found" not in output
    # Nor deprecation noise from the pinned libraries (pathspec, starlette's test client).
    assert "Deprecat" not in output

    with create_session() as session:
        xcoms = session.query(XComModel).filter(XComModel.dag_id == dag.dag_id,
                                                XComModel.run_id == run.run_id).all()
        keys = {(x.task_id, x.map_index, x.key) for x in xcoms}
        values = {(x.task_id, x.map_index): XComModel.deserialize_value(x) for x in xcoms}
    assert keys == {("list_sources", -1, "return_value"), ("ingest", 0, "return_value"),
                    ("ingest", 1, "return_value"), ("summarize", -1, "return_value")}
    assert values[("summarize", -1)]["new"] == 6
    assert {values[("ingest", i)]["source"] for i in (0, 1)} == {"sample-agency", "sample-daily"}
