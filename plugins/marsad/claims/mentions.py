"""What the gazetteer finds in a document, sorted into layers and filtered.

Actor mentions are states, organisations and armed groups named, by name, adjective,
capital, seat of government, leader or title; a mention that is really a place (في
سوريا), part of a title (المبعوث الأممي إلى سوريا) or a non-state use (شركة سعودية) is
dropped here, so the learned decisions see only plausible parties. Places feed location
and single-party claims; triggers and cues feed candidates and modality.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass

from marsad.claims.document import Document
from marsad.claims.gazetteer import Gazetteer, Match
from marsad.claims.lexicon import ENVOYS, EVENT_NOUNS

_LOCATIVE_WORDS = frozenset({"في", "وفي", "داخل", "العاصمه", "بالعاصمه", "عاصمه", "مدينه", "بمدينه"})
_CAPITAL_WORDS = frozenset({"العاصمه", "بالعاصمه"})  # one of the two words before: في العاصمة السورية دمشق
_TERRITORY_WORDS = frozenset({"الاراضي", "المياه", "الحدود", "الاجواء", "السواحل"})
_BACKWARD_MEDIATION = ("تبادل الرسائل", "نقل الرسائل", "القوه الحاميه", "الوسطاء")


@dataclass(frozen=True)
class ActorMention:
    """An actor named in the text: ``kind`` is the alias type (name, adjective, capital,
    seat, leader, title), or home (an unqualified title of the outlet's own state)."""

    start: int
    end: int
    code: str
    kind: str


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    name: str
    country: str
    city: bool
    locative: bool


@dataclass
class Mentions:
    actors: list[ActorMention]
    places: list[PlaceMention]
    triggers: list[Match]
    cues: dict[str, list[Match]]
    mediations: list[ActorMention]

    def __post_init__(self) -> None:
        self.actor_starts = [a.start for a in self.actors]
        self.trigger_starts = [t.start for t in self.triggers]
        self.place_starts = [p.start for p in self.places]
        self.cue_starts = {k: [m.start for m in v] for k, v in self.cues.items()}

    def actors_in(self, a: int, b: int) -> list[ActorMention]:
        return self.actors[bisect.bisect_left(self.actor_starts, a):bisect.bisect_left(self.actor_starts, b)]

    def places_in(self, a: int, b: int) -> list[PlaceMention]:
        return self.places[bisect.bisect_left(self.place_starts, a):bisect.bisect_left(self.place_starts, b)]

    def triggers_in(self, a: int, b: int) -> list[Match]:
        return self.triggers[bisect.bisect_left(self.trigger_starts, a):bisect.bisect_left(self.trigger_starts, b)]

    def cues_in(self, name: str, a: int, b: int) -> list[Match]:
        starts = self.cue_starts.get(name)
        if not starts:
            return []
        return self.cues[name][bisect.bisect_left(starts, a):bisect.bisect_left(starts, b)]

    def has_trigger(self, a: int, b: int) -> bool:
        """Whether a trigger starts in ``[a, b)``: ``bool(triggers_in(a, b))``, faster."""
        i = bisect.bisect_left(self.trigger_starts, a)
        return i < len(self.trigger_starts) and self.trigger_starts[i] < b

    def has_cue(self, name: str, a: int, b: int) -> bool:
        """Whether a ``name`` cue starts in ``[a, b)``: ``bool(cues_in(...))`` with one
        bisection and no list (features test hundreds of thousands of windows)."""
        starts = self.cue_starts.get(name)
        if not starts:
            return False
        i = bisect.bisect_left(starts, a)
        return i < len(starts) and starts[i] < b


def prev_word(folded: str, pos: int) -> str:
    words = folded[max(0, pos - 25):pos].rsplit(maxsplit=1)
    return words[-1] if words else ""


def at_most_words(folded: str, a: int, b: int, most: int) -> bool:
    """Whether ``folded[a:b]`` holds at most ``most`` words."""
    return b <= a or len(folded[a:b].split(maxsplit=most)) <= most


def find_mentions(gaz: Gazetteer, doc: Document) -> Mentions:
    """All layers of one document, with the filters above applied."""
    folded = doc.folded
    entities: list[Match] = []
    triggers: list[Match] = []
    cues: dict[str, list[Match]] = {}
    for m in gaz.scan(folded):
        layer = m.entry.layer
        if layer == "trigger":
            triggers.append(m)
        elif layer == "cue":
            cues.setdefault(m.entry.value, []).append(m)
        else:
            entities.append(m)
    for v in cues.values():
        v.sort(key=lambda m: m.start)
    kept = _longest(entities)
    spans = [(m.start, m.end) for m in kept]
    actors, places = _actors_and_places(gaz, doc, kept, cues)
    actors.extend(_anaphors(folded, cues.get("anaphor", []), actors, spans))
    actors.sort(key=lambda a: a.start)
    if doc.home:
        kingdom = next((a.code for a in actors if "مملكه" in folded[a.start:a.end] and a.code != doc.home), None)
        actors.extend(_home_titles(folded, cues.get("home_title", []), actors, spans, doc.home, kingdom))
        actors.sort(key=lambda a: a.start)
    return Mentions(actors, places, _triggers(triggers, spans), cues, _mediations(folded, cues.get("mediator", []), actors))


def _longest(entities: list[Match]) -> list[Match]:
    """Longest entity match wins; shorter ones inside it are dropped (same-span matches of
    another layer, actor and place, are both kept)."""
    entities.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Match] = []
    last_end = -1
    span_start = -1
    for m in entities:
        if m.start >= last_end:
            kept.append(m)
            span_start, last_end = m.start, m.end
        elif m.start == span_start and m.end == last_end:
            kept.append(m)
    return kept


