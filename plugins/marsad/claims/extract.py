"""Rule-based extraction of diplomacy claims from one Arabic news article.

The article is folded once (marsad.text.normalize) and scanned once by the gazetteer
automaton. Sentences that hold an event trigger and at least two actors become claim
candidates; roles, mediator, location, date and modality are read from the sentence and
its clause; candidates about the same event (same type and actors, or a definite
anaphoric trigger such as المحادثات that names no actor) are merged into one claim with
all their evidence spans. Offsets in the output point into ``article["text"]``.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Mapping
from urllib.parse import urlparse

from marsad.claims.dates import DateMention, find_dates, parse_published, precision_rank
from marsad.claims.gazetteer import Gazetteer, Match, load_gazetteer
from marsad.claims.lexicon import (
    CONDITIONALS,
    CORE_TYPES,
    DIRECTED,
    ENVOYS,
    EVENT_NOUNS,
    ABSENCE_PREPS,
    NEGATIONS,
    NON_NEGOTIATING,
    PROSPECT_PREPS,
    RELATIVES,
    SPEECH_ACTS,
)
from marsad.text import clause_spans, fold, normalize, sentence_spans

MAX_TEXT = 200_000  # characters; longer texts are cut (offsets stay valid)
_MODALITY_ORDER = ("conditional", "denied", "planned", "reported", "asserted")
# Types whose definite nominal trigger (المحادثات، العقوبات) can still open a new claim.
DEFINITE_OK = {"CONSULT", "SANCTION", "REQUEST", "REJECT", "ACCUSE", "SUPPORT"}
# Types whose actors may be gathered from the whole sentence, not only the clause.
EXPANDABLE = {"CONSULT", "AGREE", "REQUEST", "REJECT", "THREATEN", "ACCUSE", "SANCTION", "SUPPORT"}
_PREPOSITIONS_TARGET = tuple(fold(w) for w in ("على", "ضد", "من", "إلى", "مع", "لدى", "عن"))
_TOWARDS = tuple(fold(w) for w in ("إلى", "لدولة", "لدى"))


@dataclass
class Mention:
    """An actor mention after filtering (locatives and non-state uses removed)."""

    start: int
    end: int
    code: str
    kind: str  # alias type: name, adjective, capital, seat, leader, title, home


@dataclass
class Place:
    start: int
    end: int
    name: str
    country: str
    city: bool
    locative: bool


@dataclass
class Candidate:
    etype: str
    mode: str | None
    trigger: Match
    sentence: tuple[int, int]
    clause: tuple[int, int]
    actors: list[str]
    source: str | None
    target: str | None
    definite: bool


@dataclass
class Claim:
    etype: str
    source: str | None
    target: str | None
    candidates: list[Candidate] = field(default_factory=list)
    actor_set: set[str] = field(default_factory=set)

    def add(self, c: Candidate) -> None:
        self.candidates.append(c)
        self.actor_set.update(c.actors)

    def actor_counts(self) -> Counter[str]:
        return Counter(a for c in self.candidates for a in c.actors)


@dataclass
class _Doc:
    """Everything known about one article while it is processed."""

    folded: str
    published: date | None
    home: str | None
    sentences: list[tuple[int, int]]
    actors: list[Mention]
    places: list[Place]
    triggers: list[Match]
    cues: dict[str, list[Match]]
    offtopic: int
    dateline_end: int
    mediations: list[Mention] = field(default_factory=list)  # actors named as go-betweens
    trigger_starts: list[int] = field(default_factory=list)
    date_cache: dict[tuple[int, int, bool], list[DateMention]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.trigger_starts = [t.start for t in self.triggers]

    def dates_in(self, a: int, b: int, future: bool = False) -> list[DateMention]:
        """Date mentions in ``folded[a:b]``, found once per span: claims share sentences."""
        key = (a, b, future)
        if key not in self.date_cache:
            self.date_cache[key] = find_dates(self.folded, a, b, self.published, future=future)
        return self.date_cache[key]


def _home_country(gaz: Gazetteer, url: object) -> str | None:
    """The outlet's own state, from its host: a known domestic outlet or a ccTLD."""
    if not isinstance(url, str) or not url:
        return None
    # The host lies before the URL's third slash (scheme://host/...), and an outlet's
    # articles share that prefix: parsing it once per outlet gives the same host.
    return _home_of_prefix(gaz, "/".join(url.split("/", 3)[:3]))


@lru_cache(maxsize=4096)
def _home_of_prefix(gaz: Gazetteer, url: str) -> str | None:
    try:
        host = (urlparse(url).hostname or "").lower()
    except ValueError:
        return None
    for known, country in gaz.home_hosts.items():
        if host == known or host.endswith("." + known):
            return country
    return None


def _at_most_words(folded: str, a: int, b: int, most: int) -> bool:
    """Whether ``folded[a:b]`` holds at most ``most`` words; the split stops after that
    many, so a long gap costs no more than a short one."""
    return b <= a or len(folded[a:b].split(maxsplit=most)) <= most


def _prev_word(folded: str, pos: int) -> str:
    words = folded[max(0, pos - 25):pos].rsplit(maxsplit=1)
    return words[-1] if words else ""


def _amman_wins(folded: str, original: str, m: Match, context: Counter[str]) -> bool:
    """عمان is Amman (Jordan's capital), not Oman, when spelled عمّان, called the Jordanian
    capital, or named in a Jordanian story that has no other sign of the sultanate."""
    core = folded[m.start:m.end][len(m.entry.proclitic):]
    if core != "عمان":
        return False
    if len(original) == len(folded) and "\u0651" in original[m.start:m.end]:
        return True
    before = folded[max(0, m.start - 40):m.start].split()[-2:]
    if "الاردنيه" in before:
        return True
    if any(w.endswith(("سلطنه", "العمانيه")) for w in before):
        return False
    return context["JOR"] > 0 and context["OMN"] == 0


