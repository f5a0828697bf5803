"""What deduplication needs of one article's text, computed without the index.

Folding, segmenting and hashing the words is most of the dedup CPU and depends on the
text alone, so the pipeline computes it in worker processes ahead of the sequential
decision (:func:`marsad.dedup.decide.decide_prepared`). The result holds no text: a
few numpy arrays and two hashes, cheap to send between processes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from marsad.dedup.minhash import word_hashes
from marsad.dedup.textkey import analyze, url_key, words_hash
from marsad.model import DedupDoc


@dataclass(frozen=True)
class Features:
    """An article's text reduced to its dedup keys."""

    id: int
    outlet: str
    url_key: str
    content_hash: str  # sha256 of the folded words: the exact-duplicate key
    n_words: int
    segment_hashes: np.ndarray  # int64, one per segment (line or sentence), in order
    segment_ends: np.ndarray  # int64, the index after each segment's last word
    word_hashes: np.ndarray  # uint64, the 32-bit hash of each word, in order


def features(doc: DedupDoc) -> Features:
    text = analyze(doc.text)
    words = text.words
    return Features(
        id=doc.id,
        outlet=doc.outlet,
        url_key=url_key(doc.url),
        content_hash=words_hash(words),
        n_words=len(words),
        segment_hashes=np.array([seg.hash for seg in text.segments], dtype=np.int64),
        segment_ends=np.cumsum([len(seg.words) for seg in text.segments], dtype=np.int64),
        word_hashes=word_hashes(words),
    )


def features_of(docs: Iterable[DedupDoc]) -> list[Features]:
    """Features of several documents: one task for a worker process."""
    return [features(doc) for doc in docs]
