"""Main text and metadata of an Arabic news article page (beautifulsoup4 + lxml).

General rules, not per-outlet templates (dozens of outlets change markup without
notice): boilerplate is pruned by tag, ARIA role, class/id vocabulary and Arabic section
headings (التعليقات، اقرأ أيضا ...); the body is the block that collects the most
paragraph evidence (readability-style scoring: text length and commas, Arabic "،"
included, discounted by link density); paragraphs keep their breaks. Metadata comes from
<meta>, JSON-LD and <time>, which outlets fill for search engines far more reliably than
they keep their visible markup stable.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin

from bs4 import BeautifulSoup, NavigableString, Tag

from marsad.fetch.encoding import charset_from_content_type, decode_bytes
from marsad.fetch.html_text import BLOCK_TAGS, SKIP_TAGS, Paragraph, html_to_text, normalize_space, paragraphs_of

MAX_EXTRACT_CHARS = 1_000_000  # markup beyond this (scripts removed) is not an article; parse the head
_SCRIPTS = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)

_BINARY_MAGIC = (
    b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"RIFF",
    b"OggS", b"ID3", b"fLaC", b"7z\xbc\xaf", b"\x00\x00\x01\x00", b"BZh", b"\xfd7zXZ",
    b"wOFF", b"wOF2", b"\x00asm", b"\x7fELF", b"MZ",
)
_BOILER_WORDS = re.compile(
    r"comment|disqus|share|sharing|social|related|recommend|breadcrumb|sidebar|widget|"
    r"footer|advert|banner|promo|sponsor|newsletter|subscribe|popular|trending|cookie|"
    r"facebook|twitter|whatsapp|telegram|linkedin|instagram|youtube|addthis|sharethis|"
    r"outbrain|taboola|mostread|most-read|readmore|read-more|more-news|pagination|"
    r"author-?bio|tagcloud|hidden-print|modal|popup|gallery-thumbs",
    re.IGNORECASE,
)
_BOILER_TOKENS = frozenset(
    ["ad", "ads", "adv", "nav", "navbar", "navigation", "menu", "tags", "tag", "keywords", "print", "rss", "fb", "gplus", "google", "header", "masthead", "topbar", "also", "more", "hidden", "sr-only", "visually-hidden", "skip"]
)
_CONTENT_WORDS = re.compile(
    r"article|content|entry|story|post|text|body|detail|main|news|matn|nas", re.IGNORECASE
)
_BOILER_ROLES = frozenset({"navigation", "complementary", "banner", "contentinfo", "search", "menu"})
_STRUCTURAL_DROP = frozenset({"nav", "aside", "footer", "header", "figure", "figcaption"})  # not <form>: ASP.NET wraps whole pages in one
_HIDDEN_CLASS = re.compile(r"(^|\s)(d-none|hidden|hide|u-hide|sr-only|visually-hidden|screen-reader-text)(\s|$)", re.I)
# Arabic (and English) headings that open a non-article block: comments, "read also", related.
_SECTION_HEADINGS = re.compile(
    r"^\s*(التعليقات|تعليقات|أضف تعليق|اضف تعليق|إضافة تعليق|اترك تعليق|شارك|مشاركة|"
    r"اقرأ أيضا|اقرأ أيضاً|اقرأ ايضا|اقرأ ايضاً|إقرأ أيضا|إقرأ أيضاً|اقرا ايضا|أقرأ أيضا|"
    r"شاهد أيضا|شاهد أيضاً|مواضيع ذات صلة|موضوعات ذات صلة|أخبار ذات صلة|اخبار ذات صلة|"
    r"أخبار متعلقة|اخبار متعلقة|مقالات ذات صلة|الأكثر قراءة|الاكثر قراءة|الأكثر مشاهدة|"
    r"الأكثر تصفحا|الأكثر تصفحاً|الأكثر تداولا|تابعونا|تابعنا|آخر الأخبار|اخر الاخبار|"
    r"الكلمات المفتاحية|كلمات مفتاحية|الوسوم|وسوم|Related|Read also|Comments)\s*[:：]?\s*$",
    re.IGNORECASE,
)
# Phrases that mark a short paragraph as site boilerplate (comment policy, rights, follow us).
_BOILER_PHRASES = re.compile(
    r"التعليقات|تعليقك|سياسة الخصوصية|شروط الاستخدام|إرشادات الاستخدام|جميع الحقوق محفوظة|"
    r"الآراء الواردة|حقوق النشر|تابعونا على|تابعوا آخر|اشترك في|اشترك الآن|النشرة البريدية|"
    r"لمتابعة آخر الأخبار|حمّل تطبيق|حمل تطبيق|All rights reserved|Copyright ©",
    re.IGNORECASE,
)
_BARE_URL = re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)
# Short dateline/metadata lines: "تم نشره الجمعة ..."، "التاريخ: ..."، "آخر تحديث ...".
_META_LINE = re.compile(
    r"^(تم نشره|تم النشر|نشر في|نُشر في|نشر بتاريخ|تاريخ النشر|التاريخ|آخر تحديث|اخر تحديث|"
    r"تحديث|المصدر|بتاريخ|Published|Updated)\b", re.IGNORECASE
)
_MICRODATA_NOISE = frozenset({"publisher", "logo", "image", "thumbnailurl", "url", "author", "datemodified",
                              "datepublished", "mainentityofpage", "keywords", "interactioncount"})
_ARTICLE_TYPES = ("article", "newsarticle", "reportagenewsarticle", "blogposting", "analysisnewsarticle",
                  "opinionnewsarticle", "backgroundnewsarticle", "webpage", "liveblogposting")
_DATE_META = (
    "article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
    "publish-date", "publish_date", "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.created",
    "sailthru.date", "parsely-pub-date", "article.published", "date", "citation_publication_date",
)
_AUTHOR_META = ("author", "article:author", "dc.creator", "byl", "sailthru.author", "parsely-author")
_TITLE_SEPARATORS = re.compile(r"\s+[-|–—:«»]\s+|\s+[|]\s*")


@dataclass(frozen=True)
class PageContent:
    """What an article page says about itself. ``text`` is "" when no body was found."""

    title: str | None
    text: str
    canonical_url: str | None
    published: datetime | None
    author: str | None


def looks_binary(raw: bytes) -> bool:
    """True for images, PDFs, archives and other non-text served as text/html."""
    head = raw[:4096].lstrip()
    if head.startswith(_BINARY_MAGIC):
        return True
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 text has NULs by design
        return False
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return bool(head) and controls / len(head) > 0.02


def parse_datetime(value: str | None) -> datetime | None:
    """ISO 8601 or RFC 2822 to an aware UTC datetime; a naive value is taken as UTC."""
    if not value:
        return None
    value = value.strip()
    parsed: datetime | None = None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace(" ", "T", 1))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            m = re.search(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?", value)
            if m:
                try:
                    year, month, day, hour, minute, second = (int(g or 0) for g in m.groups())
                    parsed = datetime(year, month, day, hour, minute, second)
                except ValueError:
                    parsed = None
    if parsed is None or not (1990 <= parsed.year <= 2100):
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _meta_values(soup: BeautifulSoup) -> dict[str, str]:
    """First content of each <meta name|property|itemprop>, keys lowercased."""
    values: dict[str, str] = {}
    for meta in soup.find_all("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        content = meta.get("content") or meta.get("datetime")
        if isinstance(key, str) and isinstance(content, str) and content.strip():
            values.setdefault(key.strip().lower(), content.strip())
    return values


def _json_ld_objects(soup: BeautifulSoup) -> Iterator[dict[str, Any]]:
    """Every JSON object in the page's JSON-LD blocks, @graph and lists flattened."""
    for script in soup.find_all("script", type=re.compile(r"ld\+json", re.I)):
        try:
            data = json.loads(script.string or "", strict=False)
        except (ValueError, TypeError):
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield item
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])


