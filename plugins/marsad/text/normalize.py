"""Arabic normalization for matching, built on camel-tools.

The folding (unicode compatibility forms, alef variants, alef maksura, teh marbuta,
diacritics, tatweel, Arabic-Indic and Persian digits) is computed once per code point
with camel-tools' own functions and compiled into a ``str.translate`` table, so the hot
path runs in C. Every code point maps to zero, one or several characters, which lets
:class:`NormalizedText` map any span of the folded text back to the original string
exactly: evidence offsets must point into the text the pipeline stored.

``fold`` applies the table as one ``str.replace`` per mapped code point present in the
text (found by one regex scan) rather than ``str.translate``: a news text holds a dozen
such code points at most, and a regex scan plus a dozen replace passes in C cost a
quarter of translate's per-character look-up (about 25 us instead of 100 us for a
2,000-character article). The two are equal because no replacement contains a mapped
code point (checked when the table is built).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
    normalize_unicode,
)

_TATWEEL = "\u0640"
_DIGITS = {**{chr(0x0660 + i): str(i) for i in range(10)}, **{chr(0x06F0 + i): str(i) for i in range(10)}}
# Invisible formatting characters that real pages carry inside words.
_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u00ad"
# Blocks where camel-tools' folding can change a character.
_RANGES = [(0x00A0, 0x0100), (0x0600, 0x0700), (0x0750, 0x0780), (0x08A0, 0x0900), (0xFB50, 0xFE00), (0xFE70, 0xFF00)]


def _fold_char(ch: str) -> str:
    if ch in _INVISIBLE or ch == _TATWEEL:
        return ""
    if ch in _DIGITS:
        return _DIGITS[ch]
    out = normalize_unicode(ch)
    out = dediac_ar(out)
    out = normalize_alef_ar(out)
    out = normalize_alef_maksura_ar(out)
    out = normalize_teh_marbuta_ar(out)
    return out.replace(_TATWEEL, "")


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for lo, hi in _RANGES:
        for cp in range(lo, hi):
            ch = chr(cp)
            if unicodedata.category(ch) == "Cn":
                continue
            folded = _fold_char(ch)
            if folded != ch:
                table[cp] = folded
    for ch in _INVISIBLE:
        table[ord(ch)] = ""
    mapped = {chr(cp) for cp in table}
    if any(mapped.intersection(rep) for rep in table.values()):
        raise RuntimeError("a folded character folds again: replacing one by one would differ from translate")
    return table


@lru_cache(maxsize=1)
def _replacements() -> tuple[re.Pattern[str], dict[str, str]]:
    """The table keyed by character, and a regex matching any of its keys."""
    by_char = {chr(cp): rep for cp, rep in _table().items()}
    return re.compile("[" + "".join(re.escape(c) for c in sorted(by_char)) + "]"), by_char


@lru_cache(maxsize=1)
def _resizing_chars() -> frozenset[str]:
    """Code points that fold to zero or several characters (deleted or expanded)."""
    return frozenset(chr(cp) for cp, rep in _table().items() if len(rep) != 1)


@lru_cache(maxsize=1)
def _resizing_regex() -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(c) for c in sorted(_resizing_chars())) + "]")


def _has_resizing(text: str) -> bool:
    resizing = _resizing_chars()
    return not resizing.isdisjoint(text)


def fold(text: str) -> str:
    """Fold Arabic text for matching (no offset map): the fast path for hashing."""
    mapped, by_char = _replacements()
    for ch in set(mapped.findall(text)):
        text = text.replace(ch, by_char[ch])
    return text


@dataclass
class NormalizedText:
    """Folded text plus the map from its offsets back to the original string."""

    original: str
    text: str
    _starts: list[int] | None = field(default=None, repr=False)
    _identity: bool | None = field(default=None, repr=False)

    def _offsets(self) -> list[int] | None:
        """Original index of each folded character (built on first use only).

        ``None`` means the identity map: folding changed no character's length, which
        is the common case, and then no per-character list is built at all.
        """
        if self._identity is None:
            self._identity = len(self.text) == len(self.original) and not _has_resizing(self.original)
        if self._identity:
            return None
        if self._starts is None:
            # Runs of unchanged-length characters map by range(); only the characters
            # that fold to zero or several characters are expanded one by one.
            table = _table()
            starts: list[int] = []
            pos = 0
            for m in _resizing_regex().finditer(self.original):
                i = m.start()
                starts.extend(range(pos, i))
                starts.extend([i] * len(table[ord(self.original[i])]))
                pos = i + 1
            starts.extend(range(pos, len(self.original)))
            starts.append(len(self.original))
            self._starts = starts
        return self._starts

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of the folded text to a span of the original text."""
        starts = self._offsets()
        if starts is None:
            return start, end
        o_start = starts[start]
        # The end is the original index after the last folded character of the span.
        last = starts[end - 1] if end > start else o_start
        o_end = last + 1 if end > start else o_start
        return o_start, o_end


def normalize(text: str) -> NormalizedText:
    """Fold ``text`` and keep what is needed to map spans back to it."""
    return NormalizedText(original=text, text=fold(text))


__all__ = ["NormalizedText", "fold", "normalize"]
