"""The learned choice of where a claim's event took place.

The rules of ``marsad.claims.location`` give one answer; the article offers several:
the places of the evidence sentences (locative or not, before or after the trigger, in
its clause, the word before them), the dateline's place, the parties' own states (with
where and how each is named around the trigger) and an organisation's seat, the outlet's
home. Each country on offer is described by what points to it, also with the claim's
type and CONSULT mode, and a linear model ranks them; the best scored wins. The model is
fitted on pairs of options of the annotated claims (``marsad.claims.training``): which of two options is the annotated
place, so it learns what makes one option beat another of the same claim, not what
makes an option likely on its own. The rule's own answer is one of the features, so the
model learns when to trust it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from marsad.claims.candidates import Candidate
from marsad.claims.document import Document
from marsad.claims.features import bucket
from marsad.claims.gazetteer import Gazetteer
from marsad.claims.linear import LinearModel
from marsad.claims.location import SEATS, TOWARDS, is_topic
from marsad.claims.mentions import Mentions, prev_word
from marsad.model import Location

DATELINE_CHARS = 60  # a place starting this early is the dateline's
EVIDENCE = 8  # evidence sentences looked at, the first ones


@dataclass
class PlaceOption:
    """One country a claim could have happened in, with the name to give it."""

    location: Location
    city: bool = False
    features: set[str] = field(default_factory=set)


def place_options(gaz: Gazetteer, doc: Document, mentions: Mentions, etype: str, source: str | None,
                  actors: Sequence[str], cands: Sequence[Candidate], rule: Location | None, mode: str | None = None) -> list[PlaceOption]:
    """The countries on offer for one claim, each with its features."""
    options: dict[str, PlaceOption] = {}

    def offer(name: str, country: str, city: bool, *feats: str) -> None:
        opt = options.get(country)
        if opt is None:
            opt = options[country] = PlaceOption(Location(name, country), city)
        elif city and not opt.city:
            opt.location, opt.city = Location(name, country), True  # a city names the place better
        opt.features.update(feats)

    for rank, c in enumerate(cands[:EVIDENCE]):
        s, e = doc.sentences[c.sentence]
        for p in mentions.places_in(s, e):
            t = c.trigger
            side = "after" if p.start >= t.end else "before"
            gap = doc.folded.count(" ", t.end, p.start) if side == "after" else doc.folded.count(" ", p.end, t.start)
            feats = ["ev", "ev_rank=" + bucket(rank, (0, 1, 3)), "ev_" + side + bucket(gap, (1, 3, 6, 12))]
            if p.locative:
                feats.append("ev_locative")
            before = prev_word(doc.folded, p.start)
            if before in TOWARDS or doc.folded[p.start] == "ل":
                feats.append("ev_towards")
            feats.append("ev_prev=" + before)
            if is_topic(doc, mentions, c, p):
                feats.append("ev_topic")
            if c.clause[0] <= p.start < c.clause[1]:
                feats.append("ev_clause")
                if p.locative:
                    feats.append("ev_clause_locative_rank=" + bucket(rank, (0, 1)))
            if p.start < DATELINE_CHARS:
                feats.append("ev_dateline")
            offer(p.name, p.country, p.city, *feats, "ev_city" if p.city else "ev_country")
    first_city = True
    counts: dict[str, int] = {}
    for p in mentions.places:
        counts[p.country] = counts.get(p.country, 0) + 1
        if p.start < DATELINE_CHARS:
            offer(p.name, p.country, p.city, "dateline")
        elif p.city and p.locative and first_city:
            offer(p.name, p.country, True, "first_locative_city")
            first_city = False
    for i, code in enumerate(actors):
        if code in SEATS:
            offer(*SEATS[code], True, "seat")
        elif code in gaz.actors and gaz.actors[code].kind == "state":
            offer(gaz.actors[code].name_en, code, False, "actor", "actor_last" if i == len(actors) - 1 else "actor_first",
                  *_party_context(doc, mentions, cands, code))
    if source and source in gaz.actors and gaz.actors[source].kind == "state":
        offer(gaz.actors[source].name_en, source, False, "source")
    if doc.home and doc.home in gaz.actors:
        offer(gaz.actors[doc.home].name_en, doc.home, False, "home")
    if rule is not None:
        offer(rule.name, rule.country, False, "rule")
    for country, opt in options.items():
        opt.features.add("art=" + bucket(counts.get(country, 0), (0, 1, 2, 4)))
        kinds = [etype, f"{etype}/{mode}"] if mode else [etype]  # CONSULT/visit: the host's country
        opt.features.update([f"{k}:{f}" for k in kinds for f in opt.features])
        opt.features.add("bias")
    return list(options.values())


def _party_context(doc: Document, mentions: Mentions, cands: Sequence[Candidate], code: str) -> list[str]:
    """Where a party is named around the first trigger whose sentence names it: the side,
    its order among the parties on that side, each also with the trigger word's first
    letters (استقبل X Y: the host comes first after the trigger; زار X Y: second), and
    how it is named (a capital, a leader, an adjective ...)."""
    for c in cands[:EVIDENCE]:
        named = mentions.actors_in(*doc.sentences[c.sentence])
        t = c.trigger
        after = list(dict.fromkeys(m.code for m in named if m.start >= t.end))
        before = list(dict.fromkeys(m.code for m in reversed(named) if m.start < t.start))
        for side, order in (("after", after), ("before", before)):
            if code in order:
                stem = doc.folded[t.start:t.end][len(t.entry.proclitic):][:4]
                nth = side + str(min(order.index(code), 2))
                kind = next(m.kind for m in named if m.code == code)
                return ["party_" + side, "party_" + side + "_" + stem, "party_" + nth, "party_" + nth + "_" + stem,
                        "party_kind=" + kind]
    return []


def choose_place(model: LinearModel, options: Sequence[PlaceOption]) -> Location | None:
    """The best ranked option (None when nothing is on offer). The model's probability
    orders the options of one claim; it is no calibrated chance on its own."""
    yes = model.classes.index("yes")
    best: tuple[float, Location] | None = None
    for opt in options:
        p = model.probabilities(sorted(opt.features))[yes]
        if best is None or p > best[0]:
            best = (p, opt.location)
    return best[1] if best else None


__all__ = ["PlaceOption", "choose_place", "place_options"]
