"""The claims step: extract claims over chunks of article ids, the part that fans out.

Deduplication (``dedup_step``) runs before it, once, because story ids are assigned in a
stable order; the merge of claims into events (``events_step``) runs after it, once.
A chunk is extracted and stored one transaction per ``claims_batch`` articles.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any

import psycopg2.extensions

from marsad.claims import EXTRACTOR_VERSION, extract_claims
from marsad.model import Claim, ExtractResult
from marsad.pipeline.settings import PipelineSettings
from marsad.pipeline.transaction import transaction
from marsad.store.articles import StoredArticle, load_articles, pending_id_ranges, pending_ids
from marsad.store.claims import replace_claims

log = logging.getLogger(__name__)


def plan_chunks(conn: psycopg2.extensions.connection, settings: PipelineSettings | None = None) -> list[list[int]]:
    """Id ranges [first, last] of the articles whose claims are not at the current version."""
    settings = settings or PipelineSettings.from_env()
    with transaction(conn):
        ranges = pending_id_ranges(conn, EXTRACTOR_VERSION, settings.claims_chunk)
    return [[lo, hi] for lo, hi in ranges]


def _as_input(article: StoredArticle) -> dict[str, Any]:
    return {
        "id": article.ext_id or str(article.id),
        "title": article.title or "",
        "text": article.text,
        "published": article.published_at.isoformat() if article.published_at else None,
        "source_outlet": article.outlet,
        "url": article.url,
    }


def _extract_one(article: StoredArticle) -> list[Claim]:
    """Claims of one article; a failure is logged with its URL and costs only that article."""
    try:
        return extract_claims(_as_input(article))
    except Exception:  # one bad article never costs the run
        log.exception("claims extraction failed for article %s (%s)", article.id, article.canonical_url)
        return []


def extract_range(
    conn: psycopg2.extensions.connection, first_id: int, last_id: int, settings: PipelineSettings | None = None
) -> ExtractResult:
    """Extract and store the claims of the pending articles in [first_id, last_id], one
    transaction per ``settings.claims_batch`` articles."""
    settings = settings or PipelineSettings.from_env()
    t0 = time.monotonic()
    with transaction(conn):
        ids = pending_ids(conn, first_id, last_id, EXTRACTOR_VERSION)
    total = ExtractResult()
    for i in range(0, len(ids), settings.claims_batch):
        with transaction(conn):
            total += extract_articles(conn, load_articles(conn, ids[i : i + settings.claims_batch]))
    log.info("extract [%s, %s]: %s in %.2fs", first_id, last_id, total.as_dict(), time.monotonic() - t0)
    return total


def extract_articles(conn: psycopg2.extensions.connection, articles: Sequence[StoredArticle]) -> ExtractResult:
    """Extract claims for a batch of loaded articles and replace their claim sets (in the
    caller's transaction)."""
    claims = {a.id: _extract_one(a) for a in articles}
    written = replace_claims(conn, EXTRACTOR_VERSION, claims, {a.id: a.text for a in articles})
    return ExtractResult(articles=len(articles), claims=sum(len(c) for c in claims.values()),
                         claims_written=written["claims_written"], claims_deleted=written["claims_deleted"])
