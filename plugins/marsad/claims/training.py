"""Learning the decisions from annotated articles (``marsad train``).

Each article is analysed exactly as the extractor does it; its gold claims are aligned
to the candidates (``marsad.claims.align``) to give the labels; two multinomial logistic
regressions (scikit-learn) are fitted, one over candidates (NONE or a type) and one over
the slots of the candidates that carry a claim (NONE, source, target, party, mediator).
Training is deterministic: the same examples in the same order, a deterministic solver,
weights rounded before they are written, keys sorted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from marsad.claims.align import NONE, align
from marsad.claims.decisions import Decisions, DecodeSettings
from marsad.claims.extractor import Analysis, analyse
from marsad.claims.gazetteer import Gazetteer, load_gazetteer
from marsad.claims.linear import LinearModel

EVENT_C = 0.5  # inverse regularisation strength of the event model
ROLE_C = 1.0
_DIGITS = 4


@dataclass
class Example:
    """One article's analysis with its labels (None when it has no candidate)."""

    article_id: str
    analysis: Analysis | None
    events: list[str]
    roles: list[tuple[str, ...]]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def read_annotated(articles: Path, gold: Path) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """(article, gold claims) pairs of an annotated set, in the articles' order."""
    claims = {str(g["article_id"]): g.get("claims") or [] for g in read_jsonl(gold)}
    return [(a, claims.get(str(a.get("id")), [])) for a in read_jsonl(articles)]


def examples(pairs: Iterable[tuple[Mapping[str, Any], Sequence[Mapping[str, Any]]]], gaz: Gazetteer | None = None) -> list[Example]:
    gaz = gaz or load_gazetteer()
    out: list[Example] = []
    for article, gold in pairs:
        an = analyse(gaz, article)
        if an is None:
            out.append(Example(str(article.get("id")), None, [], []))
            continue
        labels = align(an.candidates, [dict(g) for g in gold])
        out.append(Example(str(article.get("id")), an, [lab.event for lab in labels], [lab.roles for lab in labels]))
    return out


def _fit(rows: Sequence[Sequence[str]], labels: Sequence[str], c: float) -> LinearModel:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer(sort=True)
    x = vec.fit_transform([dict.fromkeys(r, 1) for r in rows])
    clf = LogisticRegression(C=c, max_iter=3000, tol=1e-6)
    clf.fit(x, list(labels))
    names = vec.get_feature_names_out()
    coef = clf.coef_
    classes = [str(k) for k in clf.classes_]
    intercept = [float(v) for v in clf.intercept_]
    if len(classes) == 2:  # binary: scikit-learn keeps one row; the softmax needs two
        coef = [[-v / 2 for v in coef[0]], [v / 2 for v in coef[0]]]
        intercept = [-intercept[0] / 2, intercept[0] / 2]
    weights: dict[str, tuple[float, ...]] = {}
    for j, name in enumerate(names):
        row = tuple(round(float(coef[k][j]), _DIGITS) for k in range(len(classes)))
        if any(row):
            weights[str(name)] = row
    return LinearModel(tuple(classes), tuple(round(v, _DIGITS) for v in intercept), weights)


def fit_decisions(train: Sequence[Example], settings: DecodeSettings | None = None,
                  event_c: float = EVENT_C, role_c: float = ROLE_C) -> Decisions:
    ev_rows: list[list[str]] = []
    ev_labels: list[str] = []
    ro_rows: list[list[str]] = []
    ro_labels: list[str] = []
    for ex in train:
        if ex.analysis is None:
            continue
        for feats, slots, event, roles in zip(ex.analysis.event_features, ex.analysis.slot_features, ex.events, ex.roles):
            ev_rows.append(feats)
            ev_labels.append(event)
            if event != NONE:
                ro_rows.extend(slots)
                ro_labels.extend(roles)
    return Decisions(_fit(ev_rows, ev_labels, event_c), _fit(ro_rows, ro_labels, role_c), settings or DecodeSettings())


def write_decisions(decisions: Decisions, path: Path) -> None:
    """The model file: sorted keys, no spaces, so the same model gives the same bytes."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(decisions.to_json(), sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)


__all__ = ["Example", "examples", "fit_decisions", "read_annotated", "read_jsonl", "write_decisions"]
