"""The PostgreSQL side of deduplication: the persistent LSH index and the decisions.

:class:`PostgresIndex` implements the port ``marsad.dedup.DedupIndex`` over the tables of
``002_dedup.sql``, so an article fetched tonight is matched against every article of
earlier nights by indexed look-ups of its band keys, without loading them into memory.
Its :meth:`~PostgresIndex.add` saves a decided batch; like every store function it runs
in the caller's transaction (the dedup step commits each batch with its decisions). The bulk rows
are written in one statement each: the 42 band keys per article as two ``bigint[]``
literals unnested into the lean band table (migration 007), the segment counts through
``COPY`` into a session temporary table and one ``INSERT ... SELECT ... ON CONFLICT``.
It satisfies the protocol structurally, over the model's records: the store imports no stage.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import psycopg2
import psycopg2.extensions
from psycopg2 import sql
from psycopg2.extras import execute_values

from marsad.model import DedupDecision, DedupDoc, DedupEntry, SegmentKey
from marsad.store.copy import copy_rows

Conn = psycopg2.extensions.connection

# The outlet an article counts for: the name the feed gave, else its source's name.
OUTLET_SQL = "COALESCE(NULLIF(a.outlet, ''), s.name, '')"


# dedup_segments is keyed by (outlet, segment_hash) in a btree, which holds about 2,700
# bytes an entry: a longer outlet name (a feed's or a file's, never checked) is stored by
# its digest, or one such article would fail every batch it is in, night after night.
MAX_OUTLET_BYTES = 256


def segment_outlet(outlet: str) -> str:
    """The outlet as ``dedup_segments`` stores it: itself, or a digest when too long."""
    if len(outlet.encode("utf-8", "replace")) <= MAX_OUTLET_BYTES:
        return outlet
    return "sha256:" + hashlib.sha256(outlet.encode("utf-8", "replace")).hexdigest()


def signature_bytes(signature: np.ndarray) -> bytes:
    """A MinHash signature as ``article_dedup.signature`` stores it: little-endian uint32."""
    return signature.astype("<u4", copy=False).tobytes()


def signature_of(data: bytes) -> np.ndarray:
    """The uint32 signature stored by :func:`signature_bytes`."""
    return np.frombuffer(bytes(data), dtype="<u4").astype(np.uint32)


@dataclass(frozen=True)
class PendingArticle:
    doc: DedupDoc
    decided: bool  # True: decided before, only its text hash is missing (its text changed)


def pending_articles(conn: Conn, ids: Sequence[int] | None, after_id: int, limit: int) -> list[PendingArticle]:
    """Up to ``limit`` articles with id > ``after_id`` (among ``ids`` when given) that have
    no decision yet, or whose ``articles.text_hash`` was cleared by a content change."""
    only = "" if ids is None else "AND a.id = ANY(%(ids)s)"
    with conn.cursor() as cur:
        cur.execute(
            f"""
            SELECT a.id, COALESCE(a.url, a.canonical_url), {OUTLET_SQL}, a.text, d.article_id IS NOT NULL
            FROM articles a
            LEFT JOIN sources s ON s.id = a.source_id
            LEFT JOIN article_dedup d ON d.article_id = a.id
            WHERE a.id > %(after)s {only} AND (d.article_id IS NULL OR a.text_hash IS NULL)
            ORDER BY a.id
            LIMIT %(limit)s
            """,
            {"after": after_id, "ids": list(ids) if ids is not None else None, "limit": limit},
        )
        rows = cur.fetchall()
    return [PendingArticle(DedupDoc(i, url, outlet, text), bool(decided)) for i, url, outlet, text, decided in rows]


def set_text_hashes(conn: Conn, hashes: Sequence[tuple[int, str | None]]) -> int:
    """Fill ``articles.text_hash`` (of articles decided before whose text changed)."""
    if not hashes:
        return 0
    with conn.cursor() as cur:
        rows = execute_values(
            cur,
            """
            UPDATE articles a SET text_hash = v.h FROM (VALUES %s) AS v(id, h)
            WHERE a.id = v.id AND a.text_hash IS DISTINCT FROM v.h RETURNING a.id
            """,
            [(i, h) for i, h in hashes],
            template="(%s::bigint, %s::text)",
            fetch=True,
        )
    return len(rows)


# Staging table for COPY: per session, emptied at each commit and before each use.
_STAGING = """
CREATE TEMP TABLE IF NOT EXISTS dedup_segments_in (outlet text, segment_hash bigint, texts integer)
    ON COMMIT DELETE ROWS;
