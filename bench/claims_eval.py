"""Claims quality measured honestly: grouped cross-validation over the annotated sets.

Every article of train + dev is scored by a model trained without it and without its
near-duplicates: folds are groups of the pipeline's own dedup (story ids from the
in-memory index, in file order), dealt round-robin into five folds. The dev set is also
scored by a model trained on train alone. Matching follows the shared scorer
(``../shared/eval/score.py``): same type, actor Jaccard >= 0.5, one-to-one.
"""

from __future__ import annotations

import importlib.util
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Mapping, Sequence

from marsad.claims.extractor import extract
from marsad.claims.gazetteer import load_gazetteer
from marsad.claims.training import Example, examples, fit_decisions, read_annotated
from marsad.dedup import DEDUP_BATCH_SIZE, DedupConfig, InMemoryIndex, chunks, dedup_batches
from marsad.model import DedupDoc

FOLDS = 5
Pair = tuple[dict[str, Any], list[dict[str, Any]]]


def load_scorer(eval_dir: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("marsad_shared_score", eval_dir / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def dedup_folds(pairs: Sequence[Pair], folds: int = FOLDS) -> list[int]:
    """The fold of each article: near-duplicates (one dedup story) share a fold."""
    docs = [DedupDoc(id=i + 1, url=a.get("url") or f"urn:marsad:{a.get('id')}", outlet=a.get("source_outlet") or "",
                text=a.get("text") or "") for i, (a, _) in enumerate(pairs)]
    story: dict[int, int] = {}
    for batch in dedup_batches(InMemoryIndex(), chunks(docs, DEDUP_BATCH_SIZE), DedupConfig()):
        for d in batch:
            story[d.article_id] = d.story_id
    order: dict[int, int] = {}
    for i in range(len(pairs)):
        order.setdefault(story.get(i + 1, -(i + 1)), len(order))
    return [order[story.get(i + 1, -(i + 1))] % folds for i in range(len(pairs))]


@dataclass
class Scores:
    """Counts over scored articles: per type, parties of matched claims, attributes, errors."""

    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    party: list[int] = field(default_factory=lambda: [0, 0, 0])  # shared, predicted, gold
    attrs: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    errors: Counter[str] = field(default_factory=Counter)
    offtopic_claims: int = 0
    offtopic_articles: int = 0

    def add(self, scorer: ModuleType, gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> None:
        pairs = scorer.match(gold, pred)
        mg = {g for g, _ in pairs}
        mp = {p for _, p in pairs}
        if not gold:
            self.offtopic_articles += 1
            self.offtopic_claims += len(pred)
        for gi, pi in pairs:
            g, p = gold[gi], pred[pi]
            if not g.get("required", True):
                continue
            self.tp[g["event_type"]] += 1
            ga, pa = scorer.actor_set(g), scorer.actor_set(p)
            self.party[0] += len(ga & pa)
            self.party[1] += len(pa)
            self.party[2] += len(ga)
            for name, gv, pv in (("event_date", g.get("event_date"), p.get("event_date")),
                                 ("location", scorer.country(g), scorer.country(p)),
                                 ("mediator", g.get("mediator"), p.get("mediator"))):
                if gv:
                    self.attrs[name][0] += int(gv == pv)
                    self.attrs[name][1] += 1
        for gi, g in enumerate(gold):
            if g.get("required", True) and gi not in mg:
                self.fn[g["event_type"]] += 1
                self.errors[_missed(scorer, g, pred)] += 1
        for pi, p in enumerate(pred):
            if pi not in mp:
                self.fp[p["event_type"]] += 1
                self.errors[_spurious(scorer, p, gold)] += 1

    def prf(self, t: str | None = None) -> tuple[float, float, float]:
        tp = self.tp[t] if t else sum(self.tp.values())
        fp = self.fp[t] if t else sum(self.fp.values())
        fn = self.fn[t] if t else sum(self.fn.values())
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _missed(scorer: ModuleType, g: Mapping[str, Any], pred: list[dict[str, Any]]) -> str:
    ga = scorer.actor_set(g)
    same = [p for p in pred if p["event_type"] == g["event_type"]]
    if any(scorer.actor_set(p) & ga for p in same):
        return f"missed {g['event_type']}: predicted with other parties"
    if any(scorer.jaccard(scorer.actor_set(p), ga) >= 0.5 for p in pred):
        return f"missed {g['event_type']}: same parties, other type"
    if same:
        return f"missed {g['event_type']}: type predicted, parties disjoint"
    return f"missed {g['event_type']}: no claim of the type"


def _spurious(scorer: ModuleType, p: Mapping[str, Any], gold: list[dict[str, Any]]) -> str:
    if not gold:
        return "spurious: article with no gold claim"
    pa = scorer.actor_set(p)
    same = [g for g in gold if g["event_type"] == p["event_type"]]
    if any(scorer.actor_set(g) & pa for g in same):
        return f"spurious {p['event_type']}: gold event with other parties"
    if any(scorer.jaccard(scorer.actor_set(g), pa) >= 0.5 for g in gold):
        return f"spurious {p['event_type']}: gold parties, other type"
    if same:
        return f"spurious {p['event_type']}: type in gold, parties disjoint"
    return f"spurious {p['event_type']}: no gold event of the type"


def cross_validate(pairs: Sequence[Pair], scorer: ModuleType, folds: int = FOLDS) -> Scores:
    gaz = load_gazetteer()
    exs: list[Example] = examples(pairs, gaz)
    fold_of = dedup_folds(pairs, folds)
    scores = Scores()
    for f in range(folds):
        decisions = fit_decisions([e for e, k in zip(exs, fold_of) if k != f])
        for (article, gold), k in zip(pairs, fold_of):
            if k == f:
                scores.add(scorer, gold, [c.to_spec() for c in extract(article, gaz, decisions)])
    return scores


def score_with(pairs: Sequence[Pair], train: Sequence[Pair], scorer: ModuleType) -> Scores:
    """Scores of ``pairs`` by a model trained on ``train``."""
    gaz = load_gazetteer()
    decisions = fit_decisions(examples(train, gaz))
    scores = Scores()
    for article, gold in pairs:
        scores.add(scorer, gold, [c.to_spec() for c in extract(article, gaz, decisions)])
    return scores


def print_scores(title: str, s: Scores, errors: int = 0) -> None:
    p, r, f = s.prf()
    print(f"== {title} ==")
    print(f"{'type':10s} {'tp':>5s} {'fp':>5s} {'fn':>5s} {'P':>6s} {'R':>6s} {'F1':>6s}")
    for t in sorted(set(s.tp) | set(s.fn) | set(s.fp), key=lambda t: -(s.tp[t] + s.fn[t])):
        tp_, rp, fp_ = s.prf(t)
        print(f"{t:10s} {s.tp[t]:5d} {s.fp[t]:5d} {s.fn[t]:5d} {tp_:6.3f} {rp:6.3f} {fp_:6.3f}")
    shared, predicted, gold = s.party
    print(f"parties of matched claims: P={shared / max(1, predicted):.3f} R={shared / max(1, gold):.3f}")
    for name, (right, judged) in sorted(s.attrs.items()):
        print(f"{name}: accuracy {right / max(1, judged):.3f} over {judged} matched claims")
    print(f"claims on the {s.offtopic_articles} articles with no gold claim: {s.offtopic_claims}")
    if errors:
        print("most frequent errors:")
        for name, n in s.errors.most_common(errors):
            print(f"  {n:5d}  {name}")
    print(f"claims: P={p:.3f} R={r:.3f} F1={f:.3f}")


def speed(bench: Path, limit: int) -> tuple[int, float, int]:
    """(articles, seconds, claims) of extract over the first ``limit`` bench articles."""
    import gzip
    import json

    from marsad.claims import extract_claims

    with gzip.open(bench, "rt", encoding="utf-8") as f:
        arts = [json.loads(line) for _, line in zip(range(limit), f)]
    extract_claims(arts[0])
    t0 = time.process_time()
    n = sum(len(extract_claims(a)) for a in arts)
    return len(arts), time.process_time() - t0, n


__all__ = ["Scores", "cross_validate", "dedup_folds", "load_scorer", "print_scores", "read_annotated", "score_with", "speed"]
