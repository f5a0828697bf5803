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
from datetime import date
from typing import Any, Mapping
from urllib.parse import urlparse

from marsad.claims.dates import DateMention, find_dates, parse_published, precision_rank
from marsad.claims.gazetteer import Gazetteer, Match, load_gazetteer
from marsad.claims.lexicon import CONDITIONALS, CORE_TYPES, DIRECTED, NEGATIONS, RELATIVES, SPEECH_ACTS
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
    modality: str
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


def _home_country(gaz: Gazetteer, url: object) -> str | None:
    """The outlet's own state, from its host: a known domestic outlet or a ccTLD."""
    if not isinstance(url, str) or not url:
        return None
    try:
        host = (urlparse(url).hostname or "").lower()
    except ValueError:
        return None
    for known, country in gaz.home_hosts.items():
        if host == known or host.endswith("." + known):
            return country
    return None


def _words_between(folded: str, a: int, b: int) -> int:
    return len(folded[a:b].split()) if b > a else 0


def _prev_word(folded: str, pos: int) -> str:
    words = folded[max(0, pos - 25):pos].split()
    return words[-1] if words else ""


def _build_doc(gaz: Gazetteer, article: Mapping[str, Any], folded: str) -> _Doc | None:
    """Matches of one article sorted into layers; None when it cannot hold a claim."""
    matches = gaz.scan(folded)
    layers = {m.entry.layer for m in matches}
    if "trigger" not in layers or sum(1 for m in matches if m.entry.layer == "actor" or m.entry.value in ("home_title", "anaphor")) < 2:
        return None
    entities = [m for m in matches if m.entry.layer in ("actor", "place")]
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
    cues: dict[str, list[Match]] = {}
    for m in matches:
        if m.entry.layer == "cue":
            cues.setdefault(m.entry.value, []).append(m)
    entity_spans = [(m.start, m.end) for m in kept]

    def inside_entity(m: Match) -> bool:
        i = bisect.bisect_right(entity_spans, (m.start, 10**9)) - 1
        return i >= 0 and entity_spans[i][0] <= m.start and m.end <= entity_spans[i][1] and (m.end - m.start) < (entity_spans[i][1] - entity_spans[i][0])

    triggers = sorted((m for m in matches if m.entry.layer == "trigger" and not inside_entity(m)), key=lambda m: (m.start, -(m.end - m.start)))
    # Among overlapping triggers the longest wins (مذكرة احتجاج over احتجاج).
    trig: list[Match] = []
    for m in triggers:
        if trig and m.start < trig[-1].end:
            continue
        trig.append(m)

    locative_ends = {m.end for m in cues.get("locative", [])}
    nonstate_ends = [m.end for m in cues.get("nonstate", [])]
    sentences = sentence_spans(folded)
    dateline_end = _dateline_end(folded)

    actors: list[Mention] = []
    places: list[Place] = []
    last_loc_end: int | None = None
    for m in kept:
        e = m.entry
        prev_end = m.start - 1
        locative = (prev_end in locative_ends) or _prev_word(folded, m.start) in ("في", "وفي", "داخل", "العاصمه", "بالعاصمه", "عاصمه", "مدينه", "بمدينه") or any(w in ("العاصمه", "بالعاصمه") for w in folded[max(0, m.start - 30):m.start].split()[-2:])
        if not locative and last_loc_end is not None and e.proclitic.startswith("و") and folded[last_loc_end:m.start].strip(" ،,") == "":
            locative = True  # في سوريا واليمن وليبيا: the list stays locative
        if locative:
            last_loc_end = m.end
        if e.layer == "place":
            city = e.detail != "" and e.value and not _is_state_name(gaz, e)
            if e.proclitic.endswith("ب") and city:
                locative = True
            if e.proclitic.endswith("ب") and city:
                last_loc_end = m.end
            places.append(Place(m.start, m.end, e.detail or gaz.actors[e.value].name_en, e.value, bool(city), locative))
            continue
        if e.detail == "outlet":
            continue
        if e.detail in ("capital", "seat") and (locative or e.proclitic.endswith("ب") or "العاصمه" in folded[max(0, m.start - 30):m.start].split()[-2:]):
            continue
        if e.detail in ("name", "adjective") and locative and gaz.actors.get(e.value) and gaz.actors[e.value].kind == "state":
            continue
        if e.detail == "adjective":
            j = bisect.bisect_right(nonstate_ends, m.start) - 1
            if j >= 0 and _words_between(folded, nonstate_ends[j], m.start) <= 1:
                continue
            if _prev_word(folded, m.start) in ("العاصمه", "الاراضي", "المياه", "الحدود", "الاجواء", "السواحل"):
                continue
        actors.append(Mention(m.start, m.end, e.value, e.detail))

    actors.extend(_anaphor_mentions(folded, cues.get("anaphor", []), actors, entity_spans))
    actors.sort(key=lambda a: a.start)
    home = _home_country(gaz, article.get("url"))
    if home:
        kingdom = next((a.code for a in actors if "مملكه" in folded[a.start:a.end] and a.code != home), None)
        actors.extend(_home_mentions(folded, cues.get("home_title", []), actors, entity_spans, home, kingdom))
        actors.sort(key=lambda a: a.start)
    offtopic = len(cues.get("offtopic", []))
    return _Doc(folded, parse_published(article.get("published")), home, sentences, actors, places, trig, cues, offtopic, dateline_end)


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


