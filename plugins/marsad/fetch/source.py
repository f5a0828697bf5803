"""One source per call: conditional feed GET, entries, new article pages, extracted.

DB-free by design: the pipeline passes in the feed validators and a ``known`` look-up
(asked once per feed, with every entry's URL) and persists what comes back. One bad entry or page is logged and counted,
never raised; only the feed itself can make a source fail, and that is reported as
status "error", not as an exception.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Literal

from marsad.fetch.encoding import charset_from_content_type, strip_unencodable
from marsad.fetch.errors import FetchError, RobotsDisallowed
from marsad.fetch.feeds import FeedEntry, parse_feed
from marsad.fetch.http import HttpClient, Response
from marsad.fetch.page import extract_page
from marsad.fetch.urls import canonicalize_url
from marsad.model import Article

log = logging.getLogger(__name__)

EARLIEST_DATE = datetime(1990, 1, 1, tzinfo=UTC)
_HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")


@dataclass(frozen=True)
class FeedState:
    """HTTP validators of the last successful feed fetch, for a conditional GET."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass
class SourceFetch:
    """Outcome of one source. counts: items, fetched, known, skipped (robots), errors,
    deferred (new entries over the cap, left for the next run)."""

    status: Literal["ok", "not_modified", "error"]
    http_status: int | None
    state: FeedState
    error: str | None = None
    articles: list[Article] = field(default_factory=list)
    counts: dict[str, int] = field(
        default_factory=lambda: {"items": 0, "fetched": 0, "known": 0, "skipped": 0, "errors": 0, "deferred": 0}
    )
    skipped: list[tuple[str, str]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)


def _is_html(response: Response) -> bool:
    content_type = (response.content_type or "").split(";")[0].strip().lower()
    return not content_type or content_type in _HTML_TYPES


def _fetch_article(client: HttpClient, feed_url: str, entry: FeedEntry, canonical: str,
                   result: SourceFetch) -> Article | None:
    """Fetch and extract one entry; failures are recorded in ``result`` and give None."""
    url = entry.link or ""
    try:
        response = client.get(url)
    except RobotsDisallowed as exc:
        log.info("feed %s: skipped %s: %s", feed_url, url, exc)
        result.skipped.append((url, f"robots.txt: {exc}"))
        return None
    except FetchError as exc:
        log.warning("feed %s: article %s failed: %s", feed_url, url, exc)
        result.errors.append((url, str(exc)))
        return None
    if not 200 <= response.status < 300:
        log.warning("feed %s: article %s returned HTTP %s", feed_url, url, response.status)
        result.errors.append((url, f"HTTP {response.status}"))
        return None
    page = None
    if _is_html(response):
        try:
            page = extract_page(response.content, response.final_url, response.content_type)
        except Exception as exc:
            log.exception("feed %s: extraction of %s failed", feed_url, url)
            result.errors.append((url, f"extraction failed: {type(exc).__name__}: {exc}"))
    text, origin = (page.text, "page") if page and page.text else (entry.summary, "feed")
    if not strip_unencodable(text).strip():
        # Not stored: a stored URL is never fetched again, and an empty 200 is often a glitch.
        log.warning("feed %s: article %s has no text, neither on the page nor in the feed", feed_url, url)
        result.errors.append((url, "no article text on the page or in the feed"))
        return None
    if origin == "feed":
        log.info("feed %s: no article body in %s; using the feed description", feed_url, url)
    return Article(
        canonical_url=canonical,
        text=strip_unencodable(text),
        title=strip_unencodable(entry.title or (page.title if page else "") or "") or None,
        url=url,
        final_url=response.final_url,
        author=(page.author if page and page.author else entry.author),
        published_at=plausible_date(page.published if page else None, entry.published,
                                    fetched_at=response.fetched_at),
        fetched_at=response.fetched_at,
        http_status=response.status,
        http_headers=response.headers,
        content_type=response.content_type,
        raw=response.content,
        text_origin="page" if origin == "page" else "feed",
    )


def plausible_date(*candidates: datetime | None, fetched_at: datetime) -> datetime | None:
    """The first date that a news article can have: not before 1990, not after the fetch
    (two days of slack for time zone mistakes). Year 1900 or 2100 is a template default."""
    for value in candidates:
        if value is not None and EARLIEST_DATE <= value <= fetched_at + timedelta(days=2):
            return value
    return None


def _conditional_headers(state: FeedState) -> dict[str, str]:
    headers = {}
    if state.etag:
        headers["If-None-Match"] = state.etag
    if state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    return headers


def fetch_source(
    client: HttpClient,
    feed_url: str,
    state: FeedState | None,
    known: Callable[[Sequence[str]], Collection[str]] = lambda urls: (),
    max_articles: int | None = None,
) -> SourceFetch:
    """Fetch a feed (conditional GET) and the entry pages not yet known; never raises.

    At most ``max_articles`` new pages (default: the client's ``max_items_per_feed``), the
    first in feed order; the others are counted as ``deferred``, and the caller must then
    keep the old validators so the next run sees the feed again and takes the next ones.
    """
    state = state or FeedState()
    cap = client.settings.max_items_per_feed if max_articles is None else max_articles
    try:
        response = client.get(feed_url, _conditional_headers(state))
    except RobotsDisallowed as exc:
        return SourceFetch("error", None, state, f"feed disallowed by robots.txt: {exc}",
                           skipped=[(feed_url, f"robots.txt: {exc}")])
    except FetchError as exc:
        log.warning("feed %s failed: %s", feed_url, exc)
        return SourceFetch("error", None, state, str(exc))
    if response.status == 304:
        new_state = FeedState(response.headers.get("etag") or state.etag,
                              response.headers.get("last-modified") or state.last_modified)
        return SourceFetch("not_modified", 304, new_state)
    if not 200 <= response.status < 300:
        return SourceFetch("error", response.status, state, f"feed returned HTTP {response.status}")
    new_state = FeedState(response.headers.get("etag"), response.headers.get("last-modified"))
    parsed = parse_feed(response.content, response.final_url, charset_from_content_type(response.content_type))
    result = SourceFetch("ok", response.status, new_state, parsed.error)
    if parsed.error:
        log.warning("feed %s: %s", feed_url, parsed.error)
    if not parsed.entries and not parsed.version:
        result.status = "error"
        result.error = f"not a feed ({parsed.error or 'no RSS/Atom elements'})"
        return result
    result.counts["items"] = len(parsed.entries)

    entries: dict[str, FeedEntry] = {}  # by canonical URL, the first of each, in feed order
    for entry in parsed.entries:
        if not entry.link:
            log.warning("feed %s: entry %r has no link", feed_url, entry.title[:80])
            result.errors.append((feed_url, f"entry without link: {entry.title[:80]!r}"))
            continue
        entries.setdefault(canonicalize_url(entry.link), entry)
    stored = set(known(list(entries))) if entries else set()
    todo: list[tuple[FeedEntry, str]] = []
    for canonical, entry in entries.items():
        if canonical in stored:
            result.counts["known"] += 1
            continue
        if len(todo) >= cap:
            result.counts["deferred"] += 1
            continue
        todo.append((entry, canonical))

    workers = max(1, min(16, 4 * client.settings.per_host_concurrency, len(todo) or 1))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="marsad-fetch") as pool:
        outcomes = list(pool.map(lambda job: _fetch_article(client, feed_url, job[0], job[1], result), todo))
    result.articles = [article for article in outcomes if article is not None]
    result.counts["fetched"] = len(result.articles)
    result.counts["skipped"] = len(result.skipped)
    result.counts["errors"] = len(result.errors)
    return result
