"""Ingest one source: conditional GET of its feed, new pages fetched, articles stored.

Three transactions, none open while the network is waited on: the source's state is
read, the feed entries' URLs are looked up (one query for the whole feed), then the new
articles, the feed state and the run record are written together, so a failure leaves
the source as it was and the next run fetches the same pages again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime

import psycopg2.extensions

from marsad.fetch import FeedState, HttpClient, fetch_source
from marsad.model import IngestResult
from marsad.pipeline.recorded import record_failure
from marsad.pipeline.transaction import transaction
from marsad.store import locks
from marsad.store.articles import known_canonical_urls, upsert_articles
from marsad.store.runs import record_run
from marsad.store.sources import get_source, record_feed_result

log = logging.getLogger(__name__)


@contextmanager
def _source_lock(conn: psycopg2.extensions.connection, source_key: str) -> Iterator[bool]:
    """Try the source's session-level lock; yield whether it was taken; release it after."""
    with transaction(conn):
        acquired = locks.try_lock_source(conn, source_key)
    try:
        yield acquired
    finally:
        if acquired and not conn.closed:  # a dropped session released its locks already
            with transaction(conn):
                locks.unlock_source(conn, source_key)


def _known(conn: psycopg2.extensions.connection, urls: Sequence[str]) -> set[str]:
    with transaction(conn):
        return known_canonical_urls(conn, urls)


def ingest_source(
    conn: psycopg2.extensions.connection,
    source_key: str,
    client: HttpClient,
    *,
    run_id: str = "manual",
    dag_id: str = "marsad_ingest",
    max_articles: int | None = None,
) -> IngestResult:
    """Fetch one source and store what is new. Never raises for one bad article.

    Holds a per-source advisory lock so two runs cannot interleave writes for the same
    source; the second one skips and says so. When the write fails, its rollback leaves
    the source as it was and the failure is recorded in pipeline_runs on its own.
    """
    started = datetime.now(UTC)
    t0 = time.monotonic()
    with transaction(conn):
        source = get_source(conn, source_key)
    with _source_lock(conn, source_key) as acquired:
        if not acquired:
            log.warning("source %s is being ingested by another run; skipped", source_key)
            return IngestResult(source_key, "locked")
        result = fetch_source(
            client,
            source.feed_url,
            FeedState(etag=source.etag, last_modified=source.last_modified),
            known=lambda urls: _known(conn, urls),
            max_articles=max_articles,
        )
        # A page that failed must be retried next run: keep the old validators, or the
        # feed would answer 304 and the article would never be fetched. (Errors filed
        # under the feed URL itself, such as an entry without a link, are not retried.)
        # Pages deferred by the per-feed cap likewise wait for the next run.
        failed_pages = [url for url, _ in result.errors if url != source.feed_url]
        again = failed_pages or result.counts["deferred"]
        state = FeedState(source.etag, source.last_modified) if again else result.state
        counts = result.counts
        try:
            with transaction(conn):
                stored = upsert_articles(conn, [replace(a, source_id=source.id, outlet=source.name) for a in result.articles])
                record_feed_result(
                    conn,
                    source.id,
                    status=result.status,
                    http_status=result.http_status,
                    etag=state.etag,
                    last_modified=state.last_modified,
                    error=result.error,
                )
                summary = IngestResult(
                    source=source_key,
                    status=result.status,
                    http_status=result.http_status,
                    items=counts["items"], fetched=counts["fetched"], known=counts["known"],
                    skipped=counts["skipped"], errors=counts["errors"], deferred=counts["deferred"],
                    new=stored["inserted"],
                    updated=stored["updated"],
                    rejected=stored["rejected"],
                    seconds=round(time.monotonic() - t0, 3),
                    error=result.error,
                )
                record_run(conn, run_id=run_id, dag_id=dag_id, stage="ingest", source_key=source_key,
                           started_at=started, finished_at=datetime.now(UTC), counts=summary.as_dict())
        except Exception as exc:
            failed = IngestResult(source_key, "error", result.http_status, seconds=round(time.monotonic() - t0, 3),
                                  error=f"{type(exc).__name__}: {exc}")
            record_failure(conn, run_id=run_id, dag_id=dag_id, stage="ingest", source_key=source_key,
                           started_at=started, counts=failed.as_dict())
            raise
    if result.error:
        log.warning("source %s: feed %s: %s", source_key, source.feed_url, result.error)
    for url, message in result.errors:
        log.warning("source %s: %s: %s", source_key, url, message)
    log.info("ingest %s", summary.as_dict())
    return summary
