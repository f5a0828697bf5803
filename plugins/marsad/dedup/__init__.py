"""Deduplication: exact (URL key, folded-text hash) and near (MinHash LSH) duplicates,
grouped into stories.

Pure code: no SQL here. The decision records (:class:`marsad.model.DedupDecision`) live in
the model; this stage declares the index it decides against (:class:`DedupIndex`), which
:mod:`marsad.store.dedup` implements over PostgreSQL without importing this package.
"""

from marsad.dedup.batching import DEDUP_BATCH_SIZE, chunks
from marsad.dedup.decide import DedupConfig, DedupIndex, decide_batch, decide_prepared, dedup_batches, story_groups
from marsad.dedup.features import Features, features_of
from marsad.dedup.memory import InMemoryIndex
from marsad.dedup.textkey import text_hash, url_key

__all__ = [
    "DEDUP_BATCH_SIZE",
    "DedupConfig",
    "DedupIndex",
    "Features",
    "InMemoryIndex",
    "chunks",
    "decide_batch",
    "decide_prepared",
    "dedup_batches",
    "features_of",
    "story_groups",
    "text_hash",
    "url_key",
]
