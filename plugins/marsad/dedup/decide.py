"""The deduplication decision, shared by the CLI (in memory) and the pipeline (PostgreSQL).

Articles are decided in id order, a batch at a time, against an index of every article
decided before (earlier batches, earlier nights) plus the earlier articles of the batch:

1. ``url``: same URL key as an earlier article (the same page in several feeds, or
   fetched again after an edit);
2. ``exact``: same hash of the folded words as an earlier article;
3. ``near``: MinHash over word shingles of the body (the outlet's boilerplate
   segments left out); candidates come from LSH band keys, and the earlier article with the highest
   estimated Jaccard similarity, if at least ``threshold``, is the one duplicated.

A duplicate joins the story of the article it duplicates; an article that duplicates
nothing opens a story whose id is its own id, so it is the story's original (the earliest
article, ids growing with fetch order) and story ids never change afterwards.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from marsad.dedup.boilerplate import body_hashes, segment_keys
from marsad.dedup.features import Features, features
from marsad.dedup.minhash import band_keys, jaccard, shingles, signatures
from marsad.model import DedupDecision, DedupDoc, DedupEntry, DedupKind, SegmentKey


@dataclass(frozen=True)
class DedupConfig:
    """Parameters of the decision; docs/dedup.md gives the measurements behind them."""

    shingle_words: int = 3
    num_perm: int = 128
    bands: int = 42
    rows: int = 3
    threshold: float = 0.35  # estimated Jaccard of the bodies' shingle sets
    min_tokens: int = 8  # shorter texts (empty pages, captions) are matched by URL only
    boilerplate_texts: int = 5  # distinct texts of one outlet sharing a segment make it boilerplate

    @property
    def label(self) -> str:
        """A short name of the parameters, saved with each decision."""
        return (f"k{self.shingle_words}-p{self.num_perm}-b{self.bands}x{self.rows}-t{self.threshold}"
                f"-min{self.min_tokens}-bp{self.boilerplate_texts}")


class DedupIndex(Protocol):
    """Everything decided before the current batch: the port this stage declares.

    Implemented in memory (:class:`marsad.dedup.memory.InMemoryIndex`) and in PostgreSQL
    (``marsad.store.dedup.PostgresIndex``, which satisfies it structurally: the store
    never imports a stage)."""

    def first_by_url(self, keys: Sequence[str]) -> dict[str, int]:
        """For each known URL key, the lowest article id carrying it."""

    def first_by_hash(self, hashes: Sequence[str]) -> dict[str, int]:
        """For each known text hash, the lowest article id carrying it."""

    def band_hits(self, keys: Sequence[int]) -> dict[int, list[int]]:
        """For each known band key, the ids of the articles having it."""

    def entries(self, ids: Sequence[int]) -> dict[int, DedupEntry]:
        """The stored entries of these articles."""

    def segment_counts(self, keys: Sequence[SegmentKey]) -> dict[SegmentKey, int]:
        """How many distinct texts of the outlet had each segment."""

    def add(self, decisions: Sequence[DedupDecision]) -> None:
        """Remember a decided batch (atomically, where the index is persistent)."""


class _Batch:
    """The articles of the batch decided so far, layered over the index's answers."""

    def __init__(self, prior_bands: dict[int, list[int]], prior_entries: dict[int, DedupEntry]) -> None:
        self.bands: dict[int, list[int]] = {k: list(v) for k, v in prior_bands.items()}
        self.entries: dict[int, DedupEntry] = dict(prior_entries)

    def remember(self, decision: DedupDecision) -> None:
        self.entries[decision.article_id] = decision.entry()
        for key in decision.band_keys:
            self.bands.setdefault(key, []).append(decision.article_id)

    def best_match(self, keys: Sequence[int], signature: np.ndarray) -> tuple[int, float] | None:
        """The candidate with the highest estimated Jaccard (lowest id on ties)."""
        best: tuple[int, float] | None = None
        for cand in sorted({c for k in keys for c in self.bands.get(k, ())}):
            other = self.entries[cand].signature
            if other is None:
                continue
            sim = jaccard(signature, other)
            if best is None or sim > best[1]:
                best = (cand, sim)
        return best


def decide_batch(index: DedupIndex, docs: Sequence[DedupDoc], config: DedupConfig = DedupConfig()) -> list[DedupDecision]:
    """Decide a batch of articles (in id order) against ``index``; the caller adds the
    decisions to the index afterwards (``index.add``), in one transaction if persistent."""
    return decide_prepared(index, [features(doc) for doc in docs], config)


