"""Breaking news: URLs submitted with `marsad submit` are fetched at once; emits the articles asset."""

from __future__ import annotations

import logging

from airflow.sdk import dag, task

from marsad_airflow.assets import ARTICLES, INBOX
from marsad_airflow.connection import database_url
from marsad_airflow.defaults import DAG_DEFAULTS


@dag(
    dag_id="marsad_breaking",
    schedule=[INBOX],
    **DAG_DEFAULTS,
    tags=["marsad", "breaking"],
    description="On URLs submitted with `marsad submit`: fetch them at once, for marsad_process",
    doc_md="""
### marsad breaking
Event-driven, besides the nightly schedule: `marsad submit URL ...` adds article URLs to
the `inbox` table; an AssetWatcher in the triggerer polls it and updates the
`marsad_inbox` asset (`marsad://inbox`) within seconds, which starts this DAG. It claims the waiting URLs,
fetches and stores their articles (the same polite client and extraction as the feeds)
and updates the `marsad_articles` asset, which schedules **marsad_process** as after any
night: dedup, claims and events, and at its end the fetched URLs are marked done. A URL
that cannot be fetched is marked `failed` in `inbox` with the reason and logged with its
URL; when every submitted URL failed the task fails (no retry: the outcome is recorded),
so the run is red and no asset event is sent; when only some failed the run goes on with
a warning line that counts them; when nothing was waiting the task is skipped.
""",
)
def marsad_breaking() -> None:
    @task(pool="marsad_http", outlets=[ARTICLES], multiple_outputs=False,
          doc_md="Claim the waiting inbox URLs, fetch and store their articles; "
                 "fails when every one of them failed.")
    def fetch_submitted() -> dict[str, object]:
        from airflow.sdk.exceptions import AirflowFailException, AirflowSkipException

        from marsad.pipeline import tasks
        from marsad.pipeline.settings import PipelineSettings
        from marsad.pipeline.tasklog import log_summary

        result = tasks.fetch_submitted(database_url(), PipelineSettings.from_env())
        line = log_summary("breaking fetch", result.as_dict(), logging.WARNING if result.failed else logging.INFO)
        if result.failed and not result.fetched:
            # Each URL's reason is in the inbox table and logged above; a retry would find
            # nothing to claim and turn the run green, so fail without one.
            raise AirflowFailException(f"every submitted URL failed ({line})")
        if not result.claimed:
            raise AirflowSkipException("no URL was waiting (another run took them)")
        return result.as_dict()

    fetch_submitted()


marsad_breaking()
