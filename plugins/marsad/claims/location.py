"""Where a claim's event took place.

A place in a locative phrase (في، بـ، في العاصمة) of an evidence sentence, nearest the
trigger, cities before countries; for a visit, the destination (يزور قطر، إلى الدوحة);
speech acts and decisions take no place from their own sentence (a place there is usually
their topic): an organisation decides at its seat, a state at home. Otherwise the story's
scene: its first located talks, else its first locative city.
"""

from __future__ import annotations

from marsad.claims.candidates import Candidate
from marsad.claims.document import Document
from marsad.claims.gazetteer import Gazetteer
from marsad.claims.lexicon import RELATIVES, SPEECH_ACTS
from marsad.claims.mentions import Mentions, PlaceMention, prev_word
from marsad.model import Location

# Where an organisation's own decisions are taken, when the text names no place.
SEATS: dict[str, tuple[str, str]] = {
    "UN": ("New York", "USA"), "EU": ("Brussels", "BEL"), "NATO": ("Brussels", "BEL"),
    "ARAB_LEAGUE": ("Cairo", "EGY"), "GCC": ("Riyadh", "SAU"), "AU": ("Addis Ababa", "ETH"),
    "IAEA": ("Vienna", "AUT"), "OPCW": ("The Hague", "NLD"), "ICC": ("The Hague", "NLD"),
    "OIC": ("Jeddah", "SAU"), "ASEAN": ("Jakarta", "IDN"),
}
_DECISIONS = {"AGREE", "SANCTION", "REQUEST", "REJECT", "ACCUSE", "SUPPORT", "THREATEN"}
TOWARDS = ("الى", "لدوله", "لدى")


def is_topic(doc: Document, mentions: Mentions, cand: Candidate, p: PlaceMention) -> bool:
    """A place after a relative pronoun or a topic cue belongs to what is talked about."""
    trig = cand.trigger
    a, b = (trig.end, p.start) if p.start >= trig.end else (p.end, trig.start)
    if RELATIVES.intersection(doc.folded[a:b].split()):
        return True
    return p.start >= trig.end and bool(mentions.cues_in("topic", a, b))


def claim_location(gaz: Gazetteer, doc: Document, mentions: Mentions, etype: str, mode: str | None,
                   source: str | None, actors: list[str], cands: list[Candidate]) -> Location | None:
    visit = mode == "visit"
    if etype not in SPEECH_ACTS:
        best: PlaceMention | None = None
        best_key: tuple[int, int, int] | None = None
        for rank, c in enumerate(cands[:8]):
            s, e = doc.sentences[c.sentence]
            for p in mentions.places_in(s, e):
                if p.start < doc.dateline_end:
                    continue
                towards = visit and (prev_word(doc.folded, p.start) in TOWARDS or doc.folded[p.start] == "ل")
                if not (p.locative or towards) or is_topic(doc, mentions, c, p):
                    continue
                key = (-rank, int(p.city), -abs(p.start - c.trigger.start))
                if best_key is None or key > best_key:
                    best, best_key = p, key
        if best is not None:
            return Location(best.name, best.country)
        if visit and len(actors) >= 2 and actors[-1] in gaz.actors and gaz.actors[actors[-1]].kind == "state":
            host = actors[-1]
            return Location(gaz.actors[host].name_en, host)
    if etype in _DECISIONS:
        for code in ([source] if source else []) + actors:
            if code in SEATS:
                return Location(*SEATS[code])
        if source and source in gaz.actors and gaz.actors[source].kind == "state":
            return Location(gaz.actors[source].name_en, source)
    return None


def scene(doc: Document, mentions: Mentions, located: list[Location | None]) -> Location | None:
    """The article's main scene: its first located claim, else its first locative city."""
    for loc in located:
        if loc:
            return loc
    for p in mentions.places:
        if p.city and p.locative and p.start >= doc.dateline_end:
            return Location(p.name, p.country)
    for p in mentions.places:
        if p.start < doc.dateline_end:
            return Location(p.name, p.country)
    return None


__all__ = ["SEATS", "TOWARDS", "claim_location", "is_topic", "scene"]