def _build_doc(gaz: Gazetteer, article: Mapping[str, Any], folded: str) -> _Doc | None:
    """Matches of one article sorted into layers; None when it cannot hold a claim."""
    entities: list[Match] = []
    found_triggers: list[Match] = []
    cues: dict[str, list[Match]] = {}
    parties = 0  # actor names and the cues that can stand for one
    for m in gaz.scan(folded):
        layer = m.entry.layer
        if layer == "trigger":
            found_triggers.append(m)
        elif layer == "cue":
            cues.setdefault(m.entry.value, []).append(m)
        else:
            entities.append(m)
        if layer == "actor" or m.entry.value in ("home_title", "anaphor"):
            parties += 1
    if not found_triggers or parties < 2:
        return None
    # Longest entity match wins; shorter ones inside it are dropped.
    entities.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Match] = []
    last_end = -1
    span_start = -1
    for m in entities:
        if m.start >= last_end:
            kept.append(m)
            span_start, last_end = m.start, m.end
        elif m.start == span_start and m.end == last_end:
            kept.append(m)  # same span, another layer (actor + place)
    entity_spans = [(m.start, m.end) for m in kept]

    def inside_entity(m: Match) -> bool:
        i = bisect.bisect_right(entity_spans, (m.start, 10**9)) - 1
        return i >= 0 and entity_spans[i][0] <= m.start and m.end <= entity_spans[i][1] and (m.end - m.start) < (entity_spans[i][1] - entity_spans[i][0])

    triggers = sorted((m for m in found_triggers if not inside_entity(m)), key=lambda m: (m.start, -(m.end - m.start)))
    # Among overlapping triggers the longest wins (مذكرة احتجاج over احتجاج).
    trig: list[Match] = []
    for m in triggers:
        if trig and m.start < trig[-1].end:
            continue
        trig.append(m)

    locative_ends = {m.end for m in cues.get("locative", [])}
    nonstate_ends = [m.end for m in cues.get("nonstate", [])]

    actors: list[Mention] = []
    places: list[Place] = []
    last_loc_end: int | None = None
    # Signs of Jordan and of Oman other than the ambiguous عمان itself.
    context: Counter[str] = Counter(
        m.entry.value for m in kept
        if m.entry.value in ("JOR", "OMN") and folded[m.start:m.end][len(m.entry.proclitic):] != "عمان"
    )
    original = article.get("text") if isinstance(article.get("text"), str) else ""
    for m in kept:
        e = m.entry
        if e.value == "OMN" and _amman_wins(folded, original, m, context):
            e = e._replace(value="JOR", detail="Amman" if e.layer == "place" else "capital")
            m = Match(m.start, m.end, e)
        prev = _prev_word(folded, m.start)
        last_two = folded[max(0, m.start - 30):m.start].split()[-2:]
        locative = (m.start - 1 in locative_ends) or prev in ("في", "وفي", "داخل", "العاصمه", "بالعاصمه", "عاصمه", "مدينه", "بمدينه") or any(w in ("العاصمه", "بالعاصمه") for w in last_two)
        if not locative and last_loc_end is not None and e.proclitic.startswith("و") and folded[last_loc_end:m.start].strip(" ،,") == "":
            locative = True  # في سوريا واليمن وليبيا: the list stays locative
        if locative:
            last_loc_end = m.end
        if e.layer == "place":
            city = e.detail != "" and e.value and not _is_state_name(gaz, e)
            if e.detail == "Amman":
                city = True
            if city and prev.lstrip("و") in EVENT_NOUNS:
                locative = True  # قمة هلسنكي: the summit held in Helsinki
            if e.proclitic.endswith("ب") and city:
                locative = True
            if e.proclitic.endswith("ب") and city:
                last_loc_end = m.end
            places.append(Place(m.start, m.end, e.detail or gaz.actors[e.value].name_en, e.value, bool(city), locative))
            continue
        if e.detail == "outlet":
            continue
        if e.detail in ("capital", "seat") and (locative or e.proclitic.endswith("ب") or "العاصمه" in last_two):
            continue
        if e.detail in ("capital", "seat") and prev.lstrip("و") in EVENT_NOUNS:
            continue  # قمة هلسنكي، اتفاق فيينا: the event's place, not a party
        if (prev in ("الى", "لدى") or e.proclitic.endswith("ل")) and ENVOYS.intersection(folded[max(0, m.start - 50):m.start].split()[-4:]):
            continue  # المبعوث الأممي إلى سوريا، سفيرها لدى واشنطن: part of a title
        if e.detail == "adjective" and prev in ("العاصمه", "بالعاصمه"):
            # في العاصمة الفنلندية: the capital of that state is the place, not a party.
            actor = gaz.actors.get(e.value)
            if actor is not None and actor.kind == "state":
                # Not a city: a named capital right after it (العاصمة العمانية مسقط) wins.
                places.append(Place(m.start, m.end, actor.name_en, e.value, False, True))
            continue
        if e.detail in ("name", "adjective") and locative and gaz.actors.get(e.value) and gaz.actors[e.value].kind == "state":
            continue
        if e.detail == "adjective":
            j = bisect.bisect_right(nonstate_ends, m.start) - 1
            if j >= 0 and _at_most_words(folded, nonstate_ends[j], m.start, 1):
                continue
            if prev in ("الاراضي", "المياه", "الحدود", "الاجواء", "السواحل"):
                continue
        actors.append(Mention(m.start, m.end, e.value, e.detail))

    actors.extend(_anaphor_mentions(folded, cues.get("anaphor", []), actors, entity_spans))
    actors.sort(key=lambda a: a.start)
    home = _home_country(gaz, article.get("url"))
    if home:
        kingdom = next((a.code for a in actors if "مملكه" in folded[a.start:a.end] and a.code != home), None)
        actors.extend(_home_mentions(folded, cues.get("home_title", []), actors, entity_spans, home, kingdom))
        actors.sort(key=lambda a: a.start)
    if not trig or len(actors) < 2:
        return None
    offtopic = len(cues.get("offtopic", []))
    return _Doc(folded, parse_published(article.get("published")), home, sentence_spans(folded), actors, places, trig, cues, offtopic, _dateline_end(folded), _mediations(folded, cues.get("mediator", []), actors))


