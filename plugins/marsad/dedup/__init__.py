"""Deduplication: exact (URL key, folded-text hash) and near (MinHash LSH) duplicates,
grouped into stories; and the pure logic that merges claims into events.

Pure code: no SQL here. The PostgreSQL index lives in :mod:`marsad.store.dedup`.
"""

from marsad.dedup.decide import (
    DedupConfig,
    DedupIndex,
    Decision,
    Doc,
    Entry,
    decide_batch,
    decide_prepared,
    dedup_batches,
    story_groups,
)
from marsad.dedup.memory import InMemoryIndex
from marsad.dedup.textkey import text_hash, url_key

__all__ = [
    "DedupConfig",
    "DedupIndex",
    "Decision",
    "Doc",
    "Entry",
    "InMemoryIndex",
    "decide_batch",
    "decide_prepared",
    "dedup_batches",
    "story_groups",
    "text_hash",
    "url_key",
]