TRUNCATE dedup_segments_in
"""


def _bigint_array(values: Iterable[int]) -> str:
    """A ``bigint[]`` literal: one string for the server to parse, not one parameter per value."""
    return "{" + ",".join(map(str, values)) + "}"


def _text_array(values: Sequence[str]) -> str:
    """A ``text[]`` literal (each element quoted): psycopg2 would send ``ARRAY['..', ...]``,
    an expression of one constant per element that costs the server far more to parse."""
    quoted: dict[str, str] = {}
    for value in values:
        if value not in quoted:
            quoted[value] = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return "{" + ",".join(quoted[v] for v in values) + "}"


class PostgresIndex:
    """``marsad.dedup.DedupIndex`` over PostgreSQL; ``config_label`` is saved with
    each decision so a later change of parameters can be told apart."""

    def __init__(self, conn: Conn, config_label: str, page_size: int = 5000) -> None:
        self.conn = conn
        self.config_label = config_label
        self.page_size = page_size

    def _query(self, sql: str, params: tuple) -> list[tuple]:
        """A batch of point look-ups by an indexed key. The planner prices thousands of
        index probes above one scan of the table and picks the scan, which is wrong here
        (most keys miss) and grows with every night kept: it is told not to, for this
        statement only (the setting is put back, the rest of the transaction plans as usual)."""
        with self.conn.cursor() as cur:
            cur.execute("SET LOCAL enable_seqscan = off")
            cur.execute(sql, params)
            rows = cur.fetchall()
            cur.execute("SET LOCAL enable_seqscan = DEFAULT")
        return rows

    def _first_by(self, column: str, values: Sequence[str]) -> dict[str, int]:
        """For each known value of ``column`` (url_key or text_hash), the lowest article id."""
        if not values:
            return {}
        query = sql.SQL("SELECT {c}, min(article_id) FROM article_dedup WHERE {c} = ANY(%s::text[]) GROUP BY {c}")
        return dict(self._query(query.format(c=sql.Identifier(column)).as_string(self.conn), (_text_array(values),)))

    def first_by_url(self, keys: Sequence[str]) -> dict[str, int]:
        return self._first_by("url_key", keys)

    def first_by_hash(self, hashes: Sequence[str]) -> dict[str, int]:
        return self._first_by("text_hash", hashes)

    def band_hits(self, keys: Sequence[int]) -> dict[int, list[int]]:
        if not keys:
            return {}
        out: dict[int, list[int]] = {}
        for key, article_id in self._query(
            """
            SELECT b.band_key, b.article_id FROM dedup_bands b
            JOIN article_dedup d ON d.article_id = b.article_id
            WHERE b.band_key = ANY(%s::bigint[]) ORDER BY b.band_key, b.article_id
            """,
            (_bigint_array(keys),),
        ):
            out.setdefault(key, []).append(article_id)
        return out

    def entries(self, ids: Sequence[int]) -> dict[int, DedupEntry]:
        if not ids:
            return {}
        rows = self._query(
            "SELECT article_id, story_id, signature, n_shingles FROM article_dedup WHERE article_id = ANY(%s::bigint[])",
            (_bigint_array(ids),),
        )
        return {i: DedupEntry(i, story, signature_of(sig) if sig is not None else None, n) for i, story, sig, n in rows}

    def segment_counts(self, keys: Sequence[SegmentKey]) -> dict[SegmentKey, int]:
        if not keys:
            return {}
        stored = {segment_outlet(o): o for o, _ in keys}
        rows = self._query(
            """
            SELECT g.outlet, g.segment_hash, g.texts
            FROM unnest(%s::text[], %s::bigint[]) AS k(outlet, segment_hash)
            JOIN dedup_segments g USING (outlet, segment_hash)
            """,
            (_text_array([segment_outlet(o) for o, _ in keys]), _bigint_array(h for _, h in keys)),
        )
        return {(stored[o], h): n for o, h, n in rows}

    def add(self, decisions: Sequence[DedupDecision]) -> None:
        """Save a decided batch (in the caller's transaction); articles decided before are skipped,
        so saving the same batch twice changes nothing."""
        if not decisions:
            return
        ps = self.page_size
        with self.conn.cursor() as cur:
            execute_values(
                cur,
                "INSERT INTO stories (id, articles, outlets) VALUES %s ON CONFLICT (id) DO NOTHING",
                [(d.article_id, 0, 0) for d in decisions if d.kind == "original"],
                page_size=ps,
            )
            saved = execute_values(
                cur,
                """
                INSERT INTO article_dedup (article_id, story_id, kind, duplicate_of, similarity, url_key,
                                           text_hash, n_shingles, signature, dedup_config)
                VALUES %s ON CONFLICT (article_id) DO NOTHING RETURNING article_id
                """,
                [
                    (d.article_id, d.story_id, d.kind, d.duplicate_of, d.similarity, d.url_key, d.text_hash,
                     d.n_shingles, psycopg2.Binary(signature_bytes(d.signature)) if d.signature is not None else None,
                     self.config_label)
                    for d in decisions
                ],
                page_size=ps,
                fetch=True,
            )
            new = {i for (i,) in saved}
            fresh = [d for d in decisions if d.article_id in new]
            cur.execute(
                "INSERT INTO dedup_bands (band_key, article_id)"
                " SELECT * FROM unnest(%s::bigint[], %s::bigint[]) AS b(band_key, article_id) ORDER BY 1",
                (_bigint_array(k for d in fresh for k in d.band_keys),
                 _bigint_array(d.article_id for d in fresh for _ in d.band_keys)),
            )
            cur.execute(_STAGING)
            counts: dict[SegmentKey, int] = {}
            for d in fresh:
                for outlet, segment in d.segment_keys:
                    key = (segment_outlet(outlet), segment)
                    counts[key] = counts.get(key, 0) + 1
            copy_rows(cur, "dedup_segments_in", ("outlet", "segment_hash", "texts"),
                      sorted((o, h, n) for (o, h), n in counts.items()))
            cur.execute(
                """
                INSERT INTO dedup_segments (outlet, segment_hash, texts)
                SELECT outlet, segment_hash, texts FROM dedup_segments_in ORDER BY outlet, segment_hash
                ON CONFLICT (outlet, segment_hash) DO UPDATE SET texts = dedup_segments.texts + EXCLUDED.texts
                """
            )
            execute_values(
                cur,
                """
                UPDATE articles a SET text_hash = v.h FROM (VALUES %s) AS v(id, h)
                WHERE a.id = v.id AND a.text_hash IS DISTINCT FROM v.h
                """,
                [(d.article_id, d.content_hash) for d in fresh],
                template="(%s::bigint, %s::text)",
                page_size=ps,
            )
            _refresh_stories(cur, sorted({d.story_id for d in fresh}))


def _refresh_stories(cur: psycopg2.extensions.cursor, story_ids: list[int]) -> None:
    """Recount the articles and outlets of these stories; unchanged rows are not touched."""
    if not story_ids:
        return
    cur.execute(
        f"""
        UPDATE stories st SET articles = c.articles, outlets = c.outlets,
               first_published_at = c.first_pub, last_published_at = c.last_pub, updated_at = now()
        FROM (
            SELECT d.story_id, count(*)::int AS articles, count(DISTINCT {OUTLET_SQL})::int AS outlets,
                   min(a.published_at) AS first_pub, max(a.published_at) AS last_pub
            FROM article_dedup d
            JOIN articles a ON a.id = d.article_id
            LEFT JOIN sources s ON s.id = a.source_id
            WHERE d.story_id = ANY(%s)
            GROUP BY d.story_id
        ) c
        WHERE st.id = c.story_id
          AND (st.articles, st.outlets, st.first_published_at, st.last_published_at)
              IS DISTINCT FROM (c.articles, c.outlets, c.first_pub, c.last_pub)
        """,
        (story_ids,),
    )

