"""The in-memory :class:`~marsad.dedup.decide.DedupIndex`, for the CLI and the benchmarks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from marsad.model import DedupDecision, DedupEntry, SegmentKey


class InMemoryIndex:
    """Dicts keyed like the PostgreSQL tables, so both indexes answer alike."""

    def __init__(self) -> None:
        self._url: dict[str, int] = {}
        self._hash: dict[str, int] = {}
        self._bands: dict[int, list[int]] = {}
        self._entries: dict[int, DedupEntry] = {}
        self._segments: Counter[SegmentKey] = Counter()

    def first_by_url(self, keys: Sequence[str]) -> dict[str, int]:
        return {k: self._url[k] for k in keys if k in self._url}

    def first_by_hash(self, hashes: Sequence[str]) -> dict[str, int]:
        return {h: self._hash[h] for h in hashes if h in self._hash}

    def band_hits(self, keys: Sequence[int]) -> dict[int, list[int]]:
        return {k: list(self._bands[k]) for k in keys if k in self._bands}

    def entries(self, ids: Sequence[int]) -> dict[int, DedupEntry]:
        return {i: self._entries[i] for i in ids if i in self._entries}

    def segment_counts(self, keys: Sequence[SegmentKey]) -> dict[SegmentKey, int]:
        return {k: self._segments[k] for k in keys if k in self._segments}

    def add(self, decisions: Sequence[DedupDecision]) -> None:
        for d in decisions:
            if d.article_id in self._entries:
                continue
            self._entries[d.article_id] = d.entry()
            self._url.setdefault(d.url_key, d.article_id)
            if d.text_hash:
                self._hash.setdefault(d.text_hash, d.article_id)
            for key in d.band_keys:
                self._bands.setdefault(key, []).append(d.article_id)
            self._segments.update(d.segment_keys)
