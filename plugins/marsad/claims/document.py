"""One article as the claims stage sees it: folded text, sentences, clauses, quotes,
the dateline and the outlet's home state.

Everything later (mentions, candidates, dating) works in offsets of the folded text;
``to_original`` maps spans back to the stored text for evidence offsets.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any
from urllib.parse import urlparse

from marsad.claims.dates import DateMention, find_dates, news_day, parse_published
from marsad.text import NormalizedText, clause_spans, normalize, sentence_spans

_DATELINE_DATE_END = 90  # a dateline's date ends within these first characters
_DATELINE_DATE_START = 40  # and starts after the place name at most
MAX_TEXT = 200_000  # characters; longer texts are cut (offsets stay valid)
_QUOTES = {"«": "»", "\"": "\"", "“": "”"}
_OPENING = re.compile("[" + "".join(_QUOTES) + "]")


@dataclass
class Document:
    """The folded article with its sentence, clause and quote layout."""

    text: str
    normalized: NormalizedText
    folded: str
    published: date | None
    news_day: date | None  # what an undated claim is dated (marsad.claims.dates.news_day)
    home: str | None
    sentences: list[tuple[int, int]]
    dateline_end: int
    quotes: list[tuple[int, int]]
    sentence_starts: list[int] = field(default_factory=list)
    quote_starts: list[int] = field(default_factory=list)
    _clauses: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    _dates: dict[tuple[int, int, bool], list[DateMention]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.sentence_starts = [s for s, _ in self.sentences]
        self.quote_starts = [a for a, _ in self.quotes]

    def sentence_index(self, pos: int) -> int:
        """Index of the sentence holding ``pos`` (the last one starting at or before it)."""
        return max(0, bisect.bisect_right(self.sentence_starts, pos) - 1)

    def clauses(self, index: int) -> list[tuple[int, int]]:
        """Comma clauses of sentence ``index``, split once."""
        if index not in self._clauses:
            s, e = self.sentences[index]
            self._clauses[index] = clause_spans(self.folded, s, e) or [(s, e)]
        return self._clauses[index]

    def clause_of(self, index: int, pos: int) -> tuple[int, int]:
        for a, b in self.clauses(index):
            if a <= pos < b:
                return a, b
        return self.sentences[index]

    def in_quote(self, pos: int) -> bool:
        """Whether ``pos`` is inside a quote (the spans are sorted and disjoint)."""
        k = bisect.bisect_right(self.quote_starts, pos) - 1
        return k >= 0 and pos < self.quotes[k][1]

    def dates_in(self, a: int, b: int, future: bool = False) -> list[DateMention]:
        """Date mentions in ``folded[a:b]``, found once per span."""
        key = (a, b, future)
        if key not in self._dates:
            self._dates[key] = find_dates(self.folded, a, b, self.published, future=future)
        return self._dates[key]

    def original_span(self, a: int, b: int) -> tuple[int, int]:
        return self.normalized.to_original(a, b)


def read_document(article: Mapping[str, Any], home_hosts: Mapping[str, str]) -> Document | None:
    """The document of one article; None when it has no usable text."""
    text = article.get("text")
    if not isinstance(text, str) or not text.strip():
        return None
    text = text[:MAX_TEXT]
    nt = normalize(text)
    folded = nt.text
    published_stamp = parse_published(article.get("published"))
    published = published_stamp or _dateline_date(folded)
    return Document(
        text=text,
        normalized=nt,
        folded=folded,
        published=published,
        news_day=news_day(article.get("published")) if published_stamp else published,
        home=home_state(home_hosts, article.get("url")),
        sentences=sentence_spans(folded) or [(0, len(folded))],
        dateline_end=_dateline_end(folded),
        quotes=_quote_spans(folded),
    )


def home_state(home_hosts: Mapping[str, str], url: object) -> str | None:
    """The outlet's own state, from its host (a known domestic outlet)."""
    if not isinstance(url, str) or not url:
        return None
    # The host lies before the URL's third slash and an outlet's articles share that
    # prefix: it is parsed once per outlet.
    host = _host_of_prefix("/".join(url.split("/", 3)[:3]))
    for known, country in home_hosts.items():
        if host == known or host.endswith("." + known):
            return country
    return None


@lru_cache(maxsize=4096)
def _host_of_prefix(prefix: str) -> str:
    try:
        return (urlparse(prefix).hostname or "").lower()
    except ValueError:
        return ""


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


def _dateline_date(folded: str) -> date | None:
    """The day a dateline states (الخرطوم 26 شوال 1436 هـ الموافق 11 اغسطس 2015 م واس):
    the publication day of an article whose feed gave none, so اليوم and أمس resolve."""
    found = [d for d in find_dates(folded, 0, min(len(folded), _DATELINE_DATE_END), None)
             if d.precision == "day" and d.strength > 0 and d.start < _DATELINE_DATE_START]
    return max(found, key=lambda d: d.strength).value if found else None


def _quote_spans(folded: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks (« », “ ”, paired straight quotes), at most 600 chars."""
    out: list[tuple[int, int]] = []
    n = len(folded)
    opening = _OPENING.search(folded)
    while opening is not None:
        i = opening.start()
        j = folded.find(_QUOTES[folded[i]], i + 1, min(n, i + 600))
        if j < 0:
            opening = _OPENING.search(folded, i + 1)
            continue
        out.append((i + 1, j))
        opening = _OPENING.search(folded, j + 1)
    return out


__all__ = ["MAX_TEXT", "Document", "home_state", "read_document"]
