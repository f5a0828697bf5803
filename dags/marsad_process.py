"""Process new articles: dedup, claims over chunks of ids, events; emits the claims asset."""

from __future__ import annotations


from airflow.sdk import dag, task
from marsad_airflow.assets import ARTICLES, CLAIMS
from marsad_airflow.connection import database_url
from marsad_airflow.defaults import DAG_DEFAULTS


DAG_ID = "marsad_process"


@dag(
    dag_id=DAG_ID,
    schedule=[ARTICLES],
    **DAG_DEFAULTS,
    tags=["marsad", "process"],
    description="On new articles: dedup into stories, extract diplomacy claims, merge them into events",
    doc_md="""
### marsad process
Scheduled on the `marsad_articles` asset (`marsad://news/articles`). Deduplicates new articles against every
earlier night (LSH band keys in Postgres), then extracts diplomacy claims in mapped tasks
over chunks of article ids (ids travel through XCom, texts never do), then merges claims
into events. Each task logs one line of what it did (articles, duplicates, stories; claims
written; events made) and returns that summary. Updates the `marsad_claims` asset
(`marsad://news/claims`), which schedules **marsad_report**.
""",
)
def marsad_process() -> None:
    @task(doc_md="Exact and near-duplicate detection and story ids, in one ordered pass; "
                 "the per-text work runs in one worker process per core (in the task's own "
                 "process on Celery, whose pool processes may not start children).",
          multiple_outputs=False)
    def dedup() -> dict[str, int]:
        from airflow.sdk import get_current_context

        from marsad.pipeline.cpu import default_workers
        from marsad.pipeline.dedup_step import dedup_articles
        from marsad.pipeline.recorded import record_stage
        from marsad.pipeline.tasklog import log_summary
        from marsad.store import db

        run_id = get_current_context()["run_id"]
        with db.connection(database_url()) as conn:
            counts = record_stage(conn, run_id=run_id, dag_id=DAG_ID, stage="dedup",
                                  step=lambda: dedup_articles(conn, workers=default_workers()))
        log_summary("dedup", counts)
        return counts

    @task(doc_md="Id ranges [first, last] of the articles whose claims are not current.")
    def plan(_dedup: dict[str, int]) -> list[list[int]]:
        from marsad.pipeline.process import plan_chunks
        from marsad.store import db

        from marsad.pipeline.tasklog import log_summary

        with db.connection(database_url()) as conn:
            chunks = plan_chunks(conn)
        log_summary("plan", {"chunks": len(chunks), "ids": " ".join(f"{lo}-{hi}" for lo, hi in chunks) or None})
        return chunks

    @task(map_index_template="{{ chunk_label }}", doc_md="Extract and store the claims of one chunk.",
          multiple_outputs=False)
    def extract(chunk: list[int]) -> dict[str, int]:
        from airflow.sdk import get_current_context

        from marsad.pipeline.process import extract_range
        from marsad.store import db

        from marsad.pipeline.recorded import record_stage
        from marsad.pipeline.tasklog import log_summary

        context = get_current_context()
        context["chunk_label"] = f"ids {chunk[0]}-{chunk[1]}"  # type: ignore[typeddict-unknown-key]
        with db.connection(database_url()) as conn:
            counts = record_stage(conn, run_id=context["run_id"], dag_id=DAG_ID, stage=f"extract:{chunk[0]}-{chunk[1]}",
                                  step=lambda: extract_range(conn, chunk[0], chunk[1]))
        log_summary(f"claims of ids {chunk[0]}-{chunk[1]}", counts)
        return counts

    @task(outlets=[CLAIMS], trigger_rule="none_failed", doc_md="Merge claims into corroborated events.",
          multiple_outputs=False)
    def events(_extracted: list[dict[str, int]]) -> dict[str, int]:
        from airflow.sdk import get_current_context

        from marsad.pipeline.events_step import merge_events
        from marsad.pipeline.recorded import record_stage
        from marsad.pipeline.tasklog import log_summary
        from marsad.store import db

        run_id = get_current_context()["run_id"]
        with db.connection(database_url()) as conn:
            counts = record_stage(conn, run_id=run_id, dag_id=DAG_ID, stage="events", step=lambda: merge_events(conn))
        log_summary("events", counts)
        return counts

    events(extract.expand(chunk=plan(dedup())))


marsad_process()