def _inside(spans: list[tuple[int, int]], m: Match) -> bool:
    i = bisect.bisect_right(spans, (m.start, 10**9)) - 1
    return i >= 0 and spans[i][0] <= m.start and m.end <= spans[i][1] and (m.end - m.start) < (spans[i][1] - spans[i][0])


def _triggers(found: list[Match], spans: list[tuple[int, int]]) -> list[Match]:
    """Triggers outside entity names; among overlapping ones the longest wins."""
    ordered = sorted((m for m in found if not _inside(spans, m)), key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Match] = []
    for m in ordered:
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


def _amman(folded: str, original: str, m: Match, context: Counter[str]) -> bool:
    """عمان is Amman (Jordan), not Oman, when spelled عمّان, called the Jordanian capital,
    or named in a Jordanian story with no other sign of the sultanate."""
    if folded[m.start:m.end][len(m.entry.proclitic):] != "عمان":
        return False
    if len(original) == len(folded) and "\u0651" in original[m.start:m.end]:
        return True
    before = folded[max(0, m.start - 40):m.start].split()[-2:]
    if "الاردنيه" in before:
        return True
    if any(w.endswith(("سلطنه", "العمانيه")) for w in before):
        return False
    return context["JOR"] > 0 and context["OMN"] == 0


def _is_state_name(gaz: Gazetteer, value: str, detail: str) -> bool:
    actor = gaz.actors.get(value)
    return actor is not None and actor.kind == "state" and detail == actor.name_en


def _actors_and_places(gaz: Gazetteer, doc: Document, kept: list[Match], cues: dict[str, list[Match]]) -> tuple[list[ActorMention], list[PlaceMention]]:
    folded = doc.folded
    locative_ends = {m.end for m in cues.get("locative", [])}
    nonstate_ends = sorted(m.end for m in cues.get("nonstate", []))
    context: Counter[str] = Counter(
        m.entry.value for m in kept
        if m.entry.value in ("JOR", "OMN") and folded[m.start:m.end][len(m.entry.proclitic):] != "عمان"
    )
    actors: list[ActorMention] = []
    places: list[PlaceMention] = []
    last_loc_end: int | None = None
    for m in kept:
        e = m.entry
        if e.value == "OMN" and _amman(folded, doc.text, m, context):
            e = e._replace(value="JOR", detail="Amman" if e.layer == "place" else "capital")
        prev = prev_word(folded, m.start)
        locative = (m.start - 1 in locative_ends) or prev in _LOCATIVE_WORDS \
            or not _CAPITAL_WORDS.isdisjoint(folded[max(0, m.start - 30):m.start].split()[-2:])
        if not locative and last_loc_end is not None and e.proclitic.startswith("و") and folded[last_loc_end:m.start].strip(" ،,") == "":
            locative = True  # في سوريا واليمن وليبيا: the list stays locative
        if locative:
            last_loc_end = m.end
        if e.layer == "place":
            city = bool(e.detail) and bool(e.value) and not _is_state_name(gaz, e.value, e.detail)
            if e.detail == "Amman":
                city = True
            if city and (prev.lstrip("و") in EVENT_NOUNS or e.proclitic.endswith("ب")):
                locative = True  # قمة هلسنكي، ببغداد
                last_loc_end = m.end
            places.append(PlaceMention(m.start, m.end, e.detail or gaz.actors[e.value].name_en, e.value, city, locative))
            continue
        if e.detail == "outlet":
            continue
        if e.detail in ("capital", "seat") and (locative or e.proclitic.endswith("ب") or prev.lstrip("و") in EVENT_NOUNS):
            continue
        if (prev in ("الى", "لدى") or e.proclitic.endswith("ل")) and ENVOYS.intersection(folded[max(0, m.start - 50):m.start].split()[-4:]):
            continue  # المبعوث الأممي إلى سوريا: part of a title
        state = gaz.actors.get(e.value)
        is_state = state is not None and state.kind == "state"
        if e.detail == "adjective" and prev in ("العاصمه", "بالعاصمه"):
            if is_state and state is not None:
                places.append(PlaceMention(m.start, m.end, state.name_en, e.value, False, True))
            continue
        if e.detail in ("name", "adjective") and locative and is_state:
            # في سوريا: a place, which can still give the scene or a single party.
            if state is not None:
                places.append(PlaceMention(m.start, m.end, state.name_en, e.value, False, True))
            continue
        if e.detail == "adjective":
            j = bisect.bisect_right(nonstate_ends, m.start) - 1
            if j >= 0 and at_most_words(folded, nonstate_ends[j], m.start, 1):
                continue
            if prev in _TERRITORY_WORDS:
                continue
        actors.append(ActorMention(m.start, m.end, e.value, e.detail))
    places.sort(key=lambda p: p.start)
    return actors, places


