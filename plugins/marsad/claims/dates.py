"""Dates in Arabic news text, resolved against the article's publication date.

Handles Levantine (كانون الثاني)، Egyptian/Gulf (يناير) and Maghrebi (جانفي) month names,
alone or paired (كانون الثاني/ يناير، أغسطس (آب))، day numbers in digits (Arabic-Indic
digits are folded to ASCII first) or ordinal words (الثامن من أيار)، numeric dates
(26/7/2015م)، Hijri dates (10 شوال 1436هـ)، weekdays (الثلاثاء) and relative words
(اليوم، أمس، أمس الأول، غدا، الأسبوع الماضي، الشهر الماضي). All patterns run on folded
text (marsad.text.fold), so hamza and teh marbuta variants need no separate spelling.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from hijridate import Hijri

from marsad.text import fold

_MONTHS_RAW = {
    1: ["كانون الثاني", "يناير", "جانفي", "جانفييه"],
    2: ["شباط", "فبراير", "فيفري"],
    3: ["آذار", "مارس"],
    4: ["نيسان", "أبريل", "إبريل", "ابريل", "أفريل"],
    5: ["أيار", "مايو", "ماي"],
    6: ["حزيران", "يونيو", "يونيه", "جوان"],
    7: ["تموز", "يوليو", "يوليه", "جويلية", "جويلة"],
    8: ["آب", "أغسطس", "اغسطس", "أوت"],
    9: ["أيلول", "سبتمبر"],
    10: ["تشرين الأول", "أكتوبر", "اكتوبر"],
    11: ["تشرين الثاني", "نوفمبر"],
    12: ["كانون الأول", "ديسمبر", "دجنبر"],
}
_HIJRI_RAW = {
    1: ["محرم"], 2: ["صفر"], 3: ["ربيع الأول"], 4: ["ربيع الثاني", "ربيع الآخر"],
    5: ["جمادى الأولى", "جمادى الأول"], 6: ["جمادى الآخرة", "جمادى الثانية"], 7: ["رجب"],
    8: ["شعبان"], 9: ["رمضان"], 10: ["شوال"], 11: ["ذو القعدة", "ذي القعدة"],
    12: ["ذو الحجة", "ذي الحجة"],
}
_ORDINALS_RAW = [
    "الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن",
    "التاسع", "العاشر", "الحادي عشر", "الثاني عشر", "الثالث عشر", "الرابع عشر",
    "الخامس عشر", "السادس عشر", "السابع عشر", "الثامن عشر", "التاسع عشر", "العشرين",
    "الحادي والعشرين", "الثاني والعشرين", "الثالث والعشرين", "الرابع والعشرين",
    "الخامس والعشرين", "السادس والعشرين", "السابع والعشرين", "الثامن والعشرين",
    "التاسع والعشرين", "الثلاثين", "الحادي والثلاثين",
]
_WEEKDAYS_RAW = {  # Python weekday(): Monday is 0
    "الاثنين": 0, "الإثنين": 0, "الثلاثاء": 1, "الأربعاء": 2, "الخميس": 3, "الجمعة": 4,
    "السبت": 5, "الأحد": 6,
}

MONTHS = {fold(n): m for m, names in _MONTHS_RAW.items() for n in names}
HIJRI = {fold(n): m for m, names in _HIJRI_RAW.items() for n in names}
ORDINALS = {fold(w): i + 1 for i, w in enumerate(_ORDINALS_RAW)}
WEEKDAYS = {fold(w): d for w, d in _WEEKDAYS_RAW.items()}


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# Relative date words, in the order the pattern tries them.
_RELATIVE = [
    "امس الاول", "اول امس", "امس", "البارحه", "اليوم", "الليله", "غدا", "بعد غد", "غد",
    "الاسبوع الماضي", "الاسبوع المقبل", "الشهر الماضي", "الشهر المقبل", "العام الماضي",
    "العام المقبل", "السنه الماضيه",
]
_M = _alt(MONTHS)
_H = _alt(HIJRI)
_ORD = _alt(ORDINALS)
# A month, optionally paired with its other name: كانون الثاني/ يناير، أغسطس (آب)، يوليو-تموز
_MONTH = rf"(?P<m1>{_M})(?:(?:\s*[/\-(]\s*|\s+)(?:{_M})\s*\)?)?"
_DAY = rf"(?P<d>\d{{1,2}}|{_ORD})"
_YEAR = r"(?P<y>(?:19|20)\d\d)"
_PATTERNS = [
    ("numeric", re.compile(r"(?<![\d/])(?P<d>\d{1,2})\s*[/\-.]\s*(?P<mn>\d{1,2})\s*[/\-.]\s*(?P<y>\d{4})\s*(?P<h>ه(?![\w]))?")),
    ("hijri", re.compile(rf"(?P<d>\d{{1,2}})\s*[/\-]?\s*(?:من\s+)?(?P<hm>{_H})\s*[/\-]?\s*(?P<y>1[34]\d\d)")),
    ("dmy", re.compile(rf"(?:(?<![\w/])|(?<=\sو))(?:(?P<d>\d{{1,2}})\s*(?:[/\-]\s*)?|(?<!كانون )(?<!تشرين )(?P<o>{_ORD})\s*)(?:من\s+)?(?:شهر\s+)?{_MONTH}(?:\s*(?:[/\-]\s*)?(?:من\s+)?(?:عام\s+|سنة\s+)?{_YEAR})?")),
    ("my", re.compile(rf"(?:شهر\s+)?{_MONTH}\s*(?:من\s+)?(?:عام\s+)?{_YEAR}")),
    ("m", re.compile(rf"(?<=\s)(?:في|خلال|مطلع|منتصف|اواخر|أواخر|اوائل|نهاية|بداية|شهر)\s+(?:شهر\s+)?{_MONTH}")),
    ("y", re.compile(rf"(?:عام|سنة|العام|في)\s+{_YEAR}(?!\s*[/\-])")),
    ("rel", re.compile(rf"(?<![\w])[وف]?(?P<rel>{'|'.join(_RELATIVE)})(?![\w])")),
    ("wd", re.compile(rf"(?<![\w])[وف]?(?:يوم\s+)?(?P<wd>{_alt(WEEKDAYS)})(?![\w])")),
]
_DIGIT = re.compile(r"\d")
_YEAR_DIGITS = re.compile(r"(?:19|20)\d\d")
_ORDINAL = re.compile(_ORD)
_WEEKDAY = re.compile(_alt(WEEKDAYS))
_STRENGTH = {"hijri": 1, "rel": 0, "wd": 0}
_PRECISION_RANK = {"day": 3, "month": 2, "year": 1}


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    value: date
    precision: str  # day | month | year
    strength: int  # 2 Gregorian calendar date, 1 Hijri date, 0 relative to publication


_LATE_NIGHT_UTC = 6  # hour


def parse_published(value: object) -> date | None:
    """The article's publication date from a date or ISO datetime string, else None."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return datetime.fromisoformat(value[:10]).date()
    except ValueError:
        return None


