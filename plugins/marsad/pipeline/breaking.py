"""Breaking news: URLs submitted to the inbox are fetched, stored and processed at once.

The nightly path discovers articles through feeds; this path takes article URLs directly
(an editor pastes them, ``marsad submit``), so a story is in the claims tables minutes
after it breaks instead of the next morning. Fetching goes through the same polite
client and page extraction as feed ingest; processing is the same dedup, claims and
events steps.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from urllib.parse import urlsplit

import psycopg2.extensions

from marsad.fetch import FetchError, HttpClient, canonicalize_url, extract_page, plausible_date
from marsad.model import Article
from marsad.store import db, inbox
from marsad.store.articles import upsert_articles

log = logging.getLogger(__name__)

_PAGE_TYPES = ("text/html", "application/xhtml+xml", "")


def submit_urls(conn: psycopg2.extensions.connection, urls: Sequence[str]) -> dict[str, list[int]]:
    """Queue article URLs for the breaking path; refuses anything that is not http(s)."""
    pairs = []
    for url in urls:
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {url!r}")
        pairs.append((url.strip(), canonicalize_url(url.strip())))
    return inbox.submit(conn, pairs)


def fetch_article(client: HttpClient, item: inbox.InboxItem) -> Article:
    """Fetch and extract one submitted URL; raises FetchError (or ValueError) when unusable."""
    response = client.get(item.url)
    if not 200 <= response.status < 300:
        raise FetchError(f"HTTP {response.status}")
    media_type = (response.content_type or "").split(";")[0].strip().lower()
    if media_type not in _PAGE_TYPES:
        raise ValueError(f"not an article page: {media_type}")
    page = extract_page(response.content, response.final_url, response.content_type)
    if not page.text:
        raise ValueError("no article body found on the page")
    return Article(
        canonical_url=item.canonical_url,
        text=page.text,
        title=page.title,
        outlet=urlsplit(response.final_url).hostname,
        url=item.url,
        final_url=response.final_url,
        author=page.author,
        published_at=plausible_date(page.published, fetched_at=response.fetched_at),
        fetched_at=response.fetched_at,
        http_status=response.status,
        http_headers=response.headers,
        content_type=response.content_type,
        raw=response.content,
        text_origin="page",
    )


def fetch_submitted(
    conn: psycopg2.extensions.connection, client: HttpClient, limit: int = 100
) -> dict[str, object]:
    """Claim waiting URLs, fetch and store their articles, record each outcome.

    Never raises for one bad URL: it is marked ``failed`` with the reason. Returns the
    inbox ids claimed (for the processing step to mark done) and counts.
    """
    t0 = time.monotonic()
    items = inbox.claim(conn, limit)
    records: list[Article] = []
    outcomes: list[inbox.Outcome] = []
    for item in items:
        try:
            records.append(fetch_article(client, item))
            outcomes.append(inbox.Outcome(item.id, "fetched"))
        except Exception as exc:  # noqa: BLE001 - one bad URL must not cost the others
            log.warning("breaking: %s failed: %s", item.url, exc, exc_info=not isinstance(exc, (FetchError, ValueError)))
            outcomes.append(inbox.Outcome(item.id, "failed", f"{type(exc).__name__}: {exc}"))
    stored = upsert_articles(conn, records)
    inbox.record_outcomes(conn, outcomes)
    summary: dict[str, object] = {
        "ids": [o.inbox_id for o in outcomes if o.status == "fetched"],
        "claimed": len(items),
        "fetched": len(records),
        "failed": len(items) - len(records),
        "new": stored["inserted"],
        "updated": stored["updated"],
        "seconds": round(time.monotonic() - t0, 3),
    }
    log.info("breaking fetch %s", summary)
    return summary


def finish_submitted(conn: psycopg2.extensions.connection, ids: Sequence[int]) -> int:
    """Mark the fetched inbox rows done once their articles are processed."""
    return inbox.mark_done(conn, ids)


def run_submitted(url: str, client: HttpClient) -> dict[str, object]:
    """The breaking path without Airflow: fetch what waits, process, mark done."""
    from marsad.pipeline.run import process_pending

    with db.connection(url) as conn:
        fetched = fetch_submitted(conn, client)
    processed = process_pending(url)
    with db.connection(url) as conn:
        done = finish_submitted(conn, fetched["ids"])  # type: ignore[arg-type]
    return {"fetch": fetched, **processed, "done": done}
