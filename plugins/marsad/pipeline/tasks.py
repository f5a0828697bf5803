"""One function per DAG task: the database URL in, a typed result out.

The DAGs are the orchestration: each of their tasks calls one of these and returns its
``as_dict()``. ``marsad run`` (:mod:`marsad.pipeline.run`) is a plain loop over the same
functions, so the two cannot drift apart. Each opens its own connection (a task may run
on any worker) and its transactions are the steps' own.
"""

from __future__ import annotations

from collections.abc import Sequence

from marsad.fetch import HttpClient
from marsad.model import (
    BreakingFetchResult,
    DedupResult,
    EventsResult,
    ExtractResult,
    IngestResult,
    RefreshResult,
)
from marsad.pipeline import breaking, claims_step, dedup_step, events_step, report
from marsad.pipeline.ingest import ingest_source
from marsad.pipeline.recorded import record_stage
from marsad.pipeline.settings import PipelineSettings
from marsad.pipeline.transaction import transaction
from marsad.store import db
from marsad.store.sources import active_source_keys


def active_sources(url: str) -> list[str]:
    """The keys of the active sources, in key order (one ingest each)."""
    with db.connection(url) as conn, transaction(conn):
        return active_source_keys(conn)


def ingest(url: str, source_key: str, *, run_id: str, dag_id: str) -> IngestResult:
    """Fetch one source's feed and new pages; store the articles and the feed state."""
    with db.connection(url) as conn, HttpClient() as client:
        return ingest_source(conn, source_key, client, run_id=run_id, dag_id=dag_id)


def dedup(url: str, *, run_id: str, dag_id: str, settings: PipelineSettings) -> DedupResult:
    """Decide every article not decided yet (stage ``dedup`` in pipeline_runs)."""
    with db.connection(url) as conn:
        return record_stage(conn, run_id=run_id, dag_id=dag_id, stage="dedup",
                            step=lambda: dedup_step.dedup_articles(conn, settings=settings))


def plan(url: str, settings: PipelineSettings) -> list[list[int]]:
    """Id ranges [first, last] of the articles whose claims are not current."""
    with db.connection(url) as conn:
        return claims_step.plan_chunks(conn, settings)


def extract(url: str, chunk: Sequence[int], *, run_id: str, dag_id: str, settings: PipelineSettings) -> ExtractResult:
    """Extract and store the claims of one chunk (stage ``extract:first-last``)."""
    first, last = chunk
    with db.connection(url) as conn:
        return record_stage(conn, run_id=run_id, dag_id=dag_id, stage=f"extract:{first}-{last}",
                            step=lambda: claims_step.extract_range(conn, first, last, settings))


def events(url: str, *, run_id: str, dag_id: str, settings: PipelineSettings) -> EventsResult:
    """Merge the pending claims into events (stage ``events``)."""
    with db.connection(url) as conn:
        return record_stage(conn, run_id=run_id, dag_id=dag_id, stage="events",
                            step=lambda: events_step.merge_events(conn, settings=settings))


def finish_inbox(url: str) -> int:
    """Mark done the fetched inbox rows whose articles are processed; how many."""
    with db.connection(url) as conn:
        return breaking.finish_processed(conn)


def fetch_submitted(url: str, settings: PipelineSettings) -> BreakingFetchResult:
    """Claim the waiting inbox URLs, fetch and store their articles."""
    with db.connection(url) as conn, HttpClient() as client:
        return breaking.fetch_submitted(conn, client, settings)


def refresh_reports(url: str) -> RefreshResult:
    """Refresh the materialized reporting views."""
    with db.connection(url) as conn:
        return report.refresh_reports(conn)


def loaded_counts(url: str) -> dict[str, int]:
    """Rows per main table, for the report DAG's closing line."""
    with db.connection(url) as conn:
        return report.loaded_counts(conn)