def news_day(value: object) -> date | None:
    """The day whose news an article reports: its publication day, or the day before when
    it was stamped before 06:00 UTC, the region's morning (in the annotated sets the dated
    claims of such stories fall on the day before 30 times to 12; from 06:00 UTC on the
    day itself wins)."""
    day = parse_published(value)
    if day is None or not isinstance(value, str) or len(value) < 16:
        return day
    try:
        stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return day
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(UTC)
    return stamp.date() - timedelta(days=1) if stamp.hour < _LATE_NIGHT_UTC else stamp.date()


def hijri_to_gregorian(year: int, month: int, day: int) -> date:
    """Umm al-Qura (the calendar of Saudi and Gulf outlets, via hijridate) to Gregorian;
    the tabular calendar, a day off at most, outside its years (1343-1500 AH)."""
    try:
        return Hijri(year, month, day).to_gregorian()
    except (OverflowError, ValueError):
        pass
    jdn = day + math.ceil(29.5 * (month - 1)) + (year - 1) * 354 + (3 + 11 * year) // 30 + 1948439
    return date.fromordinal(jdn - 1721425)


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _year_for(month: int, day: int, published: date, future: bool) -> int:
    """Year of a day-month without a year: the occurrence nearest the publication."""
    y = published.year
    cand = _safe(y, month, min(day, 28) if day > 28 else day) or date(y, month, 1)
    if not future and cand > published + timedelta(days=31):
        return y - 1
    if future and cand < published - timedelta(days=180):
        return y + 1
    return y