def _anaphor_mentions(folded: str, heads: list[Match], actors: list[Mention], entity_spans) -> list[Mention]:
    """الاتحاد، المجلس، الحركة standing for the organization named earlier with that head."""
    out: list[Mention] = []
    for h in heads:
        if any(s <= h.start < e for s, e in entity_spans):
            continue
        head = folded[h.start:h.end][len(h.entry.proclitic):]
        core = head[2:] if head.startswith("ال") else head
        k = bisect.bisect_left([a.end for a in actors], h.start + 1)
        for a in reversed(actors[max(0, k - 200):k]):
            alias = folded[a.start:a.end].split()
            first = alias[0].lstrip("وفبل") if alias else ""
            if a.kind == "name" and len(alias) > 1 and (first == head or first == core or first.endswith(head)):
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
        if any(s <= t.start < e for s, e in entity_spans):
            continue
        j = bisect.bisect_left(starts, t.end)
        if j < len(actors) and _words_between(folded, t.end, actors[j].start) <= 1 and "،" not in folded[t.end:actors[j].start]:
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
    if after and _words_between(doc.folded, trig.end, after[0].start) <= 1 and _prev_word(doc.folded, after[0].start) not in _PREPOSITIONS_TARGET and after[0].kind != "adjective":
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
    after = [m for m in scope if m.start >= trig.end and _words_between(doc.folded, trig.end, m.start) <= 3]
    dest = next((m for m in after if doc.folded[m.start] == "ل" or _prev_word(doc.folded, m.start) in _TOWARDS), None)
    if dest is None and after and _words_between(doc.folded, trig.end, after[0].start) == 0:
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
        clauses = clause_spans(doc.folded, s, e)
        seen_types: set[tuple[str, str | None, tuple[int, int]]] = set()
        for trig in doc.triggers[i:j]:
            etype = trig.entry.value
            clause = next(((a, b) for a, b in clauses if a <= trig.start < b), (s, e))
            mode = trig.entry.detail or None
            if (etype, mode, clause) in seen_types:
                continue
            word = doc.folded[trig.start:trig.end]
            prev_words = doc.folded[max(s, trig.start - 30):trig.start].split()[-2:]
            if etype not in SPEECH_ACTS and RELATIVES.intersection(prev_words):
                continue  # الاتفاق الذي أبرم، والذي انسحبت منه: background
            if etype == "RETREAT" and any(w.lstrip("وبل").startswith(("الاتفاق", "اتفاق", "المعاهده", "معاهده")) for w in doc.folded[trig.end:min(e, trig.end + 40)].split()[:4]):
                continue  # withdrawing from a deal is not a military retreat
            bare = word[len(trig.entry.proclitic):]
            definite = "ال" in trig.entry.proclitic or trig.entry.proclitic.endswith("ل") and word.startswith(("لل", "ولل", "فلل")) or bare.startswith("ال")
            if etype == "AGREE" and _prev_word(doc.folded, trig.start) in ("وقف", "لوقف", "وقفا"):
                continue
            cut = e
            if etype not in DIRECTED:
                k = bisect.bisect_right(topic_starts, trig.end)
                cut = topic_starts[k] if k < len(topic_starts) and topic_starts[k] < e else e
            scope = [m for m in sent_actors if clause[0] <= m.start < min(clause[1], cut)]
            codes = list(dict.fromkeys(m.code for m in scope))
            if len(codes) < 2 and etype in EXPANDABLE:
                scope = [m for m in sent_actors if m.start < cut]
                codes = list(dict.fromkeys(m.code for m in scope))
            if definite and etype not in DEFINITE_OK:
                # الاتفاق، التعاون، الانسحاب: a reference to a known event, not a new one.
                codes = []
            seen_types.add((etype, mode, clause))
            modality = _modality(doc, etype, trig, (s, e), clause)
            if mode == "visit" and len(codes) > 2:
                codes = _visit_parties(doc, trig, scope) or codes
            if etype in DIRECTED and codes:
                sources, target = _roles(doc, trig, scope)
                for src in sources:
                    if target:
                        out.append(Candidate(etype, mode, trig, (s, e), clause, [src, target], src, target, modality, definite))
                continue
            out.append(Candidate(etype, mode, trig, (s, e), clause, codes, None, None, modality, definite))
    return out


