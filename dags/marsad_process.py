"""Process new articles: dedup, claims over chunks of ids, events; emits the claims asset."""

from __future__ import annotations


from airflow.sdk import dag, task
from marsad_common import ARTICLES, CLAIMS, DAG_DEFAULTS, database_url


DAG_ID = "marsad_process"


@dag(
    dag_id=DAG_ID,
    schedule=[ARTICLES],
    **DAG_DEFAULTS,
    tags=["marsad", "process"],
    doc_md="""
### marsad process
Scheduled on the `marsad://news/articles` asset. Deduplicates new articles against every
earlier night (LSH band keys in Postgres), then extracts diplomacy claims in mapped tasks
over chunks of article ids (ids travel through XCom, texts never do), then merges claims
into events. Updates `marsad://news/claims`, which schedules **marsad_report**.
""",
)
def marsad_process() -> None:
    @task(doc_md="Exact and near-duplicate detection and story ids, in one ordered pass; "
                 "the per-text work runs in one worker process per core (in the task's own "
                 "process on Celery, whose pool processes may not start children).")
    def dedup() -> dict[str, int]:
        from airflow.sdk import get_current_context

        from marsad.pipeline.cpu import default_workers
        from marsad.pipeline.dedup_step import dedup_articles
        from marsad.pipeline.recorded import record_stage
        from marsad.store import db

        run_id = get_current_context()["run_id"]
        with db.connection(database_url()) as conn:
            return record_stage(conn, run_id=run_id, dag_id=DAG_ID, stage="dedup",
                                step=lambda: dedup_articles(conn, workers=default_workers()))

    @task(doc_md="Id ranges [first, last] of the articles whose claims are not current.")
    def plan(_dedup: dict[str, int]) -> list[list[int]]:
        from marsad.pipeline.process import plan_chunks
        from marsad.store import db

        with db.connection(database_url()) as conn:
            return plan_chunks(conn)

    @task(map_index_template="{{ chunk_label }}", doc_md="Extract and store the claims of one chunk.")
    def extract(chunk: list[int]) -> dict[str, int]:
        from airflow.sdk import get_current_context

        from marsad.pipeline.process import extract_range
        from marsad.store import db

        from marsad.pipeline.recorded import record_stage

        context = get_current_context()
        context["chunk_label"] = f"ids {chunk[0]}-{chunk[1]}"  # type: ignore[typeddict-unknown-key]
        with db.connection(database_url()) as conn:
            return record_stage(conn, run_id=context["run_id"], dag_id=DAG_ID, stage=f"extract:{chunk[0]}-{chunk[1]}",
                                step=lambda: extract_range(conn, chunk[0], chunk[1]))

    @task(outlets=[CLAIMS], trigger_rule="none_failed", doc_md="Merge claims into corroborated events.")
    def events(_extracted: list[dict[str, int]]) -> dict[str, int]:
        from airflow.sdk import get_current_context

        from marsad.pipeline.events_step import merge_events
        from marsad.pipeline.recorded import record_stage
        from marsad.store import db

        run_id = get_current_context()["run_id"]
        with db.connection(database_url()) as conn:
            return record_stage(conn, run_id=run_id, dag_id=DAG_ID, stage="events", step=lambda: merge_events(conn))

    events(extract.expand(chunk=plan(dedup())))


marsad_process()