def find_dates(folded: str, start: int, end: int, published: date | None, future: bool = False) -> list[DateMention]:
    """Date mentions in ``folded[start:end]`` (offsets are into ``folded``)."""
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    segment = folded[start:end]
    possible = _possible_kinds(segment)
    for kind, rx in _PATTERNS:
        if kind not in possible:
            continue
        for m in rx.finditer(segment):
            s, e = m.start() + start, m.end() + start
            if any(a < e and s < b for a, b in taken):
                continue
            before = folded[max(0, s - 6):s]
            if "منذ" in before:
                taken.append((s, e))
                continue
            mention = _resolve(kind, m, published, future)
            taken.append((s, e))
            if mention is not None:
                out.append(DateMention(s, e, mention[0], mention[1], _STRENGTH.get(kind, 2)))
    out.sort(key=lambda d: d.start)
    return out


def _possible_kinds(segment: str) -> set[str]:
    """The patterns that can match in ``segment``, from what each cannot match without
    (digits, a year, an ordinal, a relative word, a weekday). Most sentences hold no date,
    and these quick literal searches spare them patterns that try every position."""
    kinds = {"m"}  # a month after في، خلال ...: about as cheap to run as to rule out
    if _DIGIT.search(segment):
        kinds.update(("numeric", "hijri", "dmy"))
        if _YEAR_DIGITS.search(segment):
            kinds.update(("my", "y"))
    elif _ORDINAL.search(segment):
        kinds.add("dmy")
    if any(w in segment for w in _RELATIVE):
        kinds.add("rel")
    if _WEEKDAY.search(segment):
        kinds.add("wd")
    return kinds


def _resolve(kind: str, m: re.Match[str], published: date | None, future: bool) -> tuple[date, str] | None:
    g = m.groupdict()
    if kind == "numeric":
        d, mn, y = int(g["d"]), int(g["mn"]), int(g["y"])
        if g.get("h") or y < 1600:
            return (hijri_to_gregorian(y, mn, d), "day") if 1 <= mn <= 12 and 1 <= d <= 30 else None
        value = _safe(y, mn, d)
        return (value, "day") if value else None
    if kind == "hijri":
        day = int(g["d"])
        return (hijri_to_gregorian(int(g["y"]), HIJRI[g["hm"]], day), "day") if 1 <= day <= 30 else None
    if kind in ("dmy", "my", "m"):
        month = MONTHS[g["m1"]]
        year = int(g["y"]) if g.get("y") else None
        if kind == "dmy":
            day = int(g["d"]) if g.get("d") else ORDINALS[g["o"]]
            if not 1 <= day <= 31:
                return None
            if year is None:
                if published is None:
                    return None
                year = _year_for(month, day, published, future)
            value = _safe(year, month, day)
            return (value, "day") if value else None
        if year is None:
            if published is None:
                return None
            year = _year_for(month, 1, published, future)
        return date(year, month, 1), "month"
    if kind == "y":
        return date(int(g["y"]), 1, 1), "year"
    if published is None:
        return None
    if kind == "rel":
        rel = g["rel"]
        days = {"امس الاول": -2, "اول امس": -2, "امس": -1, "البارحه": -1, "اليوم": 0, "الليله": 0, "غدا": 1, "غد": 1, "بعد غد": 2}
        if rel in days:
            return published + timedelta(days=days[rel]), "day"
        if rel.startswith("الاسبوع"):
            when = published + timedelta(days=-7 if rel.endswith("الماضي") else 7)
            return when.replace(day=1), "month"
        if rel.startswith("الشهر"):
            first = published.replace(day=1)
            when = first - timedelta(days=1) if rel.endswith("الماضي") else first + timedelta(days=32)
            return when.replace(day=1), "month"
        year = published.year + (-1 if "الماضي" in rel else 1)
        return date(year, 1, 1), "year"
    wd = WEEKDAYS[g["wd"]]
    delta = (published.weekday() - wd) % 7
    if future and delta:
        return published + timedelta(days=(wd - published.weekday()) % 7), "day"
    return published - timedelta(days=delta), "day"


def precision_rank(precision: str) -> int:
    return _PRECISION_RANK.get(precision, 0)


__all__ = ["DateMention", "find_dates", "hijri_to_gregorian", "news_day", "parse_published", "precision_rank"]
