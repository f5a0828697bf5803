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
into events, and marks done the breaking-news inbox rows (`marsad submit`) whose articles
are now processed. Each task logs one line of what it did (articles, duplicates, stories;
claims written; events made; inbox rows done) and returns that summary. The events task
updates the `marsad_claims` asset (`marsad://news/claims`), which schedules **marsad_report**.
""",
)
def marsad_process() -> None:
    @task(doc_md="Exact and near-duplicate detection and story ids, in one ordered pass; "
                 "the per-text work runs in one worker process per core (in the task's own "
                 "process on Celery, whose pool processes may not start children).",
          multiple_outputs=False)
    def dedup() -> dict[str, int]:
        from airflow.sdk import get_current_context

        from marsad.pipeline import tasks
        from marsad.pipeline.settings import PipelineSettings
        from marsad.pipeline.tasklog import log_summary

        result = tasks.dedup(database_url(), run_id=get_current_context()["run_id"], dag_id=DAG_ID,
                             settings=PipelineSettings.from_env())
        log_summary("dedup", result.as_dict())
        return result.as_dict()

    @task(doc_md="Id ranges [first, last] of the articles whose claims are not current.")
    def plan(_dedup: dict[str, int]) -> list[list[int]]:
        from marsad.pipeline import tasks
        from marsad.pipeline.settings import PipelineSettings
        from marsad.pipeline.tasklog import log_summary

        chunks = tasks.plan(database_url(), PipelineSettings.from_env())
        log_summary("plan", {"chunks": len(chunks), "ids": " ".join(f"{lo}-{hi}" for lo, hi in chunks) or None})
        return chunks

    @task(map_index_template="{{ chunk_label }}", doc_md="Extract and store the claims of one chunk.",
          multiple_outputs=False)
    def extract(chunk: list[int]) -> dict[str, int]:
        from airflow.sdk import get_current_context

        from marsad.pipeline import tasks
        from marsad.pipeline.settings import PipelineSettings
        from marsad.pipeline.tasklog import log_summary

        context = get_current_context()
        context["chunk_label"] = f"ids {chunk[0]}-{chunk[1]}"  # type: ignore[typeddict-unknown-key]
        result = tasks.extract(database_url(), chunk, run_id=context["run_id"], dag_id=DAG_ID,
                               settings=PipelineSettings.from_env())
        log_summary(f"claims of ids {chunk[0]}-{chunk[1]}", result.as_dict())
        return result.as_dict()

    @task(outlets=[CLAIMS], trigger_rule="none_failed", doc_md="Merge claims into corroborated events.",
          multiple_outputs=False)
    def events(_extracted: list[dict[str, int]]) -> dict[str, int]:
        from airflow.sdk import get_current_context

        from marsad.pipeline import tasks
        from marsad.pipeline.settings import PipelineSettings
        from marsad.pipeline.tasklog import log_summary

        result = tasks.events(database_url(), run_id=get_current_context()["run_id"], dag_id=DAG_ID,
                              settings=PipelineSettings.from_env())
        log_summary("events", result.as_dict())
        return result.as_dict()

    @task(doc_md="Mark done the breaking-news inbox rows whose articles are now processed.")
    def finish_inbox(_events: dict[str, int]) -> int:
        from marsad.pipeline import tasks
        from marsad.pipeline.tasklog import log_summary

        done = tasks.finish_inbox(database_url())
        log_summary("inbox", {"done": done})
        return done

    finish_inbox(events(extract.expand(chunk=plan(dedup()))))


marsad_process()
