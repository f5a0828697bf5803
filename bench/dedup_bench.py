"""Dedup at scale: marsad's decision (in-memory index) vs datasketch's MinHashLSH.

``ours_in_memory`` runs exactly what ``marsad dedup`` runs (URL and exact keys,
boilerplate stripping, MinHash via datasketch, LSH band keys, best-match decision);
``datasketch_baseline`` is the textbook alternative: datasketch's own in-memory
:class:`MinHashLSH` at the same threshold over the same word 3-shingles of the raw text,
each article attached to its best earlier match. ``run_bench.py`` calls both in child
processes (peak RSS per figure); run this file alone for the same table.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "plugins") not in sys.path:
    sys.path.insert(0, str(ROOT / "plugins"))

DATA = ROOT.parent / "shared" / "bench" / "arabic_news_62k.jsonl.gz"


def _summary(story_of: dict[int, int], seconds: float, n: int) -> dict[str, Any]:
    sizes: dict[int, int] = {}
    for story in story_of.values():
        sizes[story] = sizes.get(story, 0) + 1
    groups = [s for s in sizes.values() if s >= 2]
    return {
        "articles": n,
        "seconds": round(seconds, 2),
        "per_s": round(n / seconds) if seconds else None,
        "groups": len(groups),
        "duplicates": sum(groups) - len(groups),
        "pairs": sum(s * (s - 1) // 2 for s in groups),
        "largest_group": max(groups, default=0),
    }


def ours_in_memory(path: Path = DATA, n: int | None = None) -> dict[str, Any]:
    from marsad.dedup import DedupConfig, InMemoryIndex, chunks, dedup_batches
    from marsad.pipeline.offline import file_docs

    docs = [doc for _, doc in file_docs(path, limit=n)]
    t0 = time.perf_counter()
    story_of: dict[int, int] = {}
    kinds: dict[str, int] = {}
    for batch in dedup_batches(InMemoryIndex(), chunks(docs), DedupConfig()):
        for d in batch:
            story_of[d.article_id] = d.story_id
            kinds[d.kind] = kinds.get(d.kind, 0) + 1
    return {**_summary(story_of, time.perf_counter() - t0, len(docs)), "kinds": kinds}


def datasketch_baseline(path: Path = DATA, n: int | None = None, threshold: float | None = None) -> dict[str, Any]:
    from datasketch import MinHash, MinHashLSH

    from marsad.dedup import DedupConfig
    from marsad.dedup.textkey import tokens
    from marsad.pipeline.offline import file_docs

    config = DedupConfig()
    k = config.shingle_words
    docs = [doc for _, doc in file_docs(path, limit=n)]
    t0 = time.perf_counter()
    lsh = MinHashLSH(threshold=threshold or config.threshold, num_perm=config.num_perm)
    story_of: dict[int, int] = {}
    signatures: dict[int, MinHash] = {}
    for doc in docs:
        words = tokens(doc.text)
        grams = {" ".join(words[i : i + k]).encode("utf-8") for i in range(max(1, len(words) - k + 1))} if words else set()
        m = MinHash(num_perm=config.num_perm)
        m.update_batch(grams)
        matches = [(m.jaccard(signatures[c]), -c) for c in lsh.query(m)] if grams else []
        best = max(matches, default=None)
        story_of[doc.id] = story_of[-best[1]] if best and best[0] >= (threshold or config.threshold) else doc.id
        if grams:
            signatures[doc.id] = m
            lsh.insert(doc.id, m)
    return _summary(story_of, time.perf_counter() - t0, len(docs))


def main() -> int:
    if not DATA.is_file():
        print(f"no bench data at {DATA}", file=sys.stderr)
        return 0
    sys.path.insert(0, str(ROOT))
    from bench.run_bench import in_child

    for n in (10_000, 30_000, 60_000):
        for name, func in (("marsad", ours_in_memory), ("datasketch MinHashLSH", datasketch_baseline)):
            print(f"{n:>6} {name:<22} {in_child(func, DATA, n)}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
