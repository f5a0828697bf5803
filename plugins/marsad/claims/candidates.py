"""Claim candidates: an event trigger with the actors that could be its parties.

A candidate's slots are the distinct actor codes of its sentence, the states of the
places named there (a protest in Baghdad has Iraq as its only identifiable party), and,
when the sentence names fewer than two actors, the codes of the sentence before and the
outlet's home state (وأكد الوزير ..., الجانبان). Slots named in one coordinated list
(السعودية والإمارات والبحرين) share a chain: the decoder lets several parties act in one
directed claim only when they are listed together. The learned decisions say which
candidates are events, of which type, and which slots are parties in which role.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace

from marsad.claims.document import Document
from marsad.claims.gazetteer import Match
from marsad.claims.mentions import ActorMention, Mentions

MAX_SLOTS = 8  # nearest codes kept per candidate; a sentence rarely has more parties


@dataclass(frozen=True)
class Slot:
    """One possible party: an actor code with the mention of it nearest the trigger.
    ``origin`` is sentence, place, previous (sentence before) or home."""

    code: str
    mention: ActorMention
    origin: str
    count: int  # mentions of the code in the sentence
    go_between: bool = False  # named as a mediator in the sentence (بوساطة مصرية)
    chain: int = -1  # the coordinated list of mentions the slot is in (-1: in none)


@dataclass
class Candidate:
    trigger: Match
    sentence: int
    clause: tuple[int, int]
    slots: list[Slot] = field(default_factory=list)

    @property
    def lexicon_type(self) -> str:
        return self.trigger.entry.value

    @property
    def span(self) -> tuple[int, int]:
        return self.trigger.start, self.trigger.end


def find_candidates(doc: Document, mentions: Mentions) -> list[Candidate]:
    """Every trigger outside boilerplate, with its slots."""
    out: list[Candidate] = []
    boiler = {doc.sentence_index(m.start) for m in mentions.cues.get("boilerplate", [])}
    shared: dict[int, _SentenceParties] = {}
    for trig in mentions.triggers:
        idx = doc.sentence_index(trig.start)
        if idx in boiler:
            continue
        parties = shared.get(idx)
        if parties is None:
            parties = shared[idx] = _sentence_parties(doc, mentions, idx)
        cand = Candidate(trig, idx, doc.clause_of(idx, trig.start))
        cand.slots = _slots(doc, mentions, trig, idx, parties)
        out.append(cand)
    return out


@dataclass(frozen=True)
class _SentenceParties:
    """What every trigger of one sentence shares: its actor mentions, the codes named
    as go-betweens, and the place slots (states of places whose code no actor names)."""

    actors: list[ActorMention]
    mediated: frozenset[str]
    places: list[Slot]


def _sentence_parties(doc: Document, mentions: Mentions, idx: int) -> _SentenceParties:
    s, e = doc.sentences[idx]
    actors = mentions.actors_in(s, e)
    codes = {m.code for m in actors}
    places: list[Slot] = []
    for p in mentions.places_in(s, e):
        if p.country not in codes:
            codes.add(p.country)
            places.append(Slot(p.country, ActorMention(p.start, p.end, p.country, "city" if p.city else "country"), "place", 1))
    return _SentenceParties(actors, frozenset(m.code for m in mentions.mediations if s <= m.start < e), places)


def _nearest(mentions: list[ActorMention], trig: Match) -> dict[str, tuple[ActorMention, int]]:
    best: dict[str, tuple[ActorMention, int]] = {}
    for m in mentions:
        d = abs(m.start - trig.start)
        old = best.get(m.code)
        if old is None or d < abs(old[0].start - trig.start):
            best[m.code] = (m, (old[1] if old else 0) + 1)
        else:
            best[m.code] = (old[0], old[1] + 1)
    return best


def _slots(doc: Document, mentions: Mentions, trig: Match, idx: int, parties: _SentenceParties) -> list[Slot]:
    found = _nearest(parties.actors, trig)
    mediated = parties.mediated
    slots = [Slot(code, m, "sentence", n, code in mediated) for code, (m, n) in found.items()]
    slots += parties.places
    if len(found) < 2:
        back = idx - 1
        while back >= 0 and back >= idx - 2:
            ps, pe = doc.sentences[back]
            prev = _nearest(mentions.actors_in(ps, pe), trig)
            for code, (m, n) in prev.items():
                if all(sl.code != code for sl in slots):
                    slots.append(Slot(code, m, "previous", n))
            if prev:
                break
            back -= 1
        if doc.home and all(sl.code != doc.home for sl in slots):
            slots.append(Slot(doc.home, ActorMention(trig.start, trig.start, doc.home, "home"), "home", 0))
    slots.sort(key=lambda sl: (sl.origin != "sentence", abs(sl.mention.start - trig.start)))
    return _chained(doc.folded, slots[:MAX_SLOTS])


def _coordinated(folded: str, a: ActorMention, b: ActorMention) -> bool:
    """Whether ``b`` follows ``a`` in a list: السعودية والإمارات، السعودية، الإمارات."""
    if b.start < a.end:
        return False
    between = folded[a.end:b.start].split()
    if not between:
        return folded.startswith("و", b.start)
    return between in (["و"], ["،"], [","])


def _chained(folded: str, slots: list[Slot]) -> list[Slot]:
    """The slots, each named in a list with another slot of its origin given that list's
    number (the index of its first slot in position order)."""
    listed = sorted((i for i, sl in enumerate(slots) if sl.origin in ("sentence", "previous")),
                    key=lambda i: slots[i].mention.start)
    chain: dict[int, int] = {}
    for i, j in itertools.pairwise(listed):
        if slots[i].origin == slots[j].origin and _coordinated(folded, slots[i].mention, slots[j].mention):
            chain[j] = chain.setdefault(i, i)
    if not chain:
        return slots
    return [replace(sl, chain=chain[i]) if i in chain else sl for i, sl in enumerate(slots)]


__all__ = ["MAX_SLOTS", "Candidate", "Slot", "find_candidates"]
