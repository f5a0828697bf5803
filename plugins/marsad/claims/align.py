"""Gold claims aligned to candidates: the labels the decisions learn from.

The gold has no evidence offsets, so which trigger carries a gold claim is inferred: a
candidate carries a gold claim when its lexicon type equals the claim's type and its
slots hold at least half of the claim's actors (all of them for a single-party claim).
A gold claim no candidate of its type carries goes to the one candidate, of any type,
whose slots hold all its actors nearest together (the learned type then corrects the
lexicon's: a warning coded as a demand). A candidate that carries no claim is labelled
no event; one that carries claims of several types takes the type of a required one.
Slot roles come from the claims of that type a candidate carries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from marsad.claims.candidates import Candidate

NONE = "NONE"


@dataclass(frozen=True)
class Labels:
    """The event label of one candidate and the role label of each of its slots."""

    event: str
    roles: tuple[str, ...]


def _actors(claim: dict[str, Any]) -> set[str]:
    return {str(a).upper() for a in claim.get("actors") or [] if a}


def _carries(cand: Candidate, claim: dict[str, Any], same_type: bool) -> bool:
    gold = _actors(claim)
    if not gold:
        return False
    codes = {s.code for s in cand.slots}
    hit = len(gold & codes)
    if same_type:
        return hit == len(gold) if len(gold) == 1 else hit * 2 >= len(gold)
    return hit == len(gold) and hit >= 2


def _role(code: str, claim: dict[str, Any]) -> str:
    if code == claim.get("mediator"):
        return "mediator"
    if code == claim.get("source_actor"):
        return "source"
    if code == claim.get("target_actor"):
        return "target"
    if code in _actors(claim):
        return "party"
    return NONE


_ROLE_RANK = {"source": 4, "target": 3, "party": 2, "mediator": 1, NONE: 0}


def align(cands: Sequence[Candidate], gold: Sequence[dict[str, Any]]) -> list[Labels]:
    """Labels for every candidate of one article."""
    carried: list[list[dict[str, Any]]] = [[] for _ in cands]
    for claim in gold:
        etype = str(claim.get("event_type", "")).upper()
        hits = [i for i, c in enumerate(cands) if c.lexicon_type == etype and _carries(c, claim, True)]
        if not hits:
            other = [i for i, c in enumerate(cands) if _carries(c, claim, False)]
            if other:
                hits = [other[0]]
        for i in hits:
            carried[i].append(claim)
    out: list[Labels] = []
    for cand, claims in zip(cands, carried):
        if not claims:
            out.append(Labels(NONE, tuple(NONE for _ in cand.slots)))
            continue
        required = [c for c in claims if c.get("required", True)]
        event = str((required or claims)[0]["event_type"]).upper()
        roles = []
        for slot in cand.slots:
            best = NONE
            for claim in claims:
                if str(claim["event_type"]).upper() != event:
                    continue
                r = _role(slot.code, claim)
                if _ROLE_RANK[r] > _ROLE_RANK[best]:
                    best = r
            roles.append(best)
        out.append(Labels(event, tuple(roles)))
    return out


__all__ = ["NONE", "Labels", "align"]
