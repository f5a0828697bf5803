"""Learning the decisions from annotated articles (``marsad train``).

Each article is analysed exactly as the extractor does it; its gold claims are aligned
to the candidates (``marsad.claims.align``) to give the labels; two multinomial logistic
regressions (scikit-learn) are fitted, one over candidates (NONE or a type) and one over
the slots of the candidates that carry a claim (NONE, source, target, party, mediator);
a third screens the decoded claims (``marsad.claims.screening``) and a fourth ranks the
places on offer for those that match an annotated one (``marsad.claims.placing``).
Training is deterministic: the same examples in the same order, a deterministic solver
(Newton-CG, a second-order method: seconds where L-BFGS took minutes over these features),
weights rounded before they are written, keys sorted.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from marsad.claims.align import NONE, Labels, align
from marsad.claims.decisions import Decisions, DecodeSettings
from marsad.claims.decode import Draft
from marsad.claims.extractor import Analysis, analyse, decode_candidates, place_choices, screening_features
from marsad.claims.gazetteer import Gazetteer, load_gazetteer
from marsad.claims.linear import LinearModel

EVENT_C = 0.5  # inverse regularisation strength of the event model
ROLE_C = 1.0
SCREEN_C = 0.5
PLACE_C = 0.5
SCREEN_FOLDS = 3  # inner folds that give the screen its training claims
_DIGITS = 4
_NEGLIGIBLE = 0.001  # a feature whose every class weight is below this is dropped from the file


@dataclass
class Example:
    """One article's analysis with its labels (None when it has no candidate)."""

    article_id: str
    analysis: Analysis | None
    labels: list[Labels]
    gold: list[dict[str, Any]]


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
            out.append(Example(str(article.get("id")), None, [], [dict(g) for g in gold]))
            continue
        out.append(Example(str(article.get("id")), an, align(an.candidates, [dict(g) for g in gold]), [dict(g) for g in gold]))
    return out


def _fit(rows: Sequence[Sequence[str]], labels: Sequence[str], c: float) -> LinearModel:
    return _logistic([dict.fromkeys(r, 1) for r in rows], labels, c, intercept=True)


def _fit_ranking(groups: Sequence[tuple[Sequence[set[str]], int]], c: float) -> LinearModel:
    """A linear score that puts the right option of each group above the others: a
    logistic regression without intercept on feature differences (right minus other, and
    the reverse as a negative), so the score of a single option only orders options."""
    rows: list[dict[str, int]] = []
    labels: list[str] = []
    for options, right in groups:
        for k, other in enumerate(options):
            if k == right:
                continue
            diff = {f: 1 for f in options[right] - other} | {f: -1 for f in other - options[right]}
            if not diff:
                continue
            rows += [diff, {f: -v for f, v in diff.items()}]
            labels += ["yes", "no"]
    return _logistic(rows, labels, c, intercept=False)


def _logistic(rows: Sequence[Mapping[str, int]], labels: Sequence[str], c: float, intercept: bool) -> LinearModel:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer(sort=True)
    x = vec.fit_transform(rows)
    clf = LogisticRegression(C=c, solver="newton-cg", max_iter=1000, fit_intercept=intercept)
    clf.fit(x, list(labels))
    names = vec.get_feature_names_out()
    coef = clf.coef_
    classes = [str(k) for k in clf.classes_]
    bias = [float(v) for v in clf.intercept_] if intercept else [0.0]
    if len(classes) == 2:  # binary: scikit-learn keeps one row; the softmax needs two
        coef = [[-v / 2 for v in coef[0]], [v / 2 for v in coef[0]]]
        bias = [-bias[0] / 2, bias[0] / 2] if bias[0] else [0.0, 0.0]
    weights: dict[str, tuple[float, ...]] = {}
    for j, name in enumerate(names):
        row = tuple(round(float(coef[k][j]), _DIGITS) for k in range(len(classes)))
        if max(map(abs, row)) >= _NEGLIGIBLE:
            weights[str(name)] = row
    return LinearModel(tuple(classes), tuple(round(v, _DIGITS) for v in bias), weights)


def _fit_candidates(train: Sequence[Example], settings: DecodeSettings, event_c: float, role_c: float) -> Decisions:
    """The event and role models, without the claim-level screen."""
    ev_rows: list[list[str]] = []
    ev_labels: list[str] = []
    ro_rows: list[list[str]] = []
    ro_labels: list[str] = []
    for ex in train:
        if ex.analysis is None:
            continue
        for k, (feats, label) in enumerate(zip(ex.analysis.event_features, ex.labels)):
            ev_rows.append(feats)
            ev_labels.append(label.event)
            if label.event != NONE:
                ro_rows.extend(ex.analysis.slot_features(k))
                ro_labels.extend(label.roles)
    return Decisions(_fit(ev_rows, ev_labels, event_c), _fit(ro_rows, ro_labels, role_c), settings)


def _matching(draft: Draft, gold: Sequence[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The first gold claim with the draft's type and half its actors (the scorer's rule)."""
    mine = set(draft.actors)
    for g in gold:
        theirs = {str(a).upper() for a in g.get("actors") or []}
        if str(g.get("event_type", "")).upper() == draft.event_type and mine | theirs \
                and len(mine & theirs) * 2 >= len(mine | theirs):
            return g
    return None


def _gold_country(claim: Mapping[str, Any] | None) -> str | None:
    loc = claim.get("location") if claim else None
    return str(loc["country"]).upper() if isinstance(loc, Mapping) and loc.get("country") else None


def fit_decisions(train: Sequence[Example], settings: DecodeSettings | None = None,
                  event_c: float = EVENT_C, role_c: float = ROLE_C, screen_c: float = SCREEN_C) -> Decisions:
    """All four decisions. The screen and the place ranking learn from claims decoded by
    candidate models fitted without the article (inner folds), so they see the errors
    unseen articles give."""
    settings = settings or DecodeSettings()
    gaz = load_gazetteer()
    base = _fit_candidates(train, settings, event_c, role_c)
    rows: list[list[str]] = []
    labels: list[str] = []
    places: list[tuple[list[set[str]], int]] = []  # the options of a claim, the annotated one
    for k in range(SCREEN_FOLDS):
        inner = _fit_candidates([e for i, e in enumerate(train) if i % SCREEN_FOLDS != k], settings, event_c, role_c)
        for i, ex in enumerate(train):
            if i % SCREEN_FOLDS != k or ex.analysis is None:
                continue
            drafts = decode_candidates(ex.analysis, inner)
            for draft, feats in zip(drafts, screening_features(ex.analysis, drafts)):
                gold = _matching(draft, ex.gold)
                rows.append(feats)
                labels.append("drop" if gold is None else "keep")
                country = _gold_country(gold)
                if country is None:
                    continue
                options = place_choices(gaz, ex.analysis, draft)[0]
                right = [j for j, opt in enumerate(options) if opt.location.country == country]
                if right and len(options) > 1:
                    places.append(([opt.features for opt in options], right[0]))
    place = _fit_ranking(places, PLACE_C) if places else None  # else: the rules
    return replace(base, screen=_fit(rows, labels, screen_c), place=place)


def write_decisions(decisions: Decisions, path: Path) -> None:
    """The model file: sorted keys, no spaces, so the same model gives the same bytes."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(decisions.to_json(), sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)


__all__ = ["Example", "examples", "fit_decisions", "read_annotated", "read_jsonl", "write_decisions"]