def _merge(cands: list[Candidate]) -> list[Claim]:
    """One claim per event: same type and direction, overlapping actors; a definite
    trigger without two actors joins the latest claim of its type."""
    claims: list[Claim] = []
    for c in cands:
        if c.definite and c.etype in ("CONSULT", "AGREE"):
            # المحادثات، الاجتماع، الاتفاق: the talks already reported, when there are any.
            prev = next((k for k in reversed(claims) if k.etype == c.etype), None)
            if prev is not None and (len(c.actors) < 2 or prev.actor_set & set(c.actors)):
                prev.add(_as_anaphor(c))
                continue
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
        home.add(c)
    return claims


def _as_anaphor(c: Candidate) -> Candidate:
    return Candidate(c.etype, c.mode, c.trigger, c.sentence, c.clause, [], None, None, c.modality, True)


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
_BACKWARD_MEDIATION = ("تبادل الرسائل", "نقل الرسائل", "القوه الحاميه", "الوسطاء")


def _mediator(gaz: Gazetteer, doc: _Doc, claim: Claim, actors: list[str]) -> str | None:
    """The third party named by a mediation cue: the actor right after بوساطة، برعاية،
    استضافت، الوساطة (السودانية), or right before بتبادل الرسائل (المسؤولون العمانيون)."""
    for c in claim.candidates[:MAX_VOTES]:
        s, e = c.sentence
        for cue in doc.cues.get("mediator", []):
            if not (s <= cue.start < e):
                continue
            word = doc.folded[cue.start:cue.end]
            near = [m for m in doc.actors if s <= m.start < e]
            if any(b in word for b in _BACKWARD_MEDIATION):
                before = [m for m in near if m.end <= cue.start and _words_between(doc.folded, m.end, cue.start) <= 3]
                if before:
                    return before[-1].code
                continue
            after = [m for m in near if m.start >= cue.end and _words_between(doc.folded, cue.end, m.start) <= 2]
            if after:
                return after[0].code
    return None


def _location(gaz: Gazetteer, doc: _Doc, claim: Claim, visit: bool) -> dict[str, str] | None:
    """Where the event happened: a place in a locative phrase (في، بـ، في العاصمة) of an
    evidence sentence, or the destination of a visit (إلى الدوحة، لدولة قطر). Speech acts
    take no place from their own sentence: a place there is usually their topic."""
    if claim.etype in SPEECH_ACTS:
        return None
    best: Place | None = None
    best_key: tuple[int, ...] | None = None
    for rank, c in enumerate(claim.candidates[:MAX_VOTES]):
        s, e = c.sentence
        for p in doc.places:
            if not (s <= p.start < e) or p.start < doc.dateline_end:
                continue
            prev = _prev_word(doc.folded, p.start)
            towards = visit and (prev in _TOWARDS or doc.folded[p.start] == "ل")
            if not (p.locative or towards):
                continue
            key = (-rank, int(p.city), -abs(p.start - c.trigger.start))
            if best_key is None or key > best_key:
                best, best_key = p, key
    if best is None and visit:
        host = _visit_host(doc, claim)
        if host and host in gaz.actors:
            return {"name": gaz.actors[host].name_en, "country": host}
    if best is None:
        return None
    return {"name": best.name, "country": best.country}


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


def _lead_date(doc: _Doc) -> tuple[str | None, str | None]:
    """The date of the lead (first two sentences): the default date of the story."""
    for s, e in doc.sentences[:2]:
        found = find_dates(doc.folded, s, e, doc.published)
        if found:
            best = max(found, key=lambda d: (precision_rank(d.precision), -d.start))
            return best.value.isoformat(), best.precision
    return None, None


def _date(doc: _Doc, claim: Claim, modality: str) -> tuple[str | None, str | None]:
    """The most precise date written in the trigger's own clause of any evidence sentence
    (nearest the trigger, earlier evidence first); None when no clause dates the event."""
    best: DateMention | None = None
    best_key: tuple[int, ...] | None = None
    for rank, c in enumerate(claim.candidates[:MAX_VOTES]):
        a, b = c.clause
        for d in find_dates(doc.folded, a, b, doc.published, future=modality == "planned"):
            key = (precision_rank(d.precision), d.strength, -rank, -abs(d.start - c.trigger.start))
            if best_key is None or key > best_key:
                best, best_key = d, key
    if best is None:
        return None, None
    return best.value.isoformat(), best.precision


def _claim_modality(claim: Claim) -> str:
    first = claim.candidates[0].modality
    if first in ("conditional", "denied"):
        return first
    seen = {c.modality for c in claim.candidates}
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
    if doc is None or not doc.triggers or len(doc.actors) < 2:
        return []
    claims = _merge(_candidates(gaz, doc))
    if not claims:
        return []
    out: list[dict[str, Any]] = []
    for claim in claims:
        actors = _final_actors(claim)
        modality = _claim_modality(claim)
        mode = None
        mediator = None
        if claim.etype in ("CONSULT", "AGREE"):
            mediator = _mediator(gaz, doc, claim, actors)
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
        lead = _lead_date(doc)
        for c in out:
            if c["location"] is None:
                c["location"] = scene
            if c["event_date"] is None and lead[0]:
                c["event_date"], c["date_precision"] = lead
    return out


__all__ = ["MAX_TEXT", "extract_from_text"]
