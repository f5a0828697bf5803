"""Nightly ingest: one mapped task per active source; emits the articles asset."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from airflow.sdk import dag, get_current_context, task

from marsad_airflow.assets import ARTICLES
from marsad_airflow.connection import database_url
from marsad_airflow.defaults import DAG_DEFAULTS


def _count(summary: dict[str, object], key: str) -> int:
    """One count of an ingest task's summary (absent from a skipped source's: 0)."""
    value = summary.get(key, 0)
    return value if isinstance(value, int) else 0


@dag(
    dag_id="marsad_ingest",
    schedule="0 2 * * *",
    **DAG_DEFAULTS,
    tags=["marsad", "ingest"],
    description="Nightly: fetch each active source's feed and new article pages into articles",
    doc_md="""
### marsad ingest
Every night at 02:00 UTC: for each active source in `sources`, a conditional GET of its
feed (ETag / Last-Modified), then the new article pages (polite: robots.txt, per-host
delay, retries). New articles land in `articles`; the feed state in `sources`. One mapped
task per source, labelled with the source key; its log says in one line what the source
gave (feed status, items, pages fetched, known, skipped, errors, new) and its return value
is that summary. When it finishes it updates the `marsad_articles` asset
(`marsad://news/articles`), which schedules **marsad_process**.
""",
)
def marsad_ingest() -> None:
    @task(doc_md="The keys of the active sources (one mapped ingest task each).")
    def list_sources() -> list[str]:
        from marsad.pipeline import tasks
        from marsad.pipeline.tasklog import log_summary

        keys = tasks.active_sources(database_url())
        log_summary("active sources", {"sources": len(keys), "keys": " ".join(keys)})
        return keys

    @task(
        map_index_template="{{ source_key }}",
        pool="marsad_http",
        doc_md="Fetch one source's feed and its new pages; store articles and feed state.",
        multiple_outputs=False,  # one return_value, not one XCom per count
    )
    def ingest(source_key: str) -> dict[str, object]:
        from marsad.pipeline import tasks

        context = get_current_context()
        context["source_key"] = source_key  # type: ignore[typeddict-unknown-key]
        result = tasks.ingest(database_url(), source_key, run_id=context["run_id"], dag_id="marsad_ingest")
        if result.status == "error":
            # Recorded in sources and pipeline_runs already; failing makes Airflow retry the
            # source and show which outlet failed. Bad single articles never fail the task.
            raise RuntimeError(f"feed of source {source_key} failed: {result.error}")
        return result.as_dict()

    @task(
        outlets=[ARTICLES],
        trigger_rule="all_done",
        doc_md="Totals over the sources: how many answered, failed, new articles, page errors; "
               "emits the articles asset even when one source failed.",
        multiple_outputs=False,
    )
    def summarize(keys: list[str], results: Sequence[dict[str, object]]) -> dict[str, int]:
        from marsad.pipeline.tasklog import log_summary

        # One slice read of the mapped results: iterating the lazy sequence item by item
        # asks for one past the end and the API client logs that miss as an [error].
        answered = list(results[:])
        totals = {
            "sources": len(keys),
            "answered": len(answered),
            "failed": len(keys) - len(answered),  # a failed source has no return value
            "not_modified": sum(r.get("status") == "not_modified" for r in answered),
            "new": sum(_count(r, "new") for r in answered),
            "page_errors": sum(_count(r, "errors") for r in answered),
        }
        log_summary("ingest", totals, logging.WARNING if totals["failed"] else logging.INFO)
        return totals

    keys = list_sources()
    summarize(keys, ingest.expand(source_key=keys))


marsad_ingest()
