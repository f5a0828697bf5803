"""The breaking-news inbox: URLs submitted by hand, claimed, fetched and finished by a run.

A run claims rows with ``FOR UPDATE SKIP LOCKED`` so two runs never take the same URL; a
claim older than the lease is taken over, so a run killed mid-way never strands a URL.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import psycopg2.extensions
from psycopg2.extras import execute_values

from marsad.store.articles import MAX_URL_BYTES, storable_text

Conn = psycopg2.extensions.connection

DEFAULT_LEASE = timedelta(minutes=30)


@dataclass(frozen=True)
class InboxItem:
    id: int
    url: str
    canonical_url: str


@dataclass(frozen=True)
class Outcome:
    """How one claimed URL ended: ``fetched`` (its article is stored) or ``failed``."""

    inbox_id: int
    status: str
    error: str | None = None


@dataclass(frozen=True)
class InboxRow:
    id: int
    url: str
    canonical_url: str
    status: str
    article_id: int | None
    error: str | None
    submitted_at: datetime
    finished_at: datetime | None


def submit(conn: Conn, urls: Sequence[tuple[str, str]]) -> dict[str, list[int]]:
    """Add (url, canonical_url) pairs; a URL already waiting is not added twice.

    Returns {"added": ids, "pending": ids of the rows that were already waiting}. A URL
    too long to be indexed (or stored as an article) raises ValueError before any write.
    """
    if not urls:
        return {"added": [], "pending": []}
    for url, canonical in urls:
        if max(len(url.encode("utf-8", "replace")), len(canonical.encode("utf-8", "replace"))) > MAX_URL_BYTES:
            raise ValueError(f"URL of {len(url)} characters is longer than {MAX_URL_BYTES} bytes: {url[:60]}...")
    unique = list({canonical: (url, canonical) for url, canonical in urls}.values())
    with conn.cursor() as cur:
        added = execute_values(
            cur,
            "INSERT INTO inbox (url, canonical_url) VALUES %s"
            " ON CONFLICT (canonical_url) WHERE status IN ('new', 'processing') DO NOTHING RETURNING id",
            unique,
            fetch=True,
        )
        cur.execute(
            "SELECT id FROM inbox WHERE canonical_url = ANY(%s) AND status IN ('new', 'processing')"
            " AND NOT (id = ANY(%s)) ORDER BY id",
            ([c for _, c in unique], [i for (i,) in added]),
        )
        pending = [i for (i,) in cur.fetchall()]
    return {"added": sorted(i for (i,) in added), "pending": pending}


def new_since(conn: Conn, after_id: int, limit: int = 1000) -> list[InboxItem]:
    """Rows still ``new`` with an id above ``after_id``: what an inbox watcher fires on."""
    with conn.cursor() as cur:
        cur.execute(
            "SELECT id, url, canonical_url FROM inbox WHERE status = 'new' AND id > %s ORDER BY id LIMIT %s",
            (after_id, limit),
        )
        rows = [InboxItem(*r) for r in cur.fetchall()]
    return rows


def claim(conn: Conn, limit: int = 100, lease: timedelta = DEFAULT_LEASE) -> list[InboxItem]:
    """Mark up to ``limit`` waiting rows ``processing`` for this run and return them, oldest first."""
    with conn.cursor() as cur:
        cur.execute(
            """
            UPDATE inbox SET status = 'processing', claimed_at = now(), error = NULL
            WHERE id IN (
                SELECT id FROM inbox
                WHERE status = 'new' OR (status = 'processing' AND claimed_at < now() - %s)
                ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED)
            RETURNING id, url, canonical_url
            """,
            (lease, limit),
        )
        rows = [InboxItem(*r) for r in cur.fetchall()]
    return sorted(rows, key=lambda r: r.id)


def record_outcomes(conn: Conn, outcomes: Sequence[Outcome]) -> int:
    """Store how claimed rows ended; a fetched row is linked to its article by canonical URL."""
    if not outcomes:
        return 0
    with conn.cursor() as cur:
        execute_values(
            cur,
            """
            UPDATE inbox AS i SET status = v.status, error = v.error,
                finished_at = CASE WHEN v.status = 'failed' THEN now() END,
                article_id = (SELECT a.id FROM articles a WHERE a.canonical_url = i.canonical_url)
            FROM (VALUES %s) AS v (id, status, error)
            WHERE i.id = v.id AND i.status = 'processing'
            """,
            [(o.inbox_id, o.status, storable_text(o.error) if o.error else None) for o in outcomes],
            template="(%s::bigint, %s::text, %s::text)",
            page_size=len(outcomes),
        )
        return cur.rowcount


def mark_done(conn: Conn, version: str) -> int:
    """Every fetched row whose article's claims are extracted at ``version`` is done."""
    with conn.cursor() as cur:
        cur.execute(
            "UPDATE inbox i SET status = 'done', finished_at = now() FROM articles a"
            " WHERE i.status = 'fetched' AND a.id = i.article_id AND a.processed_version = %s",
            (version,),
        )
        return cur.rowcount


def rows(conn: Conn, ids: Sequence[int] | None = None) -> list[InboxRow]:
    """Inbox rows (all, or those with these ids), oldest first."""
    with conn.cursor() as cur:
        cur.execute(
            "SELECT id, url, canonical_url, status, article_id, error, submitted_at, finished_at FROM inbox"
            " WHERE %s::bigint[] IS NULL OR id = ANY(%s::bigint[]) ORDER BY id",
            (list(ids) if ids is not None else None,) * 2,
        )
        found = [InboxRow(*r) for r in cur.fetchall()]
    return found