_BACKWARD_MEDIATION = ("تبادل الرسائل", "نقل الرسائل", "القوه الحاميه", "الوسطاء")


def _mediations(folded: str, cues: list[Match], actors: list[Mention]) -> list[Mention]:
    """Actors named as go-betweens: right after بوساطة، برعاية، استضافت، الوساطة
    (السودانية), or right before بتبادل الرسائل (المسؤولون العمانيون)."""
    out: list[Mention] = []
    starts = [a.start for a in actors]
    for cue in cues:
        word = folded[cue.start:cue.end]
        if any(b in word for b in _BACKWARD_MEDIATION):
            k = bisect.bisect_left(starts, cue.start) - 1
            if k >= 0 and actors[k].end <= cue.start and _at_most_words(folded, actors[k].end, cue.start, 3):
                out.append(actors[k])
            continue
        k = bisect.bisect_left(starts, cue.end)
        if k < len(actors) and _at_most_words(folded, cue.end, actors[k].start, 2) and not any(c in folded[cue.end:actors[k].start] for c in ".،\n"):
            out.append(actors[k])
    return out


def _is_state_name(gaz: Gazetteer, e) -> bool:
    actor = gaz.actors.get(e.value)
    return actor is not None and actor.kind == "state" and e.detail == actor.name_en


def _dateline_end(folded: str) -> int:
    """End of a dateline such as 'عين اليوم – موسكو' or 'واس – جدة:' at the very start."""
    head = folded[:80]
    for sep in ("–", "—", " - "):
        i = head.find(sep)
        if 0 < i < 40:
            line_end = head.find("\n", i)
            colon = head.find(":", i)
            ends = [x for x in (line_end, colon) if x > 0]
            return min(ends) if ends else min(len(head), i + 25)
    return 0


