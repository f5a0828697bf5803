"""Articles: raw bytes, fetch metadata and clean text, keyed by canonical URL.

Writes :class:`marsad.model.Article` records as rows."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg2.extensions

from marsad.model import Article
from marsad.store.copy import copy_rows

Conn = psycopg2.extensions.connection
log = logging.getLogger(__name__)

# A btree index entry holds at most about 2,700 bytes, and canonical_url and ext_id have
# unique indexes (url becomes the dedup url_key, indexed too): a longer value would fail
# its whole transaction. No real article URL comes near 2 KB.
MAX_URL_BYTES = 2048
MAX_ID_BYTES = 256

_COLUMNS = (
    "canonical_url", "ext_id", "source_id", "outlet", "url", "final_url", "title", "author",
    "published_at", "fetched_at", "http_status", "http_headers", "content_type", "raw", "text",
    "text_origin",
)
# Columns whose change means the article's content changed (fetch metadata does not count).
_CONTENT = ("title", "text", "published_at", "author", "text_origin")


def storable_text(value: str) -> str:
    """What PostgreSQL text can hold: NUL bytes dropped, lone surrogates replaced by ``?``
    (whatever the article's origin: files are not cleaned upstream as fetched pages are)."""
    if "\x00" in value:
        value = value.replace("\x00", "")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-8", "replace").decode("utf-8")
    return value


def _values(article: Article) -> tuple[Any, ...]:
    """The row in ``_COLUMNS`` order, text made storable."""
    return tuple(storable_text(v) if isinstance(v, str) else v for v in (getattr(article, c) for c in _COLUMNS))


# Staging table for COPY: per session, emptied at each commit and before each use (two
# batches may share the caller's transaction). ``seq`` keeps the batch's order, so new
# articles get ids in the order they were fetched.
_STAGING = f"""
CREATE TEMP TABLE IF NOT EXISTS articles_in ON COMMIT DELETE ROWS
    AS SELECT 0 AS seq, {", ".join(_COLUMNS)} FROM articles WITH NO DATA;
TRUNCATE articles_in
"""


def unstorable(record: Article) -> str | None:
    """Why ``record`` cannot be stored (a key too long for its index), or None."""
    for name, value, cap in (("canonical_url", record.canonical_url, MAX_URL_BYTES),
                             ("url", record.url, MAX_URL_BYTES), ("final_url", record.final_url, MAX_URL_BYTES),
                             ("ext_id", record.ext_id, MAX_ID_BYTES)):
        if value is not None and len(value.encode("utf-8", "replace")) > cap:
            return f"{name} is {len(value)} characters (at most {cap} bytes can be stored)"
    return None


def upsert_articles(conn: Conn, records: Sequence[Article]) -> dict[str, int]:
    """Insert new articles and update those whose content changed, in the caller's transaction.

    Returns {"inserted": n, "updated": m, "rejected": r}; identical rows are left untouched
    so a re-run changes nothing. A content change clears ``processed_version`` so claims
    are redone. A record that cannot be stored (:func:`unstorable`, or an ext_id stored
    already under another URL) is logged with its source and URL and left out, so it never
    costs the others their transaction.
    The rows travel by COPY into a staging table (see :mod:`marsad.store.copy`).
    """
    storable = []
    for record in records:
        reason = unstorable(record)
        if reason is None:
            storable.append(record)
        else:
            log.warning("article %.200s (source %s): %s; rejected", record.url or record.canonical_url,
                        record.outlet or record.source_id, reason)
    rejected = len(records) - len(storable)
    records = storable
    if not records:
        return {"inserted": 0, "updated": 0, "rejected": rejected}
    cols = ", ".join(_COLUMNS)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in _COLUMNS if c != "canonical_url")
    changed = " OR ".join(f"articles.{c} IS DISTINCT FROM EXCLUDED.{c}" for c in _CONTENT)
    with conn.cursor() as cur:
        cur.execute(_STAGING)
        copy_rows(cur, "articles_in", ("seq", *_COLUMNS), ((i, *_values(r)) for i, r in enumerate(records)))
        # An ext_id stored before under another URL would break its unique index and the
        # whole batch with it: that record alone is left out.
        cur.execute(
            "DELETE FROM articles_in i USING articles a WHERE a.ext_id = i.ext_id"
            " AND a.canonical_url <> i.canonical_url RETURNING i.ext_id, i.canonical_url, a.canonical_url"
        )
        for ext_id, url, stored_url in cur.fetchall():
            log.warning("article %.200s: id %.80r is stored already for %.200s; rejected", url, ext_id, stored_url)
            rejected += 1
        cur.execute(
            f"""
            INSERT INTO articles ({cols}) SELECT {cols} FROM articles_in ORDER BY seq
            ON CONFLICT (canonical_url) DO UPDATE SET {updates}, updated_at = now(),
                processed_version = NULL, text_hash = NULL
            WHERE {changed}
            RETURNING (xmax = 0) AS inserted
            """
        )
        flags = cur.fetchall()
    inserted = sum(1 for (f,) in flags if f)
    return {"inserted": inserted, "updated": len(flags) - inserted, "rejected": rejected}


def known_canonical_urls(conn: Conn, urls: Sequence[str]) -> set[str]:
    """Which of these canonical URLs are stored already (so their pages are not refetched)."""
    if not urls:
        return set()
    with conn.cursor() as cur:
        cur.execute("SELECT canonical_url FROM articles WHERE canonical_url = ANY(%s)", (list(urls),))
        found = {u for (u,) in cur.fetchall()}
    return found


def pending_id_ranges(conn: Conn, version: str, chunk_size: int) -> list[tuple[int, int]]:
    """Inclusive id ranges covering the articles whose claims are not at ``version``.

    Ranges, not id lists, travel through XCom: a night of 60k articles is a few dozen pairs.
    """
    with conn.cursor() as cur:
        cur.execute(
            "SELECT id FROM articles WHERE processed_version IS DISTINCT FROM %s ORDER BY id", (version,)
        )
        ids = [i for (i,) in cur.fetchall()]
    return [(ids[i], ids[min(i + chunk_size, len(ids)) - 1]) for i in range(0, len(ids), chunk_size)]


@dataclass(frozen=True)
class StoredArticle:
    id: int
    ext_id: str | None
    canonical_url: str
    url: str | None
    outlet: str | None
    title: str | None
    text: str
    published_at: datetime | None


def pending_ids(conn: Conn, first_id: int, last_id: int, version: str) -> list[int]:
    """Ids in [first_id, last_id] whose claims are not at ``version``."""
    with conn.cursor() as cur:
        cur.execute(
            "SELECT id FROM articles WHERE id BETWEEN %s AND %s AND processed_version IS DISTINCT FROM %s"
            " ORDER BY id",
            (first_id, last_id, version),
        )
        ids = [i for (i,) in cur.fetchall()]
    return ids


def load_articles(conn: Conn, ids: Sequence[int]) -> list[StoredArticle]:
    """The articles with these ids, in id order, with their outlet's name."""
    with conn.cursor() as cur:
        cur.execute(
            """
            SELECT a.id, a.ext_id, a.canonical_url, a.url, COALESCE(a.outlet, s.name), a.title, a.text,
                   a.published_at
            FROM articles a LEFT JOIN sources s ON s.id = a.source_id
            WHERE a.id = ANY(%s) ORDER BY a.id
            """,
            (list(ids),),
        )
        rows = [StoredArticle(*row) for row in cur.fetchall()]
    return rows
