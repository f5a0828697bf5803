"""Bytes to text without mojibake, for Arabic pages and feeds.

Declarations are consulted in the order HTTP charset, BOM, XML declaration, meta charset,
but a declaration is only trusted when the bytes agree with it: Arabic sites still serve
undeclared windows-1256, declare ISO-8859-1 for UTF-8 bodies, or declare UTF-8 for
windows-1256 bodies. Two facts decide those cases: real single-byte Arabic text is
practically never valid UTF-8, and windows-1256 bytes read as Latin give accented Latin
letters where Arabic letters were meant.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_LATIN = frozenset({"latin-1", "iso8859-1", "cp1252", "ascii", "iso8859-15"})
_ARABIC_FAMILY = ("cp1256", "iso8859-6")
_BAD_TEXT = re.compile("[\x00\ud800-\udfff]")
_XML_INVALID = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_PRESCAN_BYTES = 16384


@dataclass(frozen=True)
class Decoded:
    """Text plus the codec used and why it was chosen (for logs and tests)."""

    text: str
    encoding: str
    reason: str


def charset_from_content_type(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header value, if any."""
    if not content_type:
        return None
    m = _HEADER_CHARSET.search(content_type)
    return m.group(1) if m else None


def _codec(label: str | None) -> str | None:
    """Python codec name for a declared label, or None when unknown."""
    if not label:
        return None
    label = label.strip().lower()
    if label in ("x-user-defined", "unicode", "utf8mb4"):
        label = "utf-8"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def strip_unencodable(text: str) -> str:
    """Drop NUL bytes and lone surrogates, which PostgreSQL and JSON encoders reject."""
    return _BAD_TEXT.sub("", text)


def strip_xml_invalid(text: str) -> str:
    """Remove control characters that XML 1.0 forbids (they make a feed unparseable)."""
    return _XML_INVALID.sub("", strip_unencodable(text))


def _arabic_ratio(text: str) -> float:
    """Share of Arabic letters among the non-ASCII characters of ``text``."""
    non_ascii = [c for c in text if ord(c) > 127]
    if not non_ascii:
        return 0.0
    arabic = sum(1 for c in non_ascii if "\u0600" <= c <= "\u06ff" or "\ufb50" <= c <= "\ufeff")
    return arabic / len(non_ascii)


def _best_arabic_single_byte(raw: bytes) -> tuple[str, float]:
    """Decode with windows-1256 or ISO-8859-6, whichever yields more Arabic letters."""
    best = ("cp1256", -1.0)
    for codec in _ARABIC_FAMILY:
        ratio = _arabic_ratio(raw.decode(codec, errors="replace"))
        if ratio > best[1]:
            best = (codec, ratio)
    return best


def _valid_utf8(raw: bytes) -> bool:
    """UTF-8 apart from a sequence cut at the end (a truncated body) or a rare stray byte.

    A few invalid bytes in a UTF-8 page (an ad snippet pasted in another charset) must
    not switch the whole page to a single-byte codec: that would garble every letter.
    Single-byte Arabic read as UTF-8, by contrast, is almost all invalid sequences.
    """
    try:
        codecs.getincrementaldecoder("utf-8")().decode(raw, final=False)
        return True
    except UnicodeDecodeError:
        pass
    text = raw.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    multibyte = len(text) - len(text.encode("ascii", errors="ignore")) - bad
    return multibyte > 0 and bad / (bad + multibyte) < 0.02


def _sniff(raw: bytes) -> tuple[str, str]:
    """Codec and reason for bytes whose declaration is absent or wrong."""
    if _valid_utf8(raw):
        return "utf-8", "valid utf-8"
    codec, ratio = _best_arabic_single_byte(raw)
    if ratio >= 0.6:
        return codec, "arabic single-byte heuristic"
    best = charset_normalizer.from_bytes(raw[:200_000]).best()
    if best is not None and _codec(best.encoding):
        return _codec(best.encoding) or "utf-8", "charset_normalizer"
    return "utf-8", "fallback utf-8 with replacement"


def declared_encodings(raw: bytes, http_charset: str | None, markup: str) -> list[tuple[str, str]]:
    """(codec, source) of every usable declaration, in precedence order."""
    found: list[tuple[str, str]] = []
    if _codec(http_charset):
        found.append((_codec(http_charset) or "", "http"))
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            found.append((codec, "bom"))
            break
    head = raw[:_PRESCAN_BYTES]
    m = _XML_DECL.match(head)
    if m and _codec(m.group(1).decode("ascii")):
        found.append((_codec(m.group(1).decode("ascii")) or "", "xml declaration"))
    if markup == "html":
        m = _META_CHARSET.search(head)
        if m and _codec(m.group(1).decode("ascii")):
            found.append((_codec(m.group(1).decode("ascii")) or "", "meta charset"))
    return found


def decode_bytes(raw: bytes, http_charset: str | None = None, markup: str = "html") -> Decoded:
    """Decode a fetched body to clean text; ``markup`` is "html" or "xml".

    The first declaration is used when the bytes confirm it; a UTF-16 BOM is always
    believed; otherwise the bytes are sniffed (valid UTF-8, then Arabic single-byte
    codecs, then charset_normalizer). Never raises; undecodable bytes become U+FFFD.
    """
    declared = declared_encodings(raw, http_charset, markup)
    for codec, source in declared:
        if source == "bom" and codec.startswith("utf-16"):
            return Decoded(strip_unencodable(raw[2:].decode(codec, errors="replace")), codec, "bom")
    body = raw[3:] if raw.startswith(codecs.BOM_UTF8) else raw
    codec, reason = _choose(body, declared)
    return Decoded(strip_unencodable(body.decode(codec, errors="replace")), codec, reason)


def _choose(body: bytes, declared: list[tuple[str, str]]) -> tuple[str, str]:
    if not declared:
        return _sniff(body)
    codec, source = declared[0]
    if codec.startswith("utf-16"):  # a UTF-16 label without a BOM on an ASCII-compatible page
        codec = "utf-8"
    if codec == "utf-8":
        if _valid_utf8(body):
            return "utf-8", source
        codec, reason = _sniff(body)
        return codec, f"declared utf-8 ({source}) but invalid; {reason}"
    if not body.isascii() and _valid_utf8(body):
        return "utf-8", f"declared {codec} ({source}) but body is valid utf-8"
    if codec in _LATIN:
        arabic_codec, ratio = _best_arabic_single_byte(body)
        if ratio >= 0.6:
            return arabic_codec, f"declared {codec} ({source}) but text is Arabic"
    return codec, source