def decide_prepared(index: DedupIndex, texts: Sequence[Features], config: DedupConfig = DedupConfig()) -> list[DedupDecision]:
    """:func:`decide_batch` on features computed beforehand (possibly in other processes)."""
    prepared = sorted(texts, key=lambda t: t.id)

    def text_hash(t: Features) -> str | None:
        return t.content_hash if t.n_words >= config.min_tokens else None

    hashes = {t.id: text_hash(t) for t in prepared}
    prior_url = index.first_by_url(sorted({p.url_key for p in prepared}))
    prior_hash = index.first_by_hash(sorted({h for h in hashes.values() if h}))

    # Exact matches first: they need neither boilerplate counts nor signatures.
    seen_url: dict[str, int] = dict(prior_url)
    seen_hash: dict[str, int] = dict(prior_hash)
    exact: dict[int, tuple[DedupKind, int]] = {}
    for p in prepared:
        h = hashes[p.id]
        if p.url_key in seen_url:
            exact[p.id] = ("url", seen_url[p.url_key])
        elif h and h in seen_hash:
            exact[p.id] = ("exact", seen_hash[h])
        seen_url.setdefault(p.url_key, p.id)
        if h:
            seen_hash.setdefault(h, p.id)

    # Boilerplate: segments recurring in many distinct texts of the outlet.
    new_texts = [p for p in prepared if hashes[p.id] and p.id not in exact]
    seg_keys = {p.id: segment_keys(p) for p in new_texts}
    counts = Counter(index.segment_counts(sorted({k for ks in seg_keys.values() for k in ks})))
    for ks in seg_keys.values():
        counts.update(ks)

    def is_boilerplate(key: SegmentKey) -> bool:
        return counts[key] >= config.boilerplate_texts

    # Signatures for every text that may be matched later (exact copies add nothing).
    to_sign = [p for p in prepared if hashes[p.id] and exact.get(p.id, ("",))[0] != "exact"]
    sets = [shingles(body_hashes(p, is_boilerplate), config.shingle_words) for p in to_sign]
    sigs = dict(zip((p.id for p in to_sign), signatures(sets, config.num_perm)))
    sizes = dict(zip((p.id for p in to_sign), (len(s) for s in sets)))
    keys = {i: band_keys(s, config.bands, config.rows) for i, s in sigs.items()}

    prior_bands = index.band_hits(sorted({k for ks in keys.values() for k in ks}))
    wanted = {c for ids in prior_bands.values() for c in ids}
    in_batch = {p.id for p in prepared}
    wanted |= {target for _, target in exact.values() if target not in in_batch}
    batch = _Batch(prior_bands, index.entries(sorted(wanted)))

    decisions = []
    for p in prepared:
        i = p.id
        sig = sigs.get(i)
        band = tuple(keys.get(i, ()))
        kind: DedupKind = "original"
        duplicate_of: int | None = None
        similarity: float | None = None
        story_id = i
        if i in exact:
            kind, duplicate_of = exact[i]
            target = batch.entries[duplicate_of]
            story_id = target.story_id
            if kind == "exact":
                similarity = 1.0
            elif sig is not None and target.signature is not None:
                similarity = jaccard(sig, target.signature)
        elif sig is not None:
            match = batch.best_match(band, sig)
            if match is not None and match[1] >= config.threshold:
                kind, duplicate_of, similarity = "near", match[0], match[1]
                story_id = batch.entries[match[0]].story_id
        d = DedupDecision(i, story_id, kind, duplicate_of, similarity, p.url_key, hashes[i], p.content_hash,
                          sig, sizes.get(i, 0), band, tuple(seg_keys.get(i, ())))
        batch.remember(d)
        decisions.append(d)
    return decisions


def dedup_batches(index: DedupIndex, batches: Iterable[Sequence[DedupDoc]], config: DedupConfig = DedupConfig()) -> Iterator[list[DedupDecision]]:
    """Decide and remember batch after batch: the loop both the CLI and the pipeline run."""
    for docs in batches:
        decisions = decide_batch(index, docs, config)
        index.add(decisions)
        yield decisions


def story_groups(decisions: Iterable[DedupDecision]) -> list[list[int]]:
    """Article ids grouped by story, groups of two or more, each sorted, by first id."""
    stories: dict[int, list[int]] = {}
    for d in decisions:
        stories.setdefault(d.story_id, []).append(d.article_id)
    return sorted((sorted(g) for g in stories.values() if len(g) >= 2), key=lambda g: g[0])
