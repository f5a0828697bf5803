"""Breaking news: URLs submitted with `marsad submit` are fetched and processed at once."""

from __future__ import annotations


from airflow.sdk import Asset, AssetWatcher, dag, task
from marsad_common import CLAIMS, DAG_DEFAULTS, database_url
from marsad_triggers.inbox import InboxTrigger

INBOX = Asset(
    "marsad://inbox",
    extra={"table": "inbox"},
    watchers=[AssetWatcher(name="marsad_inbox_watcher", trigger=InboxTrigger(poll_interval=5.0))],
)


@dag(
    dag_id="marsad_breaking",
    schedule=[INBOX],
    **DAG_DEFAULTS,
    tags=["marsad", "breaking"],
    doc_md="""
### marsad breaking
Event-driven, besides the nightly schedule: `marsad submit URL ...` adds article URLs to
the `inbox` table; an AssetWatcher in the triggerer polls it and updates the
`marsad://inbox` asset within seconds, which starts this DAG. It claims the waiting URLs,
fetches and stores their articles (the same polite client and extraction as the feeds),
runs dedup, claims and events on what is pending, then marks the URLs done and updates
`marsad://news/claims` (which refreshes the reports). A URL that cannot be fetched is marked
`failed` with the reason.
""",
)
def marsad_breaking() -> None:
    @task(pool="marsad_http", doc_md="Claim the waiting inbox URLs, fetch and store their articles.")
    def fetch_submitted() -> list[int]:
        from marsad.fetch import HttpClient
        from marsad.pipeline.breaking import fetch_submitted as fetch
        from marsad.store import db

        with db.connection(database_url()) as conn, HttpClient() as client:
            summary = fetch(conn, client)
        return list(summary["ids"])  # type: ignore[call-overload]

    @task(outlets=[CLAIMS], doc_md="Dedup, claims and events on what is pending; mark the URLs done.")
    def process(ids: list[int]) -> dict[str, object]:
        from marsad.pipeline.breaking import finish_submitted
        from marsad.pipeline.run import process_pending
        from marsad.store import db

        url = database_url()
        result = process_pending(url)
        with db.connection(url) as conn:
            result["done"] = finish_submitted(conn, ids)
        return result

    process(fetch_submitted())


marsad_breaking()
