"""Sentence and clause splitting for Arabic news text.

Works on any string (the original text or its folded form, which keeps the same
punctuation) and returns half-open ``(start, end)`` spans, so callers keep exact offsets.
A sentence ends at . ! ? ؟ ؛ or a line break; a dot inside a number (1.25), after a
one-letter abbreviation (د. for doctor) or inside an acronym (سي.بي.إس) does not end it.
Clauses split a sentence further at the Arabic and Latin comma and the semicolon.
"""

from __future__ import annotations

import re

# A run of ! ? ؟ ؛ or line breaks, or a run of dots before a blank, the end or a closing
# quote or bracket. Written to start with a plain character class, which lets the regex
# engine skip to the next candidate character instead of trying every position.
_SENTENCE_END = re.compile(r"[.!?؟؛\n](?:(?<=\.)\.*(?=\s|$|[\"'»”)\]])|(?<!\.)[!?؟؛\n]*)")
_CLAUSE_END = re.compile(r"[،,؛:]")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_abbreviation(text: str, dot: int) -> bool:
    """A dot right after a one-letter word (د. ، أ.) abbreviates a title."""
    return dot >= 1 and text[dot - 1].isalpha() and (dot < 2 or not text[dot - 2].isalpha())


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of ``text``, in order, without surrounding blanks."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        mark, end = m.span()
        if text[mark] == "." and _is_abbreviation(text, mark):
            continue
        s, e = _trim(text, start, mark if m.group().isspace() else end)
        if e > s:
            spans.append((s, e))
        start = end
    s, e = _trim(text, start, len(text))
    if e > s:
        spans.append((s, e))
    return spans


def clause_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of the comma-separated clauses of ``text[start:end]``."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    pos = start
    for m in _CLAUSE_END.finditer(text, start, end):
        s, e = _trim(text, pos, m.start())
        if e > s:
            spans.append((s, e))
        pos = m.end()
    s, e = _trim(text, pos, end)
    if e > s:
        spans.append((s, e))
    return spans


__all__ = ["clause_spans", "sentence_spans"]
