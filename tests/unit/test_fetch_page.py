"""Page extraction: synthetic pages for each rule, and the real pages in ../shared/eval."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import pytest

from marsad.fetch import extract_page

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
PAGES = SHARED / "eval" / "pages"

P1 = "قال وزير الخارجية، في مؤتمر صحفي عقده في العاصمة، إن بلاده تدعم استئناف المحادثات بين الطرفين."
P2 = "وأضاف أن الوساطة العمانية مستمرة، وأن الجولة المقبلة ستعقد خلال الأسابيع القادمة في مسقط."
P3 = "وكان الطرفان قد عقدا جولة أولى من المحادثات غير المباشرة، انتهت من دون اتفاق نهائي بينهما."


def _load_bench() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "bench" / "fetch_bench.py"
    spec = importlib.util.spec_from_file_location("marsad_fetch_bench", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def page(body: str, head: str = "") -> bytes:
    return f"<!DOCTYPE html><html lang='ar' dir='rtl'><head><meta charset='utf-8'>{head}</head>" \
           f"<body>{body}</body></html>".encode()


def test_boilerplate_is_dropped_and_paragraphs_kept() -> None:
    html = page(
        f"""<header><div class="menu"><a href="/">الرئيسية</a><a href="/a">سياسة</a></div></header>
        <div class="container"><div class="main-col">
          <h1>الوزير يدعم المحادثات</h1>
          <div class="social-share"><a href="#">فيسبوك</a><a href="#">تويتر</a> شارك الخبر</div>
          <div class="article-content"><p>{P1}</p><p>الوزير يدعم المحادثات</p><p>{P2}<br><br>{P3}</p>
            <script>var x = "لا تظهر";</script><style>p {{}}</style>
            <div class="read-also"><h4>اقرأ أيضا</h4><a href="/o">خبر آخر لا علاقة له بالموضوع المطروح</a></div>
          </div>
          <section><h3>التعليقات</h3><ul><li><a href="/u">قارئ</a> تعليق طويل من قارئ على الخبر</li></ul></section>
        </div><aside class="sidebar"><p>الأكثر قراءة اليوم في الموقع وهي قائمة طويلة من الأخبار</p></aside></div>
        <footer><p>جميع الحقوق محفوظة للموقع 2024</p></footer>""",
        "<title>الوزير يدعم المحادثات | موقع الأخبار</title>",
    )
    content = extract_page(html, "https://news.example/a/1")
    assert content.text == f"{P1}\n\n{P2}\n\n{P3}"
    assert content.title == "الوزير يدعم المحادثات"


def test_metadata_from_meta_json_ld_and_time() -> None:
    ld = {"@context": "https://schema.org", "@graph": [{"@type": "WebSite", "name": "x"}, {
        "@type": "NewsArticle", "headline": "عنوان", "datePublished": "2024-03-16T10:00:00+02:00",
        "author": [{"@type": "Person", "name": "سارة أحمد"}]}]}
    html = page(f"<article><p>{P1}</p><p>{P2}</p></article>",
                '<meta property="og:title" content="عنوان الخبر - الموقع">'
                '<meta property="og:site_name" content="الموقع">'
                '<meta property="og:url" content="https://news.example/a/1?utm_source=x">'
                f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>')
    content = extract_page(html, "https://news.example/amp/a/1")
    assert content.title == "عنوان الخبر"
    assert content.canonical_url == "https://news.example/a/1?utm_source=x"
    assert content.published == datetime(2024, 3, 16, 8, 0, tzinfo=UTC)
    assert content.author == "سارة أحمد"

    html = page(f"<article><time datetime='2024-01-10T09:30:00Z'>10 يناير</time><p>{P1}</p></article>",
                '<link rel="canonical" href="/news/7"><meta name="author" content="محمد علي">')
    content = extract_page(html, "https://news.example/x/y")
    assert content.canonical_url == "https://news.example/news/7"
    assert content.published == datetime(2024, 1, 10, 9, 30, tzinfo=UTC)
    assert content.author == "محمد علي"


def test_br_separated_body_and_json_ld_article_body_fallback() -> None:
    html = page(f"<div id='txt'>{P1}<br/><br/>{P2}<br/>{P3}</div><div><a href='/'>home</a></div>")
    assert extract_page(html, "https://x.example/").text == f"{P1}\n\n{P2}\n\n{P3}"
    ld = {"@type": "NewsArticle", "headline": "h", "articleBody": f"{P1}\n{P2}\n{P3}"}
    html = page("<div id='app'></div>", f'<script type="application/ld+json">{json.dumps(ld)}</script>')
    assert extract_page(html, "https://x.example/").text == f"{P1}\n\n{P2}\n\n{P3}"


def test_page_without_body_yields_empty_text() -> None:
    html = page("<nav><a href='/'>الرئيسية</a></nav><div class='video-player'></div>", "<title>فيديو</title>")
    assert extract_page(html, "https://x.example/").text == ""


def test_binary_and_huge_pages_do_not_hang() -> None:
    assert extract_page(b"%PDF-1.7\n" + os.urandom(5000), "https://x.example/").text == ""
    assert extract_page(os.urandom(100_000), "https://x.example/", "text/html").text == ""
    huge = page("<div>" + f"<p>{P1}</p>" * 110_000 + "</div>")  # 20 MB
    started = time.monotonic()
    content = extract_page(huge, "https://x.example/")
    assert time.monotonic() - started < 15
    assert content.text.startswith(P1)


def test_undeclared_windows_1256_page() -> None:
    html = f"<html><head><title>خبر</title></head><body><p>{P1}</p><p>{P2}</p></body></html>".encode("cp1256")
    assert extract_page(html, "https://x.example/", "text/html").text == f"{P1}\n\n{P2}"


def test_nul_and_surrogate_references_are_stripped() -> None:
    html = page(f"<p>{P1}&#0;&#xD800;</p><p>{P2}\x00</p>")
    text = extract_page(html, "https://x.example/").text
    assert "\x00" not in text and "\ud800" not in text and P2 in text


@pytest.mark.skipif(not (PAGES / "cnnarabic-1.html").exists(), reason="shared eval pages absent")
def test_cnn_arabic_page_matches_reference_paragraphs() -> None:
    bench = _load_bench()
    for name in ("cnnarabic-1.html", "cnnarabic-2.html"):
        content = extract_page((PAGES / name).read_bytes(), "http://arabic.cnn.com/2013/middle_east/8/3/syria.clashes/index.html")
        expected = bench.expected_paragraphs(PAGES / "cnnarabic-1.expected.txt", content.title)
        assert content.text.split("\n\n") == expected
        assert content.title == "معارضون يسيطرون على مخازن للصواريخ بريف دمشق"


@pytest.mark.skipif(not PAGES.is_dir(), reason="shared eval pages absent")
def test_agreement_on_all_reference_pages(capsys: pytest.CaptureFixture[str]) -> None:
    bench = _load_bench()
    pairs = bench.reference_pages()
    assert len(pairs) == 11
    scores = {}
    for html, expected in pairs:
        content = extract_page(html.read_bytes(), "https://example.org/")
        scores[html.name] = bench.agreement(content.text, bench.expected_paragraphs(expected, content.title))
    mean_f1 = sum(s["f1"] for s in scores.values()) / len(scores)
    with capsys.disabled():
        print(f"\nextraction agreement on {len(scores)} reference pages: mean token F1 {mean_f1:.4f}; "
              + ", ".join(f"{k.split('.')[0]} {v['f1']:.3f}" for k, v in scores.items()))
    assert mean_f1 >= 0.95
    assert min(s["f1"] for s in scores.values()) >= 0.85


@pytest.mark.skipif(not (PAGES / "assabah-1.expected.json").exists(), reason="shared eval pages absent")
def test_assabah_snippets_and_publication_dates() -> None:
    gold = next(iter(json.loads((PAGES / "assabah-1.expected.json").read_text(encoding="utf-8")).values()))
    text = extract_page((PAGES / "assabah-1.html").read_bytes(), "http://www.assabah.com.tn/").text
    assert all(snippet in text for snippet in gold["with"])
    assert not any(snippet in text for snippet in gold["without"])
    found = json.loads((PAGES / "found.json").read_text(encoding="utf-8"))
    dated = [(f["file"], f["expected_other"]["value"]) for f in found["files"]
             if (f.get("expected_other") or {}).get("kind", "").startswith("publication date")]
    hits = 0
    for name, day in dated:
        published = extract_page((PAGES / name).read_bytes(), "https://example.org/").published
        hits += published is not None and abs((published.date() - datetime.fromisoformat(day).date()).days) <= 1
    assert hits >= len(dated) - 2