def _in_span(spans: list[tuple[int, int]], pos: int) -> bool:
    i = bisect.bisect_right(spans, (pos, 10**9)) - 1
    return i >= 0 and pos < spans[i][1]


def _anaphors(folded: str, heads: list[Match], actors: list[ActorMention], spans: list[tuple[int, int]]) -> list[ActorMention]:
    """الاتحاد، المجلس، الحركة standing for the organisation named earlier with that head."""
    out: list[ActorMention] = []
    ends = [a.end for a in actors]
    for h in heads:
        if _in_span(spans, h.start):
            continue
        head = folded[h.start:h.end][len(h.entry.proclitic):]
        core = head[2:] if head.startswith("ال") else head
        k = bisect.bisect_left(ends, h.start + 1)
        for a in reversed(actors[max(0, k - 200):k]):
            if a.kind != "name":
                continue
            alias = folded[a.start:a.end].split()
            first = alias[0].lstrip("وفبل") if alias else ""
            if len(alias) > 1 and (first in (head, core) or first.endswith(head)):
                out.append(ActorMention(h.start, h.end, a.code, "anaphor"))
                break
    return out


def _home_titles(folded: str, titles: list[Match], actors: list[ActorMention], spans: list[tuple[int, int]], home: str, kingdom: str | None) -> list[ActorMention]:
    """Unqualified titles (وزير الخارجية، المملكة) of domestic press name the home state."""
    out: list[ActorMention] = []
    starts = [a.start for a in actors]
    last_end = -1
    for t in sorted(titles, key=lambda m: (m.start, -(m.end - m.start))):
        if t.start < last_end:
            continue
        last_end = t.end
        if _in_span(spans, t.start):
            continue
        j = bisect.bisect_left(starts, t.end)
        if j < len(actors) and at_most_words(folded, t.end, actors[j].start, 1) and "،" not in folded[t.end:actors[j].start]:
            continue  # qualified: وزير الخارجية الروسي
        word = folded[t.start:t.end][len(t.entry.proclitic):]
        out.append(ActorMention(t.start, t.end, kingdom if kingdom and "مملكه" in word else home, "home"))
    return out


def _mediations(folded: str, cues: list[Match], actors: list[ActorMention]) -> list[ActorMention]:
    """Actors named as go-betweens: right after بوساطة، برعاية، استضافت (السودانية), or
    right before بتبادل الرسائل (المسؤولون العمانيون)."""
    out: list[ActorMention] = []
    starts = [a.start for a in actors]
    for cue in cues:
        word = folded[cue.start:cue.end]
        if any(b in word for b in _BACKWARD_MEDIATION):
            k = bisect.bisect_left(starts, cue.start) - 1
            if k >= 0 and actors[k].end <= cue.start and at_most_words(folded, actors[k].end, cue.start, 3):
                out.append(actors[k])
            continue
        k = bisect.bisect_left(starts, cue.end)
        while k < len(actors) and at_most_words(folded, cue.end, actors[k].start, 2 + 2 * len(out)) and not any(c in folded[cue.end:actors[k].start] for c in ".\n"):
            out.append(actors[k])  # بوساطة مصرية قطرية: every go-between named
            if k + 1 == len(actors) or not at_most_words(folded, actors[k].end, actors[k + 1].start, 1):
                break
            k += 1
    return out


__all__ = ["ActorMention", "Mentions", "PlaceMention", "at_most_words", "find_mentions", "prev_word"]
