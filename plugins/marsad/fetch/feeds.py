"""RSS/Atom parsing of bytes we fetched ourselves, with entity bombs defused.

feedparser is only ever given an in-memory stream: handed a URL it would fetch it
(bypassing our safety checks), and handed ``bytes`` it first tries them as a *file
name*. Before parsing, a DOCTYPE carrying an internal subset (where ENTITY declarations
live: billion laughs, external entities) is cut out, and the text is re-encoded as UTF-8
after our own charset detection, so undeclared windows-1256 feeds read correctly.
"""

from __future__ import annotations

import calendar
import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin

import feedparser

from marsad.fetch.encoding import decode_bytes, strip_xml_invalid
from marsad.fetch.html_text import html_to_text

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_DOCTYPE = re.compile(r"<!DOCTYPE\b(?:[^\[>]|\[.*?\])*>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class FeedEntry:
    """One feed item, reduced to what the pipeline needs."""

    link: str | None
    title: str
    summary: str
    published: datetime | None
    author: str | None


@dataclass(frozen=True)
class ParsedFeed:
    """Entries read from a feed; ``error`` is set for bozo feeds and defused DOCTYPEs."""

    entries: list[FeedEntry]
    version: str
    error: str | None


def defuse(xml_text: str) -> tuple[str, str | None]:
    """Remove DOCTYPEs that declare entities or an internal subset; say so if any was cut."""
    removed = False

    def _cut(m: re.Match[str]) -> str:
        nonlocal removed
        if "[" in m.group(0) or "<!ENTITY" in m.group(0).upper():
            removed = True
            return ""
        return m.group(0)

    text = _DOCTYPE.sub(_cut, xml_text)
    if "<!ENTITY" in text.upper():  # a malformed DOCTYPE the pattern did not match
        removed = True
        text = re.sub(r"<!ENTITY[^>]*>", "", text, flags=re.IGNORECASE)
        text = re.sub(r"<!DOCTYPE[^>]*>", "", text, flags=re.IGNORECASE)
    return text, ("DOCTYPE with entity declarations removed before parsing" if removed else None)


def _utc(struct: object) -> datetime | None:
    if not struct:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(struct), tz=UTC)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None


def _entry_text(entry: feedparser.FeedParserDict) -> str:
    """The richest text the entry carries: full content if present, else the summary."""
    best = ""
    for content in entry.get("content") or []:
        value = html_to_text(content.get("value") or "")
        if len(value) > len(best):
            best = value
    summary = html_to_text(entry.get("summary") or "")
    return best if len(best) > len(summary) else summary


def parse_feed(raw: bytes, base_url: str, http_charset: str | None = None) -> ParsedFeed:
    """Parse RSS 0.9x/1.0/2.0 or Atom bytes; relative links are resolved against base_url.

    A bozo (malformed) feed keeps the entries that could be read and reports the error.
    Entry dates are UTC.
    """
    decoded = decode_bytes(raw, http_charset, markup="xml")
    text, defused = defuse(strip_xml_invalid(decoded.text))
    text = '<?xml version="1.0" encoding="utf-8"?>\n' + _XML_DECL.sub("", text, count=1).lstrip()
    parsed = feedparser.parse(
        io.BytesIO(text.encode("utf-8")),
        response_headers={"content-type": "application/xml; charset=utf-8", "content-location": base_url},
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    errors = [defused] if defused else []
    if parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        errors.append(f"malformed feed: {type(exc).__name__}: {exc}")
    entries = []
    for entry in parsed.entries:
        link = entry.get("link") or None
        if not link and str(entry.get("id", "")).startswith(("http://", "https://")):
            link = entry["id"]
        entries.append(
            FeedEntry(
                link=urljoin(base_url, link.strip()) if link else None,
                title=html_to_text(entry.get("title") or ""),
                summary=_entry_text(entry),
                published=_utc(entry.get("published_parsed") or entry.get("updated_parsed")),
                author=(entry.get("author") or None),
            )
        )
    return ParsedFeed(entries=entries, version=parsed.get("version") or "", error="; ".join(errors) or None)
