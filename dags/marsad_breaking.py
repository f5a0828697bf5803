"""Breaking news: URLs submitted with `marsad submit` are fetched and processed at once."""

from __future__ import annotations

import logging

from airflow.sdk import dag, task
from marsad_airflow.assets import CLAIMS, INBOX
from marsad_airflow.connection import database_url
from marsad_airflow.defaults import DAG_DEFAULTS


@dag(
    dag_id="marsad_breaking",
    schedule=[INBOX],
    **DAG_DEFAULTS,
    tags=["marsad", "breaking"],
    description="On URLs submitted with `marsad submit`: fetch and process them at once",
    doc_md="""
### marsad breaking
Event-driven, besides the nightly schedule: `marsad submit URL ...` adds article URLs to
the `inbox` table; an AssetWatcher in the triggerer polls it and updates the
`marsad_inbox` asset (`marsad://inbox`) within seconds, which starts this DAG. It claims the waiting URLs,
fetches and stores their articles (the same polite client and extraction as the feeds),
runs dedup, claims and events on what is pending, then marks the URLs done and updates
the `marsad_claims` asset (which refreshes the reports). A URL that cannot be fetched is
marked `failed` in `inbox` with the reason and logged with its URL; when every submitted URL
failed the fetch task fails (no retry: the outcome is recorded), so the run is red; when
only some failed the run goes on with a warning line that counts them.
""",
)
def marsad_breaking() -> None:
    @task(pool="marsad_http", doc_md="Claim the waiting inbox URLs, fetch and store their articles; "
                                      "fails when every one of them failed.")
    def fetch_submitted() -> list[int]:
        from airflow.sdk.exceptions import AirflowFailException

        from marsad.fetch import HttpClient
        from marsad.pipeline.breaking import fetch_submitted as fetch
        from marsad.pipeline.tasklog import log_summary
        from marsad.store import db

        with db.connection(database_url()) as conn, HttpClient() as client:
            summary = fetch(conn, client)
        line = log_summary("breaking fetch", summary, logging.WARNING if summary["failed"] else logging.INFO)
        if summary["failed"] and not summary["fetched"]:
            # Each URL's reason is in the inbox table and logged above; a retry would find
            # nothing to claim and turn the run green, so fail without one.
            raise AirflowFailException(f"every submitted URL failed ({line})")
        return list(summary["ids"])  # type: ignore[call-overload]

    @task(outlets=[CLAIMS], doc_md="Dedup, claims and events on what is pending; mark the URLs done.",
          multiple_outputs=False)
    def process(ids: list[int]) -> dict[str, object]:
        from marsad.pipeline.breaking import finish_submitted
        from marsad.pipeline.run import process_pending
        from marsad.pipeline.tasklog import log_summary
        from marsad.store import db

        url = database_url()
        result = process_pending(url)
        with db.connection(url) as conn:
            result["done"] = finish_submitted(conn, ids)
        log_summary("breaking process", result)
        return result

    process(fetch_submitted())


marsad_breaking()
