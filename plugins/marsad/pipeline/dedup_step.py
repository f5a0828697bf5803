"""The dedup step of the process DAG: decide every article not decided yet, in id order.

Batches are read from ``articles``, decided by :func:`marsad.dedup.decide_prepared`
against the PostgreSQL index (every earlier batch and night) and saved with the index,
one transaction per batch (its look-ups, decisions and writes). Articles already decided are never decided again, so a re-run
changes no row; an article whose text changed keeps its story and gets its new hash.

The decision is sequential (each depends on every earlier one) but most of its CPU is
per-text work that is not (:mod:`marsad.dedup.features`): with ``settings.workers`` > 1
that work runs in a pool of worker processes, a couple of batches ahead of the decisions.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, Future
from contextlib import contextmanager
from itertools import chain

import psycopg2.extensions

from marsad.dedup import DedupConfig, Features, decide_prepared, features_of, text_hash
from marsad.model import DedupDoc, DedupResult
from marsad.pipeline.cpu import usable_workers, worker_pool
from marsad.pipeline.settings import PipelineSettings
from marsad.pipeline.transaction import transaction
from marsad.store.dedup import PendingArticle, PostgresIndex, pending_articles, set_text_hashes
from marsad.store.planner import analyze_if_stale

# What the dedup look-ups read: their statistics must keep up with a long run.
TABLES = ("articles", "article_dedup", "dedup_bands", "dedup_segments", "stories")

LOOKAHEAD = 2  # batches whose features are being computed while one is decided


def _pending_batches(
    conn: psycopg2.extensions.connection, article_ids: Sequence[int] | None, batch_size: int
) -> Iterator[list[PendingArticle]]:
    """The undecided articles in id order, ``batch_size`` at a time; each read is a
    transaction of its own (the batch is decided and saved in a later one)."""
    last_id = 0
    while True:
        with transaction(conn):
            batch = pending_articles(conn, article_ids, last_id, batch_size)
        if not batch:
            return
        last_id = batch[-1].doc.id
        yield batch


def _split(docs: list[DedupDoc], parts: int) -> list[list[DedupDoc]]:
    size = max(1, -(-len(docs) // parts))
    return [docs[i : i + size] for i in range(0, len(docs), size)]


def _with_features(
    batches: Iterator[list[PendingArticle]], executor: Executor | None, parts: int
) -> Iterator[tuple[list[PendingArticle], list[Features]]]:
    """Each batch with the features of its undecided articles, computed by ``executor``
    (split in ``parts`` tasks, ``LOOKAHEAD`` batches ahead) or here when there is none."""
    if executor is None:
        for batch in batches:
            yield batch, features_of(p.doc for p in batch if not p.decided)
        return
    ahead: deque[tuple[list[PendingArticle], list[Future[list[Features]]]]] = deque()

    def oldest() -> tuple[list[PendingArticle], list[Features]]:
        batch, futures = ahead.popleft()
        return batch, [f for future in futures for f in future.result()]

    for batch in batches:
        docs = [p.doc for p in batch if not p.decided]
        ahead.append((batch, [executor.submit(features_of, part) for part in _split(docs, parts)]))
        if len(ahead) > LOOKAHEAD:
            yield oldest()
    while ahead:
        yield oldest()


@contextmanager
def _feature_pool(workers: int) -> Iterator[Executor | None]:
    """Worker processes for the per-text work, or None to do it in this process."""
    if usable_workers(workers) <= 1:
        yield None
        return
    pool = worker_pool(workers)
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def dedup_articles(
    conn: psycopg2.extensions.connection,
    article_ids: Sequence[int] | None = None,
    config: DedupConfig = DedupConfig(),
    settings: PipelineSettings | None = None,
) -> DedupResult:
    """Deduplicate the given articles (default: all not yet decided); return counts.

    ``settings.dedup_batch`` articles per transaction; ``settings.workers`` > 1 computes
    the texts' features in that many worker processes; the decisions are the same either way."""
    settings = settings or PipelineSettings.from_env()
    index = PostgresIndex(conn, config.label)
    counts = {"articles": 0, "url_dups": 0, "exact_dups": 0, "near_dups": 0, "stories": 0, "rehashed": 0}
    with transaction(conn):
        analyze_if_stale(conn, TABLES)
    batches = _pending_batches(conn, article_ids, settings.dedup_batch)
    first = next(batches, None)
    if first is None:
        return DedupResult(**counts)
    # One batch (most small nights) is not worth starting processes for.
    workers = settings.workers if len(first) == settings.dedup_batch else 1
    with _feature_pool(workers) as executor:
        for batch, texts in _with_features(chain([first], batches), executor, workers):
            with transaction(conn):
                _decide_and_save(conn, index, batch, texts, config, counts)
            with transaction(conn):
                analyze_if_stale(conn, TABLES)
    return DedupResult(**counts)


def _decide_and_save(
    conn: psycopg2.extensions.connection,
    index: PostgresIndex,
    batch: list[PendingArticle],
    texts: list[Features],
    config: DedupConfig,
    counts: dict[str, int],
) -> None:
    """Decide one batch, save it with the index (in the caller's transaction) and count the verdicts."""
    kinds = {"url": "url_dups", "exact": "exact_dups", "near": "near_dups", "original": "stories"}
    changed = [p.doc for p in batch if p.decided]
    if changed:
        counts["rehashed"] += set_text_hashes(conn, [(d.id, text_hash(d.text)) for d in changed])
    decisions = decide_prepared(index, texts, config)
    index.add(decisions)
    counts["articles"] += len(decisions)
    for d in decisions:
        counts[kinds[d.kind]] += 1
