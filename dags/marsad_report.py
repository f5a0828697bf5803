"""Report: refresh the reporting views and run the data-quality checks."""

from __future__ import annotations

from pathlib import Path

from airflow.providers.common.sql.operators.sql import SQLValueCheckOperator
from airflow.sdk import dag, task

from marsad_airflow.assets import CLAIMS
from marsad_airflow.connection import CONN_ID, database_url
from marsad_airflow.defaults import DAG_DEFAULTS

CHECKS_DIR = Path(__file__).resolve().parents[1] / "sql" / "checks"


@dag(
    dag_id="marsad_report",
    schedule=[CLAIMS],
    **DAG_DEFAULTS,
    template_searchpath=[str(CHECKS_DIR)],
    tags=["marsad", "report"],
    description="On new claims: refresh the reporting views, run the data-quality checks, log what is loaded",
    doc_md="""
### marsad report
Scheduled on the `marsad_claims` asset (`marsad://news/claims`). Refreshes the reporting views, then runs the
data-quality checks of `sql/checks/` (each counts offending rows; a non-zero count fails
its task, with the count in the log), then logs what is loaded (sources, articles,
duplicates, claims, events) in one line, which is also the `summary` task's return value.
""",
)
def marsad_report() -> None:
    @task(doc_md="Refresh the materialized reporting views (concurrently where possible).",
          multiple_outputs=False)
    def refresh_views() -> dict[str, object]:
        from marsad.pipeline import tasks
        from marsad.pipeline.tasklog import log_summary

        result = tasks.refresh_reports(database_url())
        log_summary("views", {"refreshed": " ".join(result.refreshed)})
        return result.as_dict()

    @task(trigger_rule="all_done", doc_md="Logs what is loaded (one line) and returns those counts.",
          multiple_outputs=False)
    def summary() -> dict[str, int]:
        from marsad.pipeline import tasks
        from marsad.pipeline.tasklog import log_summary

        counts = tasks.loaded_counts(database_url())
        log_summary("loaded", counts)
        return counts

    refreshed = refresh_views()
    checks = [
        SQLValueCheckOperator(
            task_id=f"check_{path.stem}",
            conn_id=CONN_ID,
            sql=path.name,
            pass_value=0,
            doc_md=path.read_text(encoding="utf-8").splitlines()[0].lstrip("- "),
        )
        for path in sorted(CHECKS_DIR.glob("*.sql"))
    ]
    refreshed >> checks >> summary()


marsad_report()