def _in_entity(entity_spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` lies in one of the kept entity spans (sorted, not overlapping)."""
    i = bisect.bisect_right(entity_spans, (pos, 10**9)) - 1
    return i >= 0 and pos < entity_spans[i][1]


def _anaphor_mentions(folded: str, heads: list[Match], actors: list[Mention], entity_spans) -> list[Mention]:
    """الاتحاد، المجلس، الحركة standing for the organization named earlier with that head."""
    out: list[Mention] = []
    ends = [a.end for a in actors]
    for h in heads:
        if _in_entity(entity_spans, h.start):
            continue
        head = folded[h.start:h.end][len(h.entry.proclitic):]
        core = head[2:] if head.startswith("ال") else head
        k = bisect.bisect_left(ends, h.start + 1)
        for a in reversed(actors[max(0, k - 200):k]):
            if a.kind != "name":
                continue
            alias = folded[a.start:a.end].split()
            first = alias[0].lstrip("وفبل") if alias else ""
            if len(alias) > 1 and (first == head or first == core or first.endswith(head)):
                out.append(Mention(h.start, h.end, a.code, "name"))
                break
    return out


def _home_mentions(folded: str, titles: list[Match], actors: list[Mention], entity_spans, home: str, kingdom: str | None) -> list[Mention]:
    """Unqualified titles (وزير الخارجية، المملكة) of domestic press name the home state."""
    out: list[Mention] = []
    starts = [a.start for a in actors]
    titles = sorted(titles, key=lambda m: (m.start, -(m.end - m.start)))
    last_end = -1
    for t in titles:
        if t.start < last_end:
            continue
        last_end = t.end
        if _in_entity(entity_spans, t.start):
            continue
        j = bisect.bisect_left(starts, t.end)
        if j < len(actors) and _at_most_words(folded, t.end, actors[j].start, 1) and "،" not in folded[t.end:actors[j].start]:
            continue  # qualified: وزير الخارجية الروسي، وزير الخارجية بدولة قطر
        word = folded[t.start:t.end][len(t.entry.proclitic):]
        code = kingdom if kingdom and "مملكه" in word else home
        out.append(Mention(t.start, t.end, code, "home"))
    return out


def _in(spans_sorted: list[Match], a: int, b: int) -> list[Match]:
    return [m for m in spans_sorted if a <= m.start and m.end <= b]


def _roles(doc: _Doc, trig: Match, mentions: list[Mention]) -> tuple[list[str], str | None]:
    """Sources and target around a trigger. The subject is the actor right after a verb
    (VSO) or else the nearest actor before it; actors coordinated with it by و share
    the role (أشادت إسرائيل والسعودية). The target is the first other actor after the
    trigger, else the nearest other one before it."""
    before = [m for m in mentions if m.end <= trig.start]
    after = [m for m in mentions if m.start >= trig.end]
    subject: Mention | None = None
    if after and _at_most_words(doc.folded, trig.end, after[0].start, 1) and _prev_word(doc.folded, after[0].start) not in _PREPOSITIONS_TARGET and after[0].kind != "adjective":
        subject = after[0]
    elif before:
        subject = before[-1]
    elif after:
        subject = after[0]
    if subject is None:
        return [], None
    sources = [subject.code]
    if subject.start >= trig.end:
        last = subject
        for m in after:
            if m.start <= last.start:
                continue
            gap = doc.folded[last.end:m.start]
            if doc.folded[m.start] == "و" and gap.strip() == "" and m.code not in sources:
                sources.append(m.code)
                last = m
            else:
                break
    target = next((m.code for m in after if m.code not in sources), None)
    if target is None:
        target = next((m.code for m in reversed(before) if m.code not in sources), None)
    return sources, target


def _visit_parties(doc: _Doc, trig: Match, scope: list[Mention]) -> list[str] | None:
    """Visitor and visited of a visit trigger (يزور لافروف قطر، زيارة عمل لقطر)."""
    after = [m for m in scope if m.start >= trig.end and _at_most_words(doc.folded, trig.end, m.start, 3)]
    dest = next((m for m in after if doc.folded[m.start] == "ل" or _prev_word(doc.folded, m.start) in _TOWARDS), None)
    if dest is None and after and _at_most_words(doc.folded, trig.end, after[0].start, 0):
        dest = after[0]
    if dest is None:
        return None
    visitor = next((m.code for m in scope if m.start < dest.start and m.code != dest.code), None)
    return [visitor, dest.code] if visitor else None


def _modality(doc: _Doc, etype: str, trig: Match, sentence: tuple[int, int], clause: tuple[int, int]) -> str:
    s, e = sentence
    cues = doc.cues

    def near_before(name: str, window: int) -> bool:
        return any(s <= m.start and m.end <= trig.start and trig.start - m.end <= window for m in cues.get(name, []))

    def in_span(name: str, a: int, b: int) -> bool:
        return any(a <= m.start and m.end <= b for m in cues.get(name, []))

    window = doc.folded[max(s, trig.start - 90):trig.start].split()
    after = doc.folded[trig.end:min(e, trig.end + 60)].split()
    cond_after = any(trig.end <= m.start < min(e, trig.end + 60) for m in cues.get("conditional", []))
    if near_before("conditional", 90) or CONDITIONALS.intersection(window) or cond_after or CONDITIONALS.intersection(after):
        return "conditional"
    if etype == "REJECT" and doc.folded[trig.start:trig.end].lstrip("وف").startswith(("نف", "ين", "تن")):
        return "denied"
    if NEGATIONS.intersection(window[-2:]):
        return "denied"
    if trig.entry.future or near_before("planned", 40) or in_span("planned", clause[0], clause[1]):
        return "planned"
    if in_span("reported", s, e):
        return "reported"
    if etype not in SPEECH_ACTS and in_span("speech", s, e):
        return "reported"
    return "asserted"


def _speculative(doc: _Doc, trig: Match, clause: tuple[int, int]) -> bool:
    """Feared, hoped-for or possible events (يخشى أن، ربما، قد يسعى لإبرام) did not happen."""
    if any(clause[0] <= m.start and m.end <= trig.start and trig.start - m.end <= 60 for m in doc.cues.get("speculative", [])):
        return True
    words = doc.folded[max(clause[0], trig.start - 30):trig.start].split()[-2:]
    return any(w in ("قد", "وقد") for w in words) and (words[-1][:1] in "يتن" or doc.folded[trig.start:trig.start + 1] in "يتن")


def _is_topic_of_talks(doc: _Doc, trig: Match, sentence: tuple[int, int], clause: tuple[int, int], topic_starts: list[int]) -> bool:
    """A trigger inside the topic of talks (بحثا ... بشأن العقوبات، ستشمل ضرورة ...) names
    what was discussed, not a separate event; a clause that opens with it is a new event."""
    if trig.entry.value == "CONSULT" or doc.folded[clause[0]:trig.start].strip(" و«\"") == "":
        return False
    k = bisect.bisect_left(doc.trigger_starts, sentence[0])
    talks = [t for t in doc.triggers[k:bisect.bisect_left(doc.trigger_starts, trig.start)] if t.entry.value == "CONSULT"]
    if not talks:
        return False
    k = bisect.bisect_right(topic_starts, talks[0].end)
    return k < len(topic_starts) and topic_starts[k] < trig.start


def _background(doc: _Doc, sentence: tuple[int, int]) -> bool:
    """وكان الاتحاد فرض ...: the pluperfect opens background, not the news of the day."""
    first = doc.folded[sentence[0]:sentence[0] + 12].split()[:1]
    return bool(first) and first[0] in ("وكان", "وكانت", "كان", "كانت")


# Types whose candidate counts even without actors: a definite mention (المحادثات، الاتفاق)
# joins the story's latest claim of its type as evidence (see _merge).
_REFERABLE = ("CONSULT", "AGREE")


def _candidates(gaz: Gazetteer, doc: _Doc) -> list[Candidate]:
    out: list[Candidate] = []
    trig_starts = [t.start for t in doc.triggers]
    actor_starts = [a.start for a in doc.actors]
    boiler = [m.start for m in doc.cues.get("boilerplate", [])]
    topic_starts = sorted(m.start for m in doc.cues.get("topic", []))
    for s, e in doc.sentences:
        i = bisect.bisect_left(trig_starts, s)
        j = bisect.bisect_left(trig_starts, e)
        if i == j:
            continue
        if any(s <= b <= s + 2 for b in boiler):
            continue
        if doc.offtopic >= 3 and any(s <= m.start < e for m in doc.cues.get("offtopic", [])):
            continue
        sent_actors = doc.actors[bisect.bisect_left(actor_starts, s):bisect.bisect_left(actor_starts, e)]
        sent_trigs = doc.triggers[i:j]
        if not sent_actors and not any(t.entry.value in _REFERABLE for t in sent_trigs):
            continue
        # A go-between named in the sentence is no party to its talks or deals.
        go_betweens = {m.code for m in doc.mediations if s <= m.start < e}
        clauses = clause_spans(doc.folded, s, e)
        background = _background(doc, (s, e))
        seen_types: set[tuple[str, str | None, tuple[int, int]]] = set()
        for n, trig in enumerate(sent_trigs):
            etype = trig.entry.value
            if not sent_actors and etype not in _REFERABLE:
                continue  # it could only give a candidate without actors, which _merge drops
            clause = next(((a, b) for a, b in clauses if a <= trig.start < b), (s, e))
            mode = trig.entry.detail or None
            if (etype, mode, clause) in seen_types:
                continue
            if background and etype not in CORE_TYPES:
                continue
            word = doc.folded[trig.start:trig.end]
            prev_words = doc.folded[max(s, trig.start - 30):trig.start].split()[-2:]
            if etype not in SPEECH_ACTS and RELATIVES.intersection(prev_words):
                continue  # الاتفاق الذي أبرم، والذي انسحبت منه: background
            if etype != "CONSULT" and prev_words and prev_words[-1].lstrip("و") in PROSPECT_PREPS:
                continue  # مقابل تخفيف العقوبات، أمام رفع الحظر: a prospect or a condition
            if prev_words and prev_words[-1] in ABSENCE_PREPS:
                continue  # دون قيود، بلا شروط: the thing is absent
            if etype == "RETREAT" and any(w.lstrip("وبل").startswith(("الاتفاق", "اتفاق", "المعاهده", "معاهده")) for w in doc.folded[trig.end:min(e, trig.end + 40)].split()[:4]):
                continue  # withdrawing from a deal is not a military retreat
            if _speculative(doc, trig, clause) or _is_topic_of_talks(doc, trig, (s, e), clause, topic_starts):
                continue
            bare = word[len(trig.entry.proclitic):]
            definite = "ال" in trig.entry.proclitic or trig.entry.proclitic.endswith("ل") and word.startswith(("لل", "ولل", "فلل")) or bare.startswith("ال")
            if etype == "AGREE" and _prev_word(doc.folded, trig.start) in ("وقف", "لوقف", "وقفا"):
                continue
            cut = e
            if etype not in DIRECTED:
                k = bisect.bisect_right(topic_starts, trig.end)
                cut = topic_starts[k] if k < len(topic_starts) and topic_starts[k] < e else e
                # The actors after the next event noun belong to it (محادثات ... الاتفاق بين طهران و...).
                nxt = next((t.start for t in sent_trigs[n + 1:] if t.entry.value != etype and t.start < cut and (t.start < clause[1] or _names_event(doc, t))), None)
                if nxt is not None and nxt > trig.end:
                    cut = nxt
            scope = [m for m in sent_actors if clause[0] <= m.start < min(clause[1], cut)]
            if etype in ("CONSULT", "AGREE"):
                scope = [m for m in scope if m.code not in go_betweens and m.code not in NON_NEGOTIATING]
            codes = list(dict.fromkeys(m.code for m in scope))
            if len(codes) < 2 and etype in EXPANDABLE:
                scope = [m for m in sent_actors if m.start < cut]
                if etype in ("CONSULT", "AGREE"):
                    scope = [m for m in scope if m.code not in go_betweens and m.code not in NON_NEGOTIATING]
                codes = list(dict.fromkeys(m.code for m in scope))
            if definite and etype not in DEFINITE_OK:
                # الاتفاق، التعاون، الانسحاب: a reference to a known event, not a new one.
                codes = []
            seen_types.add((etype, mode, clause))
            if mode == "visit" and len(codes) > 2:
                codes = _visit_parties(doc, trig, scope) or codes
            if etype in DIRECTED and codes:
                sources, target = _roles(doc, trig, scope)
                if etype not in CORE_TYPES:
                    # Context events need their target named after them in their own clause.
                    after = [m.code for m in scope if m.start >= trig.end and clause[0] <= m.start < clause[1]]
                    if target not in after:
                        target = None
                if etype == "REJECT" and target and _after_with(doc, trig, scope, target):
                    target = None  # نفى أي تواطؤ مع الروس: the partner of a denied act
                for src in sources:
                    if target:
                        out.append(Candidate(etype, mode, trig, (s, e), clause, [src, target], src, target, definite))
                continue
            out.append(Candidate(etype, mode, trig, (s, e), clause, codes, None, None, definite))
    return out


def _names_event(doc: _Doc, trig: Match) -> bool:
    """A definite event noun (الاتفاق، العقوبات، المحادثات) names an event of its own."""
    word = doc.folded[trig.start:trig.end]
    return trig.entry.value in ("CONSULT", "AGREE", "SANCTION") and ("ال" in trig.entry.proclitic or word[len(trig.entry.proclitic):].startswith("ال"))


def _after_with(doc: _Doc, trig: Match, scope: list[Mention], code: str) -> bool:
    """The target of a denial is only named after مع (a partner, not an accuser)."""
    hits = [m for m in scope if m.code == code and m.start >= trig.end]
    return bool(hits) and all(_prev_word(doc.folded, m.start) == "مع" or doc.folded[m.start:m.start + 2] == "مع" for m in hits)


def _merge(cands: list[Candidate]) -> list[Claim]:
    """One claim per event: same type and direction, overlapping actors; a definite
    trigger without two actors joins the latest claim of its type."""
    claims: list[Claim] = []
    lone: dict[str, Candidate] = {}  # the last one-party mention of talks or a deal, by type
    for c in cands:
        if c.definite and c.etype in ("CONSULT", "AGREE"):
            # المحادثات، الاجتماع، الاتفاق: the talks already reported, when there are any.
            prev = next((k for k in reversed(claims) if k.etype == c.etype), None)
            if prev is not None and (len(c.actors) < 2 or prev.actor_set & set(c.actors)):
                prev.add(_as_anaphor(c))
                continue
        first_half = None
        if len(c.actors) == 1 and c.etype in ("CONSULT", "AGREE"):
            # One party per sentence (توقع الحكومة ... اتفاقا / توصل أطراف النزاع بجنوب
            # السودان لاتفاق): nearby halves of one event are joined.
            other = lone.get(c.etype)
            lone[c.etype] = c
            if other is None or other.actors == c.actors or c.sentence[0] - other.sentence[1] > _LONE_GAP:
                continue
            first_half = other
            c = Candidate(c.etype, c.mode, c.trigger, c.sentence, c.clause, other.actors + c.actors, None, None, c.definite)
        if len(c.actors) < 2:
            continue
        if c.etype in DIRECTED and not (c.source and c.target):
            continue
        home = None
        for k in claims:
            if k.etype != c.etype:
                continue
            if c.etype in DIRECTED:
                if k.source == c.source and k.target == c.target:
                    home = k
                    break
                continue
            ks = k.actor_set
            cs = set(c.actors)
            if ks == cs or len(ks & cs) / len(ks | cs) > 0.5:
                home = k
                break
        if home is None:
            home = Claim(c.etype, c.source, c.target)
            claims.append(home)
        if first_half is not None:
            home.add(first_half)
        home.add(c)
    return claims


_LONE_GAP = 400  # characters between two one-party halves of the same event


def _as_anaphor(c: Candidate) -> Candidate:
    return Candidate(c.etype, c.mode, c.trigger, c.sentence, c.clause, [], None, None, True)


def _final_actors(claim: Claim) -> list[str]:
    if claim.etype in DIRECTED:
        return [claim.source, claim.target]  # type: ignore[list-item]
    counts = claim.actor_counts()
    voting = [c for c in claim.candidates if c.actors]
    need = max(1, (len(voting) + 1) // 2)
    order = list(dict.fromkeys(a for c in voting for a in c.actors))
    chosen = [a for a in order if counts[a] >= need]
    if len(chosen) < 2:
        chosen = sorted(order, key=lambda a: (-counts[a], order.index(a)))[:2]
    return chosen


MAX_VOTES = 25  # evidence sentences read for a claim's attributes (all are kept as evidence)
def _mediator(doc: _Doc, claim: Claim, actors: list[str]) -> str | None:
    """The go-between of talks or a deal: one named in an evidence sentence, else one named
    in another sentence together with a party of the claim (تعلن الوساطة السودانية في النزاع
    بجنوب السودان ...)."""
    if not doc.mediations:
        return None
    spans = [c.sentence for c in claim.candidates[:MAX_VOTES]]
    for m in doc.mediations:
        if any(a <= m.start < b for a, b in spans):
            return m.code
    for m in doc.mediations:
        if m.code in actors:
            continue
        sent = next(((a, b) for a, b in doc.sentences if a <= m.start < b), None)
        if sent and any(sent[0] <= x.start < sent[1] and x.code in actors for x in doc.actors):
            return m.code
    return None


# Where an organization's own decisions are taken, when the text names no place.
SEATS: dict[str, tuple[str, str]] = {
    "UN": ("New York", "USA"), "EU": ("Brussels", "BEL"), "NATO": ("Brussels", "BEL"),
    "ARAB_LEAGUE": ("Cairo", "EGY"), "GCC": ("Riyadh", "SAU"), "AU": ("Addis Ababa", "ETH"),
    "IAEA": ("Vienna", "AUT"), "OPCW": ("The Hague", "NLD"), "ICC": ("The Hague", "NLD"),
    "OIC": ("Jeddah", "SAU"), "ASEAN": ("Jakarta", "IDN"),
}
_DECISIONS = {"AGREE", "SANCTION", "REQUEST", "REJECT", "ACCUSE", "SUPPORT", "THREATEN"}


def _place_is_topic(doc: _Doc, trig: Match, p: Place) -> bool:
    """A place after a relative pronoun, a topic cue or بسبب belongs to what is talked
    about (لمناقشة السلام في سوريا، الاتفاق الذي أبرم في فيينا), not to the event."""
    a, b = (trig.end, p.start) if p.start >= trig.end else (p.end, trig.start)
    if RELATIVES.intersection(doc.folded[a:b].split()):
        return True
    return p.start >= trig.end and any(a <= m.start < b for m in doc.cues.get("topic", []))


def _visit_destination(gaz: Gazetteer, doc: _Doc, claim: Claim) -> str | None:
    """The object of زار / يزور: the first state named (not a person) after the verb."""
    for c in claim.candidates[:MAX_VOTES]:
        bare = doc.folded[c.trigger.start:c.trigger.end][len(c.trigger.entry.proclitic):]
        if not (bare.startswith("زار") or bare.endswith(("زور", "زوران"))):
            continue
        for m in doc.actors:
            if c.trigger.end <= m.start < c.clause[1] and m.kind in ("name", "capital"):
                if doc.folded[m.start] == "ب" or _prev_word(doc.folded, m.start) in ("في", "من", "مع", "بين"):
                    continue
                actor = gaz.actors.get(m.code)
                if actor is not None and actor.kind == "state":
                    return m.code
    return None


def _location(gaz: Gazetteer, doc: _Doc, claim: Claim, visit: bool) -> dict[str, str] | None:
    """Where the event happened: a place in a locative phrase (في، بـ، في العاصمة) of an
    evidence sentence, or the destination of a visit (يزور قطر، إلى الدوحة، لدولة قطر).
    Speech acts take no place from their own sentence (a place there is usually their
    topic): a state's statements and decisions are made at home, an organization's at its
    seat."""
    best: Place | None = None
    if claim.etype not in SPEECH_ACTS:
        dest = _visit_destination(gaz, doc, claim) if visit else None
        best_key: tuple[int, ...] | None = None
        for rank, c in enumerate(claim.candidates[:MAX_VOTES]):
            s, e = c.sentence
            for p in doc.places:
                if not (s <= p.start < e) or p.start < doc.dateline_end:
                    continue
                prev = _prev_word(doc.folded, p.start)
                towards = visit and (prev in _TOWARDS or doc.folded[p.start] == "ل")
                if not (p.locative or towards) or _place_is_topic(doc, c.trigger, p):
                    continue
                if dest and p.country != dest:
                    continue
                key = (-rank, int(p.city), -abs(p.start - c.trigger.start))
                if best_key is None or key > best_key:
                    best, best_key = p, key
        if best is None and dest:
            return {"name": gaz.actors[dest].name_en, "country": dest}
        if best is None and visit:
            host = _visit_host(doc, claim)
            if host and host in gaz.actors:
                return {"name": gaz.actors[host].name_en, "country": host}
    if best is not None:
        return {"name": best.name, "country": best.country}
    if claim.etype in _DECISIONS:
        # In order of first mention: a set's order would change with the hash seed.
        deciders = [claim.source] if claim.source else list(dict.fromkeys(a for c in claim.candidates for a in c.actors))
        for code in deciders:
            if code in SEATS:
                name, country = SEATS[code]
                return {"name": name, "country": country}
        actor = gaz.actors.get(claim.source or "")
        if claim.source and actor is not None and actor.kind == "state":
            return {"name": actor.name_en, "country": claim.source}
    return None


def _visit_host(doc: _Doc, claim: Claim) -> str | None:
    """The receiving side of a reception (استقبل X ... Y): the subject of استقبل."""
    for c in claim.candidates:
        word = doc.folded[c.trigger.start:c.trigger.end]
        if "ستقبل" in word or "استقبال" in word:
            after = [m for m in doc.actors if c.trigger.end <= m.start < c.sentence[1]]
            if after:
                return after[0].code
    return None


def _article_location(doc: _Doc, located: list[dict[str, str] | None]) -> dict[str, str] | None:
    """The article's main scene: the first located claim, else the first locative city."""
    for loc in located:
        if loc:
            return loc
    for p in doc.places:
        if p.city and p.locative and p.start >= doc.dateline_end:
            return {"name": p.name, "country": p.country}
    for p in doc.places:
        if p.start < doc.dateline_end:
            return {"name": p.name, "country": p.country}
    return None


def _clause_start(folded: str, s: int, pos: int) -> int:
    return max(s, *(folded.rfind(p, s, pos) + 1 for p in "،,؛:"))


def _lead_date(doc: _Doc) -> tuple[str | None, str | None, int]:
    """The date of the lead (first two sentences), the default date of the story, and
    where it is written (-1 for none)."""
    latest = doc.published + timedelta(days=1) if doc.published else None
    for s, e in doc.sentences[:2]:
        found = [
            d for d in doc.dates_in(s, e)
            if (latest is None or d.value <= latest) and not RELATIVES.intersection(doc.folded[_clause_start(doc.folded, s, d.start):d.start].split())
        ]
        if found:
            best = max(found, key=lambda d: (precision_rank(d.precision), -d.start))
            return best.value.isoformat(), best.precision, best.start
    return None, None, -1


def _event_dates(doc: _Doc, a: int, b: int, trig: Match, planned: bool) -> list[DateMention]:
    """Dates in ``folded[a:b]`` that can date the trigger's event. A date in a relative
    clause opened after the trigger dates that clause (الخطاب الذي ألقاه في أيار); a date
    deep in what a speaker demands or denies dates its content (حث روسيا على الإقرار
    بمسؤوليتها في إسقاط الطائرة عام 2014); منذ opens a period, not an event; and a past
    event cannot happen after the article was published (يعقبه توقيع في 26 تموز)."""
    out: list[DateMention] = []
    latest = doc.published + timedelta(days=1) if doc.published else None
    speech = trig.entry.value in SPEECH_ACTS
    for d in doc.dates_in(a, b, planned):
        if d.start > trig.end:
            between = doc.folded[trig.end:d.start].split()
            if RELATIVES.intersection(between) and not _same_event_between(doc, trig, d):
                continue
            if speech and len(between) > 3 and _CONTENT.intersection(between):
                continue
        if "منذ" in doc.folded[max(a, d.start - 40):d.start].split()[-4:]:
            continue
        if d.end <= trig.start and _owned_by_earlier_trigger(doc, a, d, trig):
            continue
        if d.strength == 0 and "الموافق" in doc.folded[d.end:d.end + 12]:
            continue  # الخميس الموافق 26/7/2018: the explicit date that follows governs
        if d.strength == 0 and not planned and any(a <= m.start and m.end <= d.start and d.start - m.end <= 40 for m in doc.cues.get("planned", [])):
            # سيتم التوقيع الخميس: a weekday announced for later dates a step still to come.
            continue
        if not planned and latest and d.value > latest:
            continue
        out.append(d)
    return out


_CONTENT = frozenset({"على", "علي", "ان", "بان", "لان"})  # what follows is the content of a speech act


def _same_event_between(doc: _Doc, trig: Match, d: DateMention) -> bool:
    """الذي كان في استقباله ... الاثنين: a relative clause that reports part of the same
    event (a trigger of its type) still dates it."""
    k = bisect.bisect_left(doc.trigger_starts, trig.end)
    return any(t.entry.value == trig.entry.value for t in doc.triggers[k:bisect.bisect_left(doc.trigger_starts, d.start)])


def _owned_by_earlier_trigger(doc: _Doc, a: int, d: DateMention, trig: Match) -> bool:
    """وصل إلى ستوكهولم الخميس لعقد لقاءات: a date between an earlier event verb and this
    trigger dates that verb (the arrival), not the meetings it was made for."""
    k = bisect.bisect_left(doc.trigger_starts, a)
    for t in doc.triggers[k:]:
        if t.start >= d.start:
            return False
        if t is not trig and t.end <= d.start:
            return True
    return False


def _contains(coarse: DateMention | tuple[date, str], fine: date) -> bool:
    value, precision = (coarse.value, coarse.precision) if isinstance(coarse, DateMention) else coarse
    if precision == "year":
        return value.year == fine.year
    if precision == "month":
        return (value.year, value.month) == (fine.year, fine.month)
    return value == fine


def _date(doc: _Doc, claim: Claim, modality: str) -> tuple[str | None, str | None]:
    """The date of the event's first dated mention: the trigger's clause first, else its
    sentence (an event inherits the date of the sentence that reports it), earlier evidence
    before later; a later, more precise date inside that period refines it (في كانون الثاني
    ... في 10 كانون الثاني). None when no evidence sentence dates the event."""
    planned = modality == "planned"
    # An arrival (وصل إلى ستوكهولم الخميس) opens a visit; the talks are dated by the meeting.
    cands = sorted(claim.candidates[:MAX_VOTES], key=lambda c: _is_arrival(doc, c.trigger))
    best: DateMention | None = None
    for scope in ("clause", "sentence"):
        for c in cands:
            a, b = c.clause if scope == "clause" else c.sentence
            found = _event_dates(doc, a, b, c.trigger, planned)
            if found:
                best = max(found, key=lambda d: (precision_rank(d.precision), d.strength, -abs(d.start - c.trigger.start)))
                break
        if best is not None:
            break
    if best is None:
        return None, None
    finer = [d for c in cands for d in _event_dates(doc, c.clause[0], c.clause[1], c.trigger, planned) if precision_rank(d.precision) > precision_rank(best.precision) and _contains(best, d.value)]
    if finer:
        best = max(finer, key=lambda d: (precision_rank(d.precision), d.strength))
    return best.value.isoformat(), best.precision


def _is_arrival(doc: _Doc, trig: Match) -> bool:
    return doc.folded[trig.start:trig.end][len(trig.entry.proclitic):] in ("وصل", "وصلت")


def _claim_modality(doc: _Doc, claim: Claim) -> str:
    """The claim's modality from those of its candidates, which are worked out here: only
    the candidates that made it into a claim need one."""

    def modality(c: Candidate) -> str:
        return _modality(doc, c.etype, c.trigger, c.sentence, c.clause)

    first = modality(claim.candidates[0])
    if first in ("conditional", "denied"):
        return first
    seen = {first, *(modality(c) for c in claim.candidates[1:])}
    for m in ("reported", "planned"):
        if m in seen:
            return m
    return "asserted"


def _attribution(doc: _Doc, text: str, nt, claim: Claim) -> str | None:
    for c in claim.candidates[:MAX_VOTES]:
        s, e = c.sentence
        for cue in doc.cues.get("reported", []):
            if s <= cue.start < e:
                tail = doc.folded[cue.end:min(e, cue.end + 60)]
                stop = min([i for i in (tail.find("،"), tail.find(" ان "), tail.find(" عن "), tail.find(".")) if i >= 0] or [len(tail)])
                phrase_end = cue.end + stop
                words = doc.folded[cue.start:phrase_end].split()
                if len(words) < 2:
                    continue
                o_start, o_end = nt.to_original(cue.start, min(phrase_end, cue.start + len(" ".join(words[:6]))))
                return _clean(text[o_start:o_end])
    return None


def _clean(s: str) -> str:
    s = s.encode("utf-8", "replace").decode("utf-8").replace("\x00", "")
    return s.strip(" \"'«»“”()") or s


def extract_from_text(article: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The extractor proper; ``marsad.claims.extract_claims`` guards it."""
    text = article.get("text")
    if not isinstance(text, str) or not text.strip():
        return []
    text = text[:MAX_TEXT]
    gaz = load_gazetteer()
    nt = normalize(text)
    doc = _build_doc(gaz, article, nt.text)
    if doc is None:
        return []
    claims = _merge(_candidates(gaz, doc))
    if not claims:
        return []
    out: list[dict[str, Any]] = []
    folded_spans: list[list[tuple[int, int]]] = []  # evidence sentences of each claim, in folded offsets
    for claim in claims:
        actors = _final_actors(claim)
        modality = _claim_modality(doc, claim)
        mode = None
        mediator = None
        if claim.etype in ("CONSULT", "AGREE"):
            mediator = _mediator(doc, claim, actors)
            if mediator and mediator in actors:
                if len(actors) <= 2:
                    mediator = None
                else:
                    actors = [a for a in actors if a != mediator]
        if claim.etype == "CONSULT":
            modes = [c.mode for c in claim.candidates if c.mode]
            if mediator:
                mode = "third-party"
            elif len(actors) >= 3 or any(gaz.actors.get(a) and gaz.actors[a].kind == "organization" for a in actors) and "multilateral" in modes:
                mode = "multilateral"
            elif modes:
                mode = Counter(m for m in modes if m != "third-party").most_common(1)[0][0] if any(m != "third-party" for m in modes) else None
            if mode is None and len(actors) >= 3:
                mode = "multilateral"
        visit = mode == "visit"
        event_date, precision = _date(doc, claim, modality)
        spans = {c.sentence for c in claim.candidates}
        folded_spans.append(sorted(spans))
        evidence = []
        for s, e in sorted(spans):
            o_s, o_e = nt.to_original(s, e)
            evidence.append({"start": o_s, "end": o_e})
        n_ev = len(evidence)
        confidence = min(0.95, 0.45 + 0.1 * min(n_ev, 3) + (0.1 if claim.etype in CORE_TYPES else 0.0) + (0.05 if event_date else 0.0))
        out.append({
            "event_type": claim.etype,
            "mode": mode,
            "actors": actors,
            "source_actor": claim.source if claim.etype in DIRECTED else None,
            "target_actor": claim.target if claim.etype in DIRECTED else None,
            "mediator": mediator,
            "location": _location(gaz, doc, claim, visit),
            "event_date": event_date,
            "date_precision": precision,
            "modality": modality,
            "topics": [],
            "participants": [],
            "attribution": _attribution(doc, text, nt, claim),
            "evidence": evidence,
            "confidence": round(confidence, 2),
        })
    if out:
        scene = _article_location(doc, [c["location"] for c in out if c["event_type"] in ("CONSULT", "AGREE")])
        for c in out:
            if c["location"] is None:
                c["location"] = scene
        _fill_dates(doc, out, folded_spans)
    return out


def _fill_dates(doc: _Doc, out: list[dict[str, Any]], spans: list[list[tuple[int, int]]]) -> None:
    """Dates for claims whose evidence gives none. What the parties of the story's main
    talks demand, refuse or agree among themselves happens at the talks: such a claim takes
    the talks' day (and a speech act the talks' place) when it has no date or only a
    coarser one that contains it. Otherwise
    the lead's date, else (news reports the day's events) the publication date; a planned
    event keeps no date."""
    main = next((c for c in out if c["event_type"] == "CONSULT" and c["date_precision"] == "day" and c["modality"] != "planned"), None)
    lead = _lead_date(doc)
    for i, c in enumerate(out):
        if c is main or c["modality"] == "planned":
            continue
        if main and set(c["actors"]) <= set(main["actors"]):
            talks = date.fromisoformat(main["event_date"])
            own = (date.fromisoformat(c["event_date"]), c["date_precision"]) if c["event_date"] else None
            if own is None or (own[1] != "day" and _contains(own, talks)):
                c["event_date"], c["date_precision"] = main["event_date"], "day"
                if c["event_type"] in SPEECH_ACTS and main["location"]:
                    c["location"] = dict(main["location"])
                continue
        own_sentence = any(a <= lead[2] < b for a, b in spans[i])
        if c["event_date"] is None and lead[0] and not own_sentence:
            c["event_date"], c["date_precision"] = lead[0], lead[1]
        elif c["event_date"] is None and doc.published:
            c["event_date"], c["date_precision"] = doc.published.isoformat(), "day"


__all__ = ["MAX_TEXT", "extract_from_text"]
