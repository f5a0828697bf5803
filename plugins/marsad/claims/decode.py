"""From decisions to claims: one claim per acting party, one claim per real-world event.

A candidate the event model calls an event becomes a draft with the slots the role
model calls source, target or party; slots called mediator, or named as go-betweens
(بوساطة مصرية قطرية), are its mediators and never its parties. A directed act with a
slot called source has one acting side: the slot most likely its source, with the slots
listed together with it (أدانت السعودية والإمارات الهجوم); each of those gives one
draft. Other slots the role model calls source or party are dropped: the role model
often takes a target for a source, and splitting on it gave a one-party claim per side.
Drafts of one type whose actor sets overlap enough (and, when both name one, with the
same source) are one event: the first keeps its actors and gathers the others' evidence.
Attacks by the same parties in different named cities are separate strikes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from marsad.claims.candidates import Candidate
from marsad.claims.decisions import DecodeSettings
from marsad.claims.lexicon import DIRECTED

NONE = "NONE"
MAX_ACTORS = 5
SEPARATE_BY_CITY = frozenset({"ASSAULT"})  # strikes on Taiz and on Sanaa: two events


@dataclass
class Draft:
    """A claim before its attributes: type, parties in roles, the candidates reporting it."""

    event_type: str
    actors: list[str]
    source: str | None
    target: str | None
    mediators: list[str]
    candidates: list[Candidate] = field(default_factory=list)
    score: float = 0.0


def _best(classes: Sequence[str], probs: Sequence[float]) -> tuple[str, float]:
    k = max(range(len(probs)), key=probs.__getitem__)
    return classes[k], probs[k]


def drafts_of(
    cand: Candidate,
    event_classes: Sequence[str],
    event_probs: Sequence[float],
    role_classes: Sequence[str],
    role_probs: Sequence[Sequence[float]],
    settings: DecodeSettings,
) -> list[Draft]:
    """The drafts one candidate gives: none, one, or one per acting party."""
    etype, p = _best(event_classes, event_probs)
    if etype == NONE or p < settings.event_threshold:
        return []
    labels = [_best(role_classes, probs)[0] for probs in role_probs]
    labels = ["mediator" if slot.go_between else role for slot, role in zip(cand.slots, labels)]  # never a party (spec)
    if etype in DIRECTED:
        labels = _one_acting_side(cand, labels, [probs[role_classes.index("source")] for probs in role_probs])
    roles: dict[str, list[str]] = {"source": [], "target": [], "party": [], "mediator": []}
    for slot, role in zip(cand.slots, labels):
        if role != NONE and slot.code not in roles[role]:
            roles[role].append(slot.code)
    mediators = roles["mediator"]
    sources = [c for c in roles["source"] if c not in mediators]
    targets = [c for c in roles["target"] if c not in mediators and c not in sources]
    parties = [c for c in roles["party"] if c not in mediators and c not in sources and c not in targets]
    if etype in DIRECTED:
        if sources and parties:
            sources, parties = sources + parties, []  # أدانت السعودية والإمارات: each acts
        if len(sources) > 1:
            return [Draft(etype, [s, *targets][:MAX_ACTORS], s, targets[0] if targets else None, mediators, [cand], p)
                    for s in sources]
        actors = list(dict.fromkeys(sources + targets + parties))[:MAX_ACTORS]
        if not actors:
            return []
        return [Draft(etype, actors, sources[0] if sources else None, targets[0] if targets else None, mediators, [cand], p)]
    actors = list(dict.fromkeys(parties + sources + targets))[:MAX_ACTORS]
    if not actors:
        return []
    return [Draft(etype, actors, None, None, mediators, [cand], p)]


def _one_acting_side(cand: Candidate, labels: list[str], source_probs: Sequence[float]) -> list[str]:
    """The labels with the acting slots (source or party) cut to the likeliest source and
    the slots in its coordinated list, when a slot is called source at all."""
    acting = [i for i, role in enumerate(labels) if role in ("source", "party")]
    if len(acting) < 2 or "source" not in labels:
        return labels  # no source named: the parties stay one draft
    best = max(acting, key=source_probs.__getitem__)
    chain = cand.slots[best].chain
    keep = {i for i in acting if i == best or (chain >= 0 and cand.slots[i].chain == chain)}
    return [NONE if i in acting and i not in keep else role for i, role in enumerate(labels)]


def _same_sentence(a: Draft, b: Draft) -> bool:
    return bool({c.sentence for c in a.candidates} & {c.sentence for c in b.candidates})


def merge_events(drafts: Sequence[Draft], settings: DecodeSettings,
                 cities: Callable[[Draft], set[str]] | None = None) -> list[Draft]:
    """One draft per event: a draft joins the first earlier one of its type whose actors
    overlap it by at least ``merge_overlap`` (Jaccard), adding its evidence; symmetric
    drafts (talks, deals) of one sentence are one event with the parties of both.
    ``cities`` gives the cities a draft's evidence places it in: attacks in disjoint
    cities stay apart."""
    out: list[Draft] = []
    for d in drafts:
        mine = set(d.actors)
        where = cities(d) if cities is not None and d.event_type in SEPARATE_BY_CITY else set()
        home = None
        for k in out:
            if k.event_type != d.event_type:
                continue
            if d.source and k.source and d.source != k.source:
                continue  # a demand each way is two events
            if where and cities is not None:
                there = cities(k)
                if there and where.isdisjoint(there):
                    continue  # the same parties, another city: another strike
            theirs = set(k.actors)
            if len(mine & theirs) >= settings.merge_overlap * len(mine | theirs):
                home = k
                break
            if d.event_type not in DIRECTED and _same_sentence(d, k):
                home = k  # وصل ... حيث أجرى محادثات مع ...: each trigger saw one side of the talks
                for a in d.actors:
                    if a not in home.actors and a not in home.mediators and a not in d.mediators \
                            and len(home.actors) < MAX_ACTORS:
                        home.actors.append(a)
                break
        if home is None:
            out.append(Draft(d.event_type, list(d.actors), d.source, d.target, list(d.mediators), list(d.candidates), d.score))
            continue
        home.candidates.extend(c for c in d.candidates if c not in home.candidates)
        home.mediators.extend(m for m in d.mediators if m not in home.mediators)
        home.score = max(home.score, d.score)
    for d in out:  # a go-between of any evidence of the event is no party to it
        parties = [a for a in d.actors if a not in d.mediators]
        if parties:
            d.actors = parties
        else:
            d.mediators = []
    return out


__all__ = ["Draft", "drafts_of", "merge_events"]
