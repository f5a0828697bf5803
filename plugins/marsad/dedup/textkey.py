"""Text keys for deduplication: tokens, segments, the exact-text hash and the URL key.

Everything is computed on text folded by :func:`marsad.text.normalize.fold`, so spelling
variants that Arabic outlets use interchangeably (alef forms, teh marbuta, diacritics,
tatweel, Arabic-Indic digits) do not make copies of one text look different.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from marsad.text.normalize import fold

# Letters and digits only: punctuation, hashtags' '#' and '_' (hashtag word joiners) split words.
_WORD = re.compile(r"[^\W_]+")
# A segment ends at a line break or at a sentence terminator followed by space. The
# terminator is consumed with the space (it is not a word character, so no word changes);
# a look-behind would make the engine test every position of the text.
_SEGMENT = re.compile(r"\n+|[.!?؟…]\s+")
# Query parameters that only track the reader; they never name a different page.
_TRACKING = re.compile(r"^(utm_.*|fbclid|gclid|ocid|cmpid|ref)$", re.I)


def tokens(text: str) -> list[str]:
    """Folded, lower-cased words of ``text`` (letters and digits, punctuation dropped)."""
    return _WORD.findall(fold(text).lower())


def hash64(value: str | bytes) -> int:
    """A stable signed 64-bit hash (fits a PostgreSQL bigint)."""
    data = value.encode("utf-8") if isinstance(value, str) else value
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big", signed=True)


@dataclass(frozen=True)
class Segment:
    """A line or sentence: the unit boilerplate comes in, hashed on its words only so
    punctuation and spacing edits do not change the hash."""

    hash: int
    words: list[str]


@dataclass(frozen=True)
class Analysis:
    """A text folded once and cut into segments of words (folding is the costly part)."""

    segments: list[Segment]

    @cached_property
    def words(self) -> list[str]:
        """All words in order (built once: the decision reads them several times)."""
        return [w for seg in self.segments for w in seg.words]


def analyze(text: str) -> Analysis:
    folded = fold(text).lower()
    segs = []
    for part in _SEGMENT.split(folded):
        words = _WORD.findall(part)
        if words:
            segs.append(Segment(hash64(" ".join(words)), words))
    return Analysis(segs)


def words_hash(words: list[str]) -> str:
    """sha256 of a word sequence: the exact-duplicate key."""
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()


def text_hash(text: str) -> str:
    """sha256 of the folded words of ``text``: equal for texts that differ only in
    diacritics, letter variants, punctuation or whitespace."""
    return words_hash(tokens(text))


def url_key(url: str) -> str:
    """The URL with what does not name a different page removed: scheme, ``www.``, case of
    the host, percent-encoding, fragment, trailing slash, empty and tracking parameters."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = unquote(parts.path).rstrip("/") or "/"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=False) if not _TRACKING.match(k))
    return host + path + ("?" + urlencode(query) if query else "")
