"""The dedup step of the process DAG: decide every article not decided yet, in id order.

Batches are read from ``articles``, decided by :func:`marsad.dedup.decide_batch` against
the PostgreSQL index (every earlier batch and night) and saved with the index, one
transaction per batch. Articles already decided are never decided again, so a re-run
changes no row; an article whose text changed keeps its story and gets its new hash.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import psycopg2.extensions

from marsad.dedup import DedupConfig, decide_batch
from marsad.dedup.batching import BATCH_SIZE
from marsad.dedup.textkey import text_hash
from marsad.store.dedup import PostgresIndex, pending_articles, set_text_hashes


def dedup_articles(
    conn: psycopg2.extensions.connection,
    article_ids: Sequence[int] | None = None,
    config: DedupConfig = DedupConfig(),
    batch_size: int = BATCH_SIZE,
    on_batch: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Deduplicate the given articles (default: all not yet decided); return counts.

    ``on_batch(last_id)`` is called after each batch is committed: every article up to
    ``last_id`` is decided then, so later steps may start on them (``process_pending``
    extracts claims behind the dedup front)."""
    index = PostgresIndex(conn, config.label)
    counts = {"articles": 0, "url_dups": 0, "exact_dups": 0, "near_dups": 0, "stories": 0, "rehashed": 0}
    kinds = {"url": "url_dups", "exact": "exact_dups", "near": "near_dups", "original": "stories"}
    last_id = 0
    while batch := pending_articles(conn, article_ids, last_id, batch_size):
        last_id = batch[-1].doc.id
        changed = [p.doc for p in batch if p.decided]
        counts["rehashed"] += set_text_hashes(conn, [(d.id, text_hash(d.text)) for d in changed])
        decisions = decide_batch(index, [p.doc for p in batch if not p.decided], config)
        index.add(decisions)
        counts["articles"] += len(decisions)
        for d in decisions:
            counts[kinds[d.kind]] += 1
        if on_batch is not None:
            on_batch(last_id)
    return counts
