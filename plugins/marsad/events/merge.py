"""Merging claims into events: pure functions, no SQL (the records are in :mod:`marsad.model`).

Claims are one article's report of a real-world event; several articles (and several
outlets, some copying one agency story) report the same event. Claims merge into one
event when they have the same type, the same actors (the set of party, source and target
codes), compatible dates and compatible places:

- dates: both to the day and at most ``window_days`` apart (a next-day reprint resolves
  "أمس" against a later publication date, and outlets disagree by a day around midnight);
  where one side is only known to the month or year, the same month or year; an unknown
  date is compatible with any;
- places: the same country, or no country on one side.

Claims are taken in a fixed order (article id, ordinal); a claim joins the compatible
event whose date is nearest (then the oldest event), else it founds an event whose key is
a hash of its own type, actors, date and country. Keys are therefore deterministic and
an event keeps its key when later claims join it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date

from marsad.model import ClaimFacts, EventFacts, EventMerge, group_key

WINDOW_DAYS = 1
# Claims that say an event did not happen back no event.
UNBACKED_MODALITIES = frozenset({"denied"})


def event_key(claim: ClaimFacts) -> str:
    """The deterministic key of the event a claim founds."""
    if not claim.actors:  # nothing to corroborate on: an event of its own
        basis = f"solo|{claim.article_id}|{claim.ordinal}"
    else:
        day = claim.day.isoformat() if claim.day else ""
        basis = f"{group_key(claim.event_type, claim.actors)}|{day}|{claim.precision or ''}|{claim.country or ''}"
    return hashlib.sha1(basis.encode("utf-8")).hexdigest()[:32]


def dates_compatible(a: date | None, pa: str | None, b: date | None, pb: str | None, window_days: int = WINDOW_DAYS) -> bool:
    if a is None or b is None:
        return True
    if pa == "year" or pb == "year":
        return a.year == b.year
    if pa == "month" or pb == "month":
        return (a.year, a.month) == (b.year, b.month)
    return abs((a - b).days) <= window_days


def compatible(event: EventFacts, claim: ClaimFacts, window_days: int = WINDOW_DAYS) -> bool:
    if not claim.actors or event.group != group_key(claim.event_type, claim.actors):
        return False
    if event.country and claim.country and event.country != claim.country:
        return False
    return dates_compatible(event.day, event.precision, claim.day, claim.precision, window_days)


def _distance(event: EventFacts, claim: ClaimFacts) -> int:
    if event.day is None or claim.day is None:
        return 1 << 20
    return abs((event.day - claim.day).days)


def merge_claims(claims: Iterable[ClaimFacts], events: Iterable[EventFacts], window_days: int = WINDOW_DAYS) -> EventMerge:
    """Assign each claim (taken in article, ordinal order) to an existing or new event."""
    by_group: dict[str, list[EventFacts]] = {}
    for ev in sorted(events, key=lambda e: (e.id is None, e.id or 0, e.key)):
        by_group.setdefault(ev.group, []).append(ev)
    merge = EventMerge()
    for claim in sorted(claims, key=lambda c: (c.article_id, c.ordinal)):
        if claim.modality in UNBACKED_MODALITIES:
            continue
        group = by_group.setdefault(group_key(claim.event_type, claim.actors), [])
        found = [ev for ev in group if compatible(ev, claim, window_days)]
        if found:
            best = min(found, key=lambda ev: _distance(ev, claim))  # min keeps the oldest on ties
            merge.links[claim.claim_id] = best.key
            continue
        key = event_key(claim)
        same_key = [ev for ev in group if ev.key == key]
        if same_key:  # e.g. an actorless claim merged before
            merge.links[claim.claim_id] = key
            continue
        ev = EventFacts(key, claim.event_type, claim.actors, claim.day, claim.precision, claim.country,
                        founded_by=claim.claim_id)
        group.append(ev)
        merge.new_events.append(ev)
        merge.links[claim.claim_id] = key
    return merge
