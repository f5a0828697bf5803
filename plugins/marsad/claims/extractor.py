"""The claims stage for one article: document, mentions, candidates, decisions, decoding,
then dating, modality, location and attribution of each claim.

``analyse`` is shared with training (``marsad.claims.training``), so the model learns on
exactly the candidates and features the extractor scores.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from marsad.claims.attribution import attribution
from marsad.claims.candidates import Candidate, find_candidates
from marsad.claims.dating import default_date, event_date
from marsad.claims.decisions import Decisions, load_decisions
from marsad.claims.decode import Draft, drafts_of, merge_events
from marsad.claims.document import Document, read_document
from marsad.claims.features import ArticleContext, candidate_features, slot_features
from marsad.claims.gazetteer import Gazetteer, load_gazetteer
from marsad.claims.location import claim_location, scene
from marsad.claims.mentions import Mentions, find_mentions
from marsad.claims.modality import claim_modality
from marsad.claims.placing import PlaceOption, choose_place, place_options
from marsad.claims.screening import claim_features
from marsad.model import Claim, Evidence, Location


@dataclass
class Analysis:
    """One article's candidates with the features of both decisions. A candidate's slot
    features are worked out when first asked for: only event candidates need them."""

    doc: Document
    mentions: Mentions
    candidates: list[Candidate]
    context: ArticleContext
    event_features: list[list[str]]
    _slot_features: dict[int, list[list[str]]] = field(default_factory=dict)

    def slot_features(self, index: int) -> list[list[str]]:
        """The role features of each slot of candidate ``index``."""
        found = self._slot_features.get(index)
        if found is None:
            cand = self.candidates[index]
            found = self._slot_features[index] = [
                slot_features(self.doc, self.mentions, self.context, cand, s, i) for i, s in enumerate(cand.slots)]
        return found


def analyse(gaz: Gazetteer, article: Mapping[str, Any]) -> Analysis | None:
    doc = read_document(article, gaz.home_hosts)
    if doc is None:
        return None
    mentions = find_mentions(gaz, doc)
    if not mentions.triggers or not (mentions.actors or mentions.places):
        return None
    cands = find_candidates(doc, mentions)
    if not cands:
        return None
    ctx = ArticleContext(gaz, doc, mentions)
    return Analysis(
        doc, mentions, cands, ctx,
        [candidate_features(doc, mentions, ctx, c) for c in cands],
    )


def decode_candidates(an: Analysis, decisions: Decisions) -> list[Draft]:
    """Drafts of the candidates the event model calls events, one per event."""
    ev, ro = decisions.event, decisions.role
    drafts: list[Draft] = []
    for k, (cand, ef) in enumerate(zip(an.candidates, an.event_features)):
        probs = ev.probabilities(ef)
        best = max(probs)
        if ev.classes[probs.index(best)] == "NONE" or best < decisions.settings.event_threshold:
            continue
        drafts.extend(drafts_of(cand, ev.classes, probs, ro.classes,
                                [ro.probabilities(f) for f in an.slot_features(k)], decisions.settings))
    return merge_events(drafts, decisions.settings, lambda d: _cities(an, d))


def _cities(an: Analysis, draft: Draft) -> set[str]:
    """The cities the evidence sentences of a draft name as where something happened."""
    out: set[str] = set()
    for c in draft.candidates:
        s, e = an.doc.sentences[c.sentence]
        out.update(p.name for p in an.mentions.places_in(s, e) if p.city and p.locative)
    return out


def screening_features(an: Analysis, drafts: list[Draft]) -> list[list[str]]:
    per_type = Counter(d.event_type for d in drafts)
    return [claim_features(an.context, d, per_type[d.event_type]) for d in drafts]


def decode_analysis(an: Analysis, decisions: Decisions) -> list[Draft]:
    """The drafts that pass the claim-level screening (all of them without a screen)."""
    drafts = decode_candidates(an, decisions)
    screen = decisions.screen
    if screen is None or not drafts:
        return drafts
    keep = screen.classes.index("keep")
    return [d for d, f in zip(drafts, screening_features(an, drafts))
            if screen.probabilities(f)[keep] >= decisions.settings.claim_threshold]


def _mode(draft: Draft) -> str | None:
    if draft.event_type != "CONSULT":
        return None
    if draft.mediators:
        return "third-party"
    modes = Counter(c.trigger.entry.detail for c in draft.candidates if c.trigger.entry.detail and c.trigger.entry.detail != "third-party")
    if len(draft.actors) >= 3:
        return "multilateral"
    return modes.most_common(1)[0][0] if modes else None


def place_choices(gaz: Gazetteer, an: Analysis, draft: Draft) -> tuple[list[PlaceOption], Location | None]:
    """The countries on offer for a draft's place, and the rules' own answer."""
    cands = sorted(draft.candidates, key=lambda c: c.trigger.start)
    mode = _mode(draft)
    rule = claim_location(gaz, an.doc, an.mentions, draft.event_type, mode, draft.source, draft.actors, cands)
    return place_options(gaz, an.doc, an.mentions, draft.event_type, draft.source, draft.actors, cands, rule, mode), rule


def _place(gaz: Gazetteer, an: Analysis, draft: Draft, decisions: Decisions) -> Location | None:
    options, rule = place_choices(gaz, an, draft)
    if decisions.place is None:
        return rule
    return choose_place(decisions.place, options)


def _claim(gaz: Gazetteer, an: Analysis, draft: Draft, decisions: Decisions) -> Claim:
    doc, mentions = an.doc, an.mentions
    cands = sorted(draft.candidates, key=lambda c: c.trigger.start)
    modality = claim_modality(doc, mentions, draft.event_type, cands)
    planned = modality == "planned"
    date, precision = event_date(doc, cands, planned)
    if date is None:
        date, precision = default_date(doc, cands, planned)
    mode = _mode(draft)
    spans = sorted({doc.sentences[c.sentence] for c in cands})
    evidence = tuple(Evidence(*doc.original_span(s, e)) for s, e in spans)
    return Claim(
        event_type=draft.event_type,
        actors=tuple(draft.actors),
        mode=mode,
        source_actor=draft.source,
        target_actor=draft.target,
        mediators=tuple(draft.mediators),
        location=_place(gaz, an, draft, decisions),
        event_date=date,
        date_precision=precision,
        modality=modality,
        attribution=attribution(doc, mentions, cands),
        evidence=evidence,
        confidence=round(draft.score, 2),
    )


def extract(article: Mapping[str, Any], gaz: Gazetteer | None = None, decisions: Decisions | None = None) -> list[Claim]:
    """Claims of one article, in order of first evidence."""
    gaz = gaz or load_gazetteer()
    an = analyse(gaz, article)
    if an is None:
        return []
    decisions = decisions or load_decisions()
    drafts = decode_analysis(an, decisions)
    if not drafts:
        return []
    claims = [_claim(gaz, an, d, decisions) for d in drafts]
    where = scene(an.doc, an.mentions, [c.location for c in claims if c.event_type in ("CONSULT", "AGREE")])
    return [c if c.location or where is None else replace(c, location=where) for c in claims]


__all__ = ["Analysis", "analyse", "decode_analysis", "decode_candidates", "extract", "place_choices", "screening_features"]