def _ld_article(soup: BeautifulSoup) -> dict[str, Any]:
    for obj in _json_ld_objects(soup):
        types = obj.get("@type")
        names = [t.lower() for t in (types if isinstance(types, list) else [types]) if isinstance(t, str)]
        if any(n in _ARTICLE_TYPES for n in names) and (obj.get("datePublished") or obj.get("headline")):
            return obj
    return {}


def _ld_author(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return _ld_author(value.get("name"))
    if isinstance(value, list):
        names = [n for n in (_ld_author(v) for v in value) if n]
        return "، ".join(names) or None
    return None


def _clean_title(title: str | None, site_name: str | None) -> str | None:
    if not title:
        return None
    title = normalize_space(title)
    site_name = normalize_space(site_name or "")
    if site_name and len(title) > len(site_name) + 3:
        if title.endswith(site_name):
            title = re.sub(r"[\s\-|–—:]+$", "", title[: -len(site_name)])
        elif title.startswith(site_name):
            title = re.sub(r"^[\s\-|–—:]+", "", title[len(site_name):])
    return title or None


def _title(soup: BeautifulSoup, meta: dict[str, str], ld: dict[str, Any]) -> str | None:
    site = meta.get("og:site_name")
    for candidate in (meta.get("og:title"), meta.get("twitter:title"), ld.get("headline")):
        if isinstance(candidate, str) and candidate.strip():
            return _clean_title(html_to_text(candidate), site)
    h1 = soup.find("h1")
    if h1 and normalize_space(h1.get_text()):
        return normalize_space(h1.get_text())
    if soup.title and soup.title.string:
        parts = _TITLE_SEPARATORS.split(normalize_space(soup.title.string))
        return max(parts, key=len) if parts else None
    return None


def _canonical(soup: BeautifulSoup, meta: dict[str, str], url: str) -> str | None:
    link = soup.find("link", rel=lambda r: bool(r) and "canonical" in str(r).lower().split())
    href = link.get("href") if link else None
    href = href if isinstance(href, str) and href.strip() else meta.get("og:url")
    return urljoin(url, href.strip()) if href else None


def _published(soup: BeautifulSoup, meta: dict[str, str], ld: dict[str, Any]) -> datetime | None:
    for key in _DATE_META:
        found = parse_datetime(meta.get(key))
        if found:
            return found
    found = parse_datetime(ld.get("datePublished") if isinstance(ld.get("datePublished"), str) else None)
    if found:
        return found
    for time_tag in soup.find_all("time", limit=20):
        value = time_tag.get("datetime")
        found = parse_datetime(value if isinstance(value, str) else None)
        if found:
            return found
    return None


def _author(soup: BeautifulSoup, meta: dict[str, str], ld: dict[str, Any]) -> str | None:
    for key in _AUTHOR_META:
        value = meta.get(key)
        if value and not value.startswith(("http://", "https://")):
            return normalize_space(value)
    found = _ld_author(ld.get("author"))
    if found:
        return found
    tag = soup.find(rel="author") or soup.find(itemprop="author")
    if tag:
        named = tag.find(itemprop="name")
        content = (named or tag).get("content")
        name = normalize_space(content if isinstance(content, str) and content else (named or tag).get_text())
        if 0 < len(name) <= 80 and "http" not in name:
            return name
    return None


def _attr_text(tag: Tag) -> str:
    values: list[str] = []
    for attr in ("class", "id"):
        value = tag.get(attr)
        if isinstance(value, list):
            values.extend(value)
        elif isinstance(value, str):
            values.append(value)
    return " ".join(values)


def _is_boilerplate(tag: Tag) -> bool:
    """Class/id/role/hidden markers of navigation, sharing, comments, ads and related links."""
    if tag.name in ("html", "body", "main", "article"):
        return False
    attrs = tag.attrs or {}
    if "hidden" in attrs or str(attrs.get("aria-hidden", "")).lower() == "true":
        return True
    if re.search(r"display\s*:\s*none|visibility\s*:\s*hidden", str(attrs.get("style", "")), re.I):
        return True
    if str(attrs.get("role", "")).lower() in _BOILER_ROLES:
        return True
    if str(attrs.get("itemprop", "")).lower() in _MICRODATA_NOISE:
        return True
    names = _attr_text(tag)
    if not names:
        return False
    if _HIDDEN_CLASS.search(names):
        return True
    tokens = set(re.split(r"[^a-z0-9]+", names.lower()))
    if not (_BOILER_WORDS.search(names) or tokens & _BOILER_TOKENS):
        return False
    # "article-body share-enabled": keep a content block that holds real paragraphs.
    if _CONTENT_WORDS.search(names):
        return sum(len(p.get_text()) for p in tag.find_all("p", limit=50)) < 400
    return True


def _drop_section_blocks(root: Tag) -> None:
    """Remove "التعليقات" / "اقرأ أيضا" style headings and the link lists that follow them."""
    headings = []
    for string in root.find_all(string=_SECTION_HEADINGS):
        tag = string.parent
        if isinstance(tag, Tag) and tag is not root and _SECTION_HEADINGS.match(normalize_space(tag.get_text())):
            headings.append(tag)
    for tag in headings:
        if tag.parent is None:  # already removed with an earlier block
            continue
        following = tag.find_next_sibling()
        if following is not None and _link_density(following) > 0.3:
            following.decompose()
        tag.decompose()


def _prune(root: Tag) -> None:
    """Drop non-content subtrees (top-down, so a removed block's children are never visited)."""
    doomed: list[Tag] = []
    stack = [root]
    while stack:
        for child in stack.pop().children:
            if not isinstance(child, Tag):
                continue
            if child.name in SKIP_TAGS or child.name in _STRUCTURAL_DROP or _is_boilerplate(child):
                doomed.append(child)
            else:
                stack.append(child)
    for tag in doomed:
        tag.decompose()
    for tag in root.find_all("time"):  # a standalone date line, not a word inside a sentence
        if tag.parent is not None and tag.parent.find(list(BLOCK_TAGS), recursive=False) is not None:
            tag.decompose()
    _drop_section_blocks(root)


def _text_len(tag: Tag) -> int:
    return len(normalize_space(tag.get_text()))


def _link_density(tag: Tag) -> float:
    total = _text_len(tag)
    if not total:
        return 1.0
    linked = sum(_text_len(a) for a in tag.find_all("a"))
    return min(1.0, linked / total)


def _loose_paragraphs(tag: Tag) -> list[str]:
    """Text of a container outside its block children, split at <br> (br-separated bodies)."""
    segments: list[str] = []
    parts: list[str] = []
    for child in tag.children:
        if isinstance(child, NavigableString):
            parts.append(str(child))
        elif isinstance(child, Tag):
            if child.name == "br" or child.name in BLOCK_TAGS:
                segments.append(normalize_space(" ".join(parts)))
                parts = []
            elif child.name not in SKIP_TAGS:
                parts.append(child.get_text())
    segments.append(normalize_space(" ".join(parts)))
    return [s for s in segments if len(s) >= 25]


def _paragraph_score(text: str) -> float:
    return 1 + text.count(",") + text.count("،") + min(len(text) / 100, 3)


def _class_weight(tag: Tag) -> float:
    names = _attr_text(tag)
    weight = 0.0
    if _CONTENT_WORDS.search(names):
        weight += 25
    if _BOILER_WORDS.search(names):
        weight -= 25
    if tag.get("itemprop") == "articleBody":
        weight += 50
    return weight


def _best_block(root: Tag) -> list[Tag]:
    """The highest-scoring container plus its siblings that look like more of the body."""
    scores: dict[int, float] = {}
    nodes: dict[int, Tag] = {}

    def credit(tag: Tag | None, amount: float) -> None:
        if tag is None or not isinstance(tag, Tag):
            return
        nodes[id(tag)] = tag
        scores[id(tag)] = scores.get(id(tag), 0.0) + amount

    for tag in root.find_all(["p", "pre", "blockquote", "div", "td", "section", "article", "font"]):
        if tag.name in ("p", "pre", "blockquote"):
            text = normalize_space(tag.get_text())
            if len(text) >= 25:
                score = _paragraph_score(text)
                credit(tag.parent, score)
                credit(tag.parent.parent if tag.parent else None, score / 2)
        else:
            for text in _loose_paragraphs(tag):
                score = _paragraph_score(text)
                credit(tag, score)
                credit(tag.parent, score / 2)
    if not scores:
        return []
    final = {key: scores[key] * (1 - _link_density(nodes[key])) + _class_weight(nodes[key]) for key in scores}
    top_key = max(final, key=lambda k: final[k])
    top = nodes[top_key]
    threshold = max(10.0, final[top_key] * 0.2)
    parent = top.parent
    if parent is None:
        return [top]
    chosen = []
    for sibling in parent.children:
        if not isinstance(sibling, Tag):
            continue
        if sibling is top or (id(sibling) in final and final[id(sibling)] >= threshold and _link_density(sibling) < 0.25) or (sibling.name == "p" and _text_len(sibling) > 80 and _link_density(sibling) < 0.25):
            chosen.append(sibling)
    return chosen


def _same(a: str, b: str) -> bool:
    strip = re.compile(r"[\W_]+", re.UNICODE)
    return strip.sub("", a) == strip.sub("", b)


def _part_of(text: str, title: str) -> bool:
    """A repeated title with the site name cut off ("Site - Title" vs "Title")."""
    strip = re.compile(r"[\W_]+", re.UNICODE)
    short, long = strip.sub("", text), strip.sub("", title)
    return len(short) < len(long) and (long.endswith(short) or long.startswith(short))


def _is_noise(text: str, title: str | None) -> bool:
    """Lines that are page furniture rather than article text."""
    if title and (_same(text, title) or (len(text) > 20 and _part_of(text, title))):
        return True
    if len(text) < 400 and _BOILER_PHRASES.search(text):
        return True
    if _SECTION_HEADINGS.match(text) or _BARE_URL.match(text):
        return True
    if len(text) < 100 and ("©" in text or _META_LINE.match(text)):
        return True
    return len(text.split()) <= 2 and text.endswith((":", "：")) and len(text) < 30


def _is_signature(text: str) -> bool:
    """A closing byline such as "اسماعيل بن عامر": a few words, no sentence punctuation."""
    return len(text) < 40 and len(text.split()) <= 4 and not re.search(r"[.،,:؛;!?؟\d]", text)


def _clean_paragraphs(paragraphs: list[Paragraph], title: str | None) -> list[str]:
    kept: list[str] = []
    seen: set[str] = set()
    for para in paragraphs:
        text = para.text
        if para.link_density > 0.5 or _is_noise(text, title):
            continue
        key = re.sub(r"\W+", "", text)
        if key in seen and len(text) > 80:  # a repeated teaser; short repeats ("10:00") are content
            continue
        seen.add(key)
        kept.append(text)
    if len(kept) > 1 and _is_signature(kept[-1]):
        kept.pop()
    return kept


def _body_text(soup: BeautifulSoup, title: str | None) -> str:
    root = soup.body or soup
    _prune(root)
    paragraphs: list[Paragraph] = []
    for block in _best_block(root):
        paragraphs.extend(paragraphs_of(block) if block.name not in ("p", "pre", "blockquote") else
                          [Paragraph(normalize_space(block.get_text()), 0)])
    return "\n\n".join(_clean_paragraphs(paragraphs, title))


def extract_page(raw: bytes, url: str, content_type: str | None = None) -> PageContent:
    """Title, main text, canonical URL, publication time (UTC) and author of a page.

    Pure function of the bytes (for re-extraction and benchmarks). Binary bodies and
    non-HTML yield an empty PageContent rather than an error; oversized documents are
    cut before parsing so a 20 MB page cannot stall a run.
    """
    empty = PageContent(title=None, text="", canonical_url=None, published=None, author=None)
    if not raw or looks_binary(raw):
        return empty
    markup = "xml" if content_type and "xml" in content_type and "html" not in content_type else "html"
    text = decode_bytes(raw[: 4 * MAX_EXTRACT_CHARS], charset_from_content_type(content_type), markup=markup).text
    if len(text) > MAX_EXTRACT_CHARS:  # heavy inline JS first, then a hard cut
        text = _SCRIPTS.sub("", text)[:MAX_EXTRACT_CHARS]
    soup = BeautifulSoup(text, "lxml")
    meta = _meta_values(soup)
    ld = _ld_article(soup)
    title = _title(soup, meta, ld)
    canonical = _canonical(soup, meta, url)
    published = _published(soup, meta, ld)
    author = _author(soup, meta, ld)
    body = _body_text(soup, title)
    ld_body = ld.get("articleBody")
    if isinstance(ld_body, str) and len(ld_body) > 200 and len(body) < 0.6 * len(normalize_space(ld_body)):
        lines = html_to_text(ld_body.replace("\n", "\n\n")).split("\n\n")
        body = "\n\n".join(_clean_paragraphs([Paragraph(line, 0) for line in lines], title))
    return PageContent(title=title, text=body, canonical_url=canonical, published=published, author=author)
