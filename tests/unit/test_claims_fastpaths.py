"""Shortcuts taken for speed must give what the plain computation gives."""

from __future__ import annotations

import random
import re
from urllib.parse import urlparse

from marsad.claims.dates import _PATTERNS, _possible_kinds
from marsad.claims.document import home_state
from marsad.claims.gazetteer import load_gazetteer
from marsad.text import fold, sentence_spans

_DATE_WORDS = [
    "في", "عام", "سنة", "شهر", "من", "يوم", "خلال", "مطلع", "الثامن", "الحادي عشر", "كانون الثاني",
    "أيار", "آب", "يناير", "شوال", "ذو الحجة", "أمس", "اليوم", "غدا", "الأسبوع الماضي", "الخميس",
    "الاثنين", "وقال", "الوزير", "5", "26", "2015", "1436", "/", "-", "هـ", ".", "،", "(",
    "26/7/2015م", "10 شوال 1436هـ", "5 آب 2021", "3.4.2019",
]


def test_skipped_date_patterns_could_not_have_matched() -> None:
    rng = random.Random(7)
    for _ in range(3000):
        text = fold(" ".join(rng.choice(_DATE_WORDS) for _ in range(rng.randint(1, 8))))
        possible = _possible_kinds(text)
        for kind, rx in _PATTERNS:
            if rx.search(text):
                assert kind in possible, (kind, text)


def test_home_state_from_the_url_prefix_matches_a_full_parse() -> None:
    gaz = load_gazetteer()
    host, country = next(iter(gaz.home_hosts.items()))
    urls = [
        f"https://www.{host}/news/1?x=1", f"HTTP://User@{host.upper()}:80/a/b", f"https://{host}?q=/x",
        f"https://{host}#frag/x", f"//{host}/path", f"{host}/a/b", "https://[bad/x", "mailto:a@b.c/x/y",
        f"https:/\t/{host}/p", f" https://{host}/y", "https://example.com/a/b/c", "http://[::1]/x",
    ]
    for url in urls:
        try:
            parsed = (urlparse(url).hostname or "").lower()
        except ValueError:
            expected = None
        else:
            expected = next((c for h, c in gaz.home_hosts.items() if parsed == h or parsed.endswith("." + h)), None)
        assert home_state(gaz.home_hosts, url) == expected, url
    assert home_state(gaz.home_hosts, f"https://{host}/x") == country
    assert home_state(gaz.home_hosts, None) is None and home_state(gaz.home_hosts, "") is None


def _sentence_spans_reference(text: str) -> list[tuple[int, int]]:
    """The splitter as first written: one alternation, tried at every position."""
    spans = []
    start = 0
    for m in re.finditer(r"[!?؟؛\n]+|\.+(?=\s|$|[\"'»”)\]])", text):
        one_letter_before = m.start() >= 1 and text[m.start() - 1].isalpha() and (
            m.start() < 2 or not text[m.start() - 2].isalpha())
        if m.group().startswith(".") and one_letter_before:
            continue
        s, e = start, m.end() if not m.group().isspace() else m.start()
        piece = text[s:e]
        if piece.strip():
            s += len(piece) - len(piece.lstrip())
            spans.append((s, s + len(piece.strip())))
        start = m.end()
    piece = text[start:]
    if piece.strip():
        s = start + len(piece) - len(piece.lstrip())
        spans.append((s, s + len(piece.strip())))
    return spans


def test_sentence_splitter_matches_its_reference() -> None:
    rng = random.Random(11)
    alphabet = ".!?؟؛\n \t\"'»”)]a1د²،"
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert sentence_spans(text) == _sentence_spans_reference(text), repr(text)
