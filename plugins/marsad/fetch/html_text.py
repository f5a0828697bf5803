"""HTML to paragraphs: the one place that decides where a paragraph starts and ends.

Used for page bodies and for feed descriptions alike, so both give text in the same
shape: paragraphs separated by a blank line, whitespace collapsed, invisible marks gone.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag

from marsad.fetch.encoding import strip_unencodable

BLOCK_TAGS = frozenset(
    ["address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"]
)
SKIP_TAGS = frozenset(
    ["script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas", "video", "audio", "map", "button", "select", "option", "input", "textarea", "label", "head", "title", "meta", "link"]
)
_NON_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile("[\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad]")
_TAG_HINT = re.compile(r"<[a-zA-Z/!]")


@dataclass
class Paragraph:
    """A paragraph's text and how much of it sits inside links (for link density)."""

    text: str
    link_chars: int

    @property
    def link_density(self) -> float:
        return self.link_chars / max(1, len(self.text))


def normalize_space(text: str) -> str:
    """Collapse whitespace runs to one space and drop invisible direction/zero-width marks."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", strip_unencodable(text))).strip()


class _Collector:
    def __init__(self) -> None:
        self.paragraphs: list[Paragraph] = []
        self._parts: list[str] = []
        self._link_chars = 0

    def add(self, text: str, in_link: bool) -> None:
        self._parts.append(text)
        if in_link:
            self._link_chars += len(normalize_space(text))

    def flush(self) -> None:
        text = normalize_space("".join(self._parts))
        if text:
            self.paragraphs.append(Paragraph(text, min(self._link_chars, len(text))))
        self._parts = []
        self._link_chars = 0


def _walk(node: Tag, out: _Collector, in_link: bool) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            if not isinstance(child, _NON_TEXT):
                out.add(str(child), in_link)
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name
        if name in SKIP_TAGS:
            continue
        if name == "br":
            out.flush()
        elif name in BLOCK_TAGS:
            out.flush()
            _walk(child, out, in_link)
            out.flush()
        else:
            _walk(child, out, in_link or name == "a")


def paragraphs_of(node: Tag) -> list[Paragraph]:
    """Paragraphs of a parsed subtree: block elements and <br> end a paragraph."""
    out = _Collector()
    _walk(node, out, False)
    out.flush()
    return out.paragraphs


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed description), paragraphs joined by a blank line."""
    if not fragment:
        return ""
    if not _TAG_HINT.search(fragment):
        return "\n\n".join(
            p for p in (normalize_space(html.unescape(block)) for block in re.split(r"\n\s*\n", fragment)) if p
        )
    soup = BeautifulSoup(fragment, "lxml")
    return "\n\n".join(p.text for p in paragraphs_of(soup))
