"""The date of a claim, resolved against the article's publication date.

An event takes the best date of its first dated evidence: the trigger's clause first (of
any of its evidence: a long story names its date late), then its first sentences. A date
in a relative clause opened after the trigger dates that clause (الخطاب الذي ألقاه في
أيار), منذ opens a period, and a past event cannot fall after publication. Undated
claims take the lead's date when their evidence is not the lead itself, else the news
day (the publication day, or the day before for a story stamped before 06:00 UTC: news
reports the day's events); a planned event keeps no date it does not state. A coarse
date long past (عقوبات 2014) dates neither.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from marsad.claims.candidates import Candidate
from marsad.claims.dates import DateMention, precision_rank
from marsad.claims.document import Document
from marsad.claims.lexicon import RELATIVES, SPEECH_ACTS

_BACKGROUND_AGE = timedelta(days=31)  # a coarse date whose period ended longer ago dates no news
_CONTENT = frozenset({"على", "علي", "ان", "بان", "لان"})  # what follows is a speech act's content


def _event_dates(doc: Document, a: int, b: int, cand: Candidate, planned: bool) -> list[DateMention]:
    trig = cand.trigger
    latest = doc.published + timedelta(days=1) if doc.published else None
    speech = trig.entry.value in SPEECH_ACTS
    out: list[DateMention] = []
    for d in doc.dates_in(a, b, planned):
        if d.start > trig.end:
            between = doc.folded[trig.end:d.start].split()
            if RELATIVES.intersection(between):
                continue
            if speech and len(between) > 3 and _CONTENT.intersection(between):
                continue
        if "منذ" in doc.folded[max(a, d.start - 40):d.start].split()[-4:]:
            continue
        if d.strength == 0 and "الموافق" in doc.folded[d.end:d.end + 12]:
            continue  # الخميس الموافق 26/7/2018: the explicit date that follows governs
        if not planned and latest and d.value > latest:
            continue
        if _background(doc, d):
            continue
        out.append(d)
    return out


def _background(doc: Document, d: DateMention) -> bool:
    """عقوبات 2014، اتفاق 2015: a coarse date whose period ended well before publication
    names the background, not the news."""
    if doc.published is None or d.precision == "day":
        return False
    y, m = d.value.year, 12 if d.precision == "year" else d.value.month
    return date(y, m, calendar.monthrange(y, m)[1]) < doc.published - _BACKGROUND_AGE


def event_date(doc: Document, cands: list[Candidate], planned: bool) -> tuple[str | None, str | None]:
    """The stated date of an event, or (None, None)."""
    for scope in ("clause", "sentence"):
        for c in cands if scope == "clause" else cands[:8]:
            a, b = c.clause if scope == "clause" else doc.sentences[c.sentence]
            found = _event_dates(doc, a, b, c, planned)
            if found:
                best = max(found, key=lambda d: (precision_rank(d.precision), d.strength, -abs(d.start - c.trigger.start)))
                return _refined(doc, cands, planned, best)
    return None, None


def _contains(coarse: DateMention, fine: DateMention) -> bool:
    if coarse.precision == "year":
        return coarse.value.year == fine.value.year
    if coarse.precision == "month":
        return (coarse.value.year, coarse.value.month) == (fine.value.year, fine.value.month)
    return False


def _refined(doc: Document, cands: list[Candidate], planned: bool, best: DateMention) -> tuple[str, str]:
    """A later, more precise date inside the first one's period refines it (في كانون
    الثاني ... في 10 كانون الثاني)."""
    finer = [d for c in cands for d in _event_dates(doc, c.clause[0], c.clause[1], c, planned)
             if precision_rank(d.precision) > precision_rank(best.precision) and _contains(best, d)]
    if finer:
        best = max(finer, key=lambda d: (precision_rank(d.precision), d.strength))
    return best.value.isoformat(), best.precision


def lead_date(doc: Document) -> tuple[str | None, str | None, int]:
    """The date of the lead (first two sentences) and where it is written (-1 for none)."""
    latest = doc.published + timedelta(days=1) if doc.published else None
    for s, e in doc.sentences[:2]:
        found = [d for d in doc.dates_in(s, e) if (latest is None or d.value <= latest) and not _background(doc, d)]
        if found:
            best = max(found, key=lambda d: (precision_rank(d.precision), -d.start))
            return best.value.isoformat(), best.precision, best.start
    return None, None, -1


def default_date(doc: Document, cands: list[Candidate], planned: bool) -> tuple[str | None, str | None]:
    """The date of a claim whose evidence states none."""
    if planned:
        return None, None
    date, precision, where = lead_date(doc)
    own_lead = where >= 0 and any(doc.sentences[c.sentence][0] <= where < doc.sentences[c.sentence][1] for c in cands)
    if date and not own_lead:
        return date, precision
    if doc.news_day:
        return doc.news_day.isoformat(), "day"
    return None, None


__all__ = ["default_date", "event_date", "lead_date"]
