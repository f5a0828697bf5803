"""Claims extraction over chunks of article ids, the part of processing that fans out.

Deduplication (``dedup_step``) runs before it, once, because story ids are assigned in a
stable order; the merge of claims into events (``events_step``) runs after it, once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any

import psycopg2.extensions

from marsad.claims import EXTRACTOR_VERSION, extract_claims
from marsad.model import Claim
from marsad.store.articles import StoredArticle, load_articles, pending_id_ranges, pending_ids
from marsad.store.claims import replace_claims

log = logging.getLogger(__name__)

CHUNK_SIZE = 2000
EXTRACT_BATCH_SIZE = 500


def plan_chunks(conn: psycopg2.extensions.connection, chunk_size: int = CHUNK_SIZE) -> list[list[int]]:
    """Id ranges [first, last] of the articles whose claims are not at the current version."""
    return [[lo, hi] for lo, hi in pending_id_ranges(conn, EXTRACTOR_VERSION, chunk_size)]


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
    conn: psycopg2.extensions.connection, first_id: int, last_id: int, batch_size: int | None = None
) -> dict[str, int]:
    """Extract and store the claims of the pending articles in [first_id, last_id], one
    transaction per ``batch_size`` articles (default ``EXTRACT_BATCH_SIZE``)."""
    batch_size = batch_size or EXTRACT_BATCH_SIZE
    t0 = time.monotonic()
    ids = pending_ids(conn, first_id, last_id, EXTRACTOR_VERSION)
    totals = {"articles": 0, "claims": 0, "claims_written": 0, "claims_deleted": 0}
    for i in range(0, len(ids), batch_size):
        totals_batch = extract_articles(conn, load_articles(conn, ids[i : i + batch_size]))
        for key, value in totals_batch.items():
            totals[key] += value
    log.info("extract [%s, %s]: %s in %.2fs", first_id, last_id, totals, time.monotonic() - t0)
    return totals


def extract_articles(conn: psycopg2.extensions.connection, articles: Sequence[StoredArticle]) -> dict[str, int]:
    """Extract claims for a batch of loaded articles and replace their claim sets atomically."""
    claims = {a.id: _extract_one(a) for a in articles}
    written = replace_claims(conn, EXTRACTOR_VERSION, claims, {a.id: a.text for a in articles})
    return {"articles": len(articles), "claims": sum(len(c) for c in claims.values()), **written}
