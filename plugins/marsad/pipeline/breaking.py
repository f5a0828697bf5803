"""Breaking news: URLs submitted to the inbox are fetched, stored and processed at once.

The nightly path discovers articles through feeds; this path takes article URLs directly
(an editor pastes them, ``marsad submit``), so a story is in the claims tables minutes
after it breaks instead of the next morning. Fetching goes through the same polite
client and page extraction as feed ingest; processing is the process steps of any
night, which end by marking done the inbox rows whose articles they processed
(:func:`finish_processed`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from urllib.parse import urlsplit

import psycopg2.extensions

from marsad.claims import EXTRACTOR_VERSION
from marsad.fetch import FetchError, HttpClient, canonicalize_url, extract_page, plausible_date
from marsad.model import Article, BreakingFetchResult
from marsad.pipeline.settings import PipelineSettings
from marsad.pipeline.transaction import transaction
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
    with transaction(conn):
        return inbox.submit(conn, pairs)


def waiting_since(url: str, after_id: int) -> list[inbox.InboxItem]:
    """Inbox rows still waiting above ``after_id``, over a short connection of their own
    (what the inbox trigger polls; a fresh connection per poll survives database restarts)."""
    with db.connection(url) as conn, transaction(conn):
        return inbox.new_since(conn, after_id)


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
    conn: psycopg2.extensions.connection, client: HttpClient, settings: PipelineSettings | None = None
) -> BreakingFetchResult:
    """Claim waiting URLs, fetch and store their articles, record each outcome.

    Never raises for one bad URL: it is marked ``failed`` with the reason. The claim is a
    transaction of its own (other runs skip those rows from then on); the fetch holds none
    open; the articles and the outcomes are stored together in one more. Returns the inbox
    ids fetched and counts.
    """
    settings = settings or PipelineSettings.from_env()
    t0 = time.monotonic()
    with transaction(conn):
        items = inbox.claim(conn, settings.inbox_batch)
    records: list[Article] = []
    outcomes: list[inbox.Outcome] = []
    for item in items:
        try:
            records.append(fetch_article(client, item))
            outcomes.append(inbox.Outcome(item.id, "fetched"))
        except Exception as exc:
            log.warning("breaking: %s failed: %s", item.url, exc, exc_info=not isinstance(exc, (FetchError, ValueError)))
            outcomes.append(inbox.Outcome(item.id, "failed", f"{type(exc).__name__}: {exc}"))
    with transaction(conn):
        stored = upsert_articles(conn, records)
        inbox.record_outcomes(conn, outcomes)
    result = BreakingFetchResult(
        ids=tuple(o.inbox_id for o in outcomes if o.status == "fetched"),
        claimed=len(items),
        fetched=len(records),
        failed=len(items) - len(records),
        new=stored["inserted"],
        updated=stored["updated"],
        seconds=round(time.monotonic() - t0, 3),
    )
    log.info("breaking fetch %s", result.as_dict())
    return result


def finish_processed(conn: psycopg2.extensions.connection) -> int:
    """Mark done every fetched inbox row whose article's claims are extracted (at the
    current extractor version); the process steps call it last."""
    with transaction(conn):
        return inbox.mark_done(conn, EXTRACTOR_VERSION)
