"""The assets that chain the DAGs: articles (ingest -> process), claims (process -> report)
and the inbox (``marsad submit`` -> breaking), whose watcher runs in the triggerer."""

from __future__ import annotations

from airflow.sdk import Asset, AssetWatcher

from marsad_airflow.triggers import InboxTrigger

ARTICLES = Asset(name="marsad_articles", uri="marsad://news/articles", extra={"table": "articles"})
CLAIMS = Asset(name="marsad_claims", uri="marsad://news/claims", extra={"table": "claims"})
INBOX = Asset(
    name="marsad_inbox",
    uri="marsad://inbox",
    extra={"table": "inbox"},
    watchers=[AssetWatcher(name="marsad_inbox_watcher", trigger=InboxTrigger(poll_interval=5.0))],
)
