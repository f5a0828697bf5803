"""Ingest one source: conditional GET of its feed, new pages fetched, articles stored."""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from datetime import datetime, timezone

import psycopg2.extensions

from marsad.fetch import FeedState, HttpClient, fetch_source
from marsad.store import locks
from marsad.store.articles import known_canonical_urls, upsert_articles
from marsad.store.runs import record_run
from marsad.store.sources import get_source, record_feed_result

log = logging.getLogger(__name__)


def ingest_source(
    conn: psycopg2.extensions.connection,
    source_key: str,
    client: HttpClient,
    *,
    run_id: str = "manual",
    dag_id: str = "marsad_ingest",
    max_articles: int | None = None,
) -> dict[str, object]:
    """Fetch one source and store what is new. Never raises for one bad article.

    Holds a per-source advisory lock so two runs cannot interleave writes for the same
    source; the second one skips and says so.
    """
    started = datetime.now(timezone.utc)
    t0 = time.monotonic()
    source = get_source(conn, source_key)
    with locks.source_lock(conn, source_key) as acquired:
        if not acquired:
            log.warning("source %s is being ingested by another run; skipped", source_key)
            return {"source": source_key, "status": "locked", "new": 0}
        result = fetch_source(
            client,
            source.feed_url,
            FeedState(etag=source.etag, last_modified=source.last_modified),
            is_known=lambda url: bool(known_canonical_urls(conn, [url])),
            max_articles=max_articles,
        )
        stored = upsert_articles(conn, [replace(a, source_id=source.id, outlet=source.name) for a in result.articles])
        # A page that failed must be retried next run: keep the old validators, or the
        # feed would answer 304 and the article would never be fetched. (Errors filed
        # under the feed URL itself, such as an entry without a link, are not retried.)
        # Pages deferred by the per-feed cap likewise wait for the next run.
        failed_pages = [url for url, _ in result.errors if url != source.feed_url]
        again = failed_pages or result.counts["deferred"]
        state = FeedState(source.etag, source.last_modified) if again else result.state
        record_feed_result(
            conn,
            source.id,
            status=result.status,
            http_status=result.http_status,
            etag=state.etag,
            last_modified=state.last_modified,
            error=result.error,
        )
    if result.error:
        log.warning("source %s: feed %s: %s", source_key, source.feed_url, result.error)
    for url, message in result.errors:
        log.warning("source %s: %s: %s", source_key, url, message)
    summary: dict[str, object] = {
        "source": source_key,
        "status": result.status,
        "http_status": result.http_status,
        **{k: int(v) for k, v in result.counts.items()},
        "new": stored["inserted"],
        "updated": stored["updated"],
        "rejected": stored["rejected"],
        "seconds": round(time.monotonic() - t0, 3),
    }
    if result.error:
        summary["error"] = result.error
    record_run(conn, run_id=run_id, dag_id=dag_id, stage="ingest", source_key=source_key,
               started_at=started, finished_at=datetime.now(timezone.utc), counts=summary)
    log.info("ingest %s", summary)
    return summary
