"""Nightly ingest: one mapped task per active source; emits the articles asset."""

from __future__ import annotations


from airflow.sdk import dag, get_current_context, task
from marsad_common import ARTICLES, DAG_DEFAULTS, database_url


@dag(
    dag_id="marsad_ingest",
    schedule="0 2 * * *",
    **DAG_DEFAULTS,
    tags=["marsad", "ingest"],
    doc_md="""
### marsad ingest
Every night at 02:00 UTC: for each active source in `sources`, a conditional GET of its
feed (ETag / Last-Modified), then the new article pages (polite: robots.txt, per-host
delay, retries). New articles land in `articles`; the feed state in `sources`. One mapped
task per source, labelled with the source key. When it finishes it updates the
`marsad://news/articles` asset, which schedules **marsad_process**.
""",
)
def marsad_ingest() -> None:
    @task(doc_md="The keys of the active sources (one mapped ingest task each).")
    def list_sources() -> list[str]:
        from marsad.store import db
        from marsad.store.sources import active_source_keys

        with db.connection(database_url()) as conn:
            return active_source_keys(conn)

    @task(
        map_index_template="{{ source_key }}",
        pool="marsad_http",
        doc_md="Fetch one source's feed and its new pages; store articles and feed state.",
    )
    def ingest(source_key: str) -> dict[str, object]:
        from marsad.fetch import HttpClient
        from marsad.pipeline.ingest import ingest_source
        from marsad.store import db

        context = get_current_context()
        context["source_key"] = source_key  # type: ignore[typeddict-unknown-key]
        with db.connection(database_url()) as conn, HttpClient() as client:
            result = ingest_source(conn, source_key, client, run_id=context["run_id"], dag_id="marsad_ingest")
        if result["status"] == "error":
            # Recorded in sources and pipeline_runs already; failing makes Airflow retry the
            # source and show which outlet failed. Bad single articles never fail the task.
            raise RuntimeError(f"feed of source {source_key} failed: {result.get('error')}")
        return result

    @task(
        outlets=[ARTICLES],
        trigger_rule="all_done",
        doc_md="Totals over the sources that answered; emits the articles asset even when one source failed.",
    )
    def summarize(results: list[dict[str, object]]) -> dict[str, int]:
        totals: dict[str, int] = {"sources": 0, "new": 0, "errors": 0}
        for r in results:
            if r is None:  # a failed source has no return value
                totals["errors"] += 1
                continue
            totals["sources"] += 1
            totals["new"] += int(r.get("new", 0))  # type: ignore[arg-type]
            totals["errors"] += int(r.get("errors", 0))  # type: ignore[arg-type]
        return totals

    summarize(ingest.expand(source_key=list_sources()))


marsad_ingest()
