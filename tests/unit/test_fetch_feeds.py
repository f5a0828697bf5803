"""Feed parsing and charset detection on bytes: versions, bozo feeds, bombs, encodings, dates."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from marsad.fetch.encoding import decode_bytes
from marsad.fetch.feeds import parse_feed

ARABIC = "أعلنت وزارة الخارجية اليوم عن محادثات جديدة في مسقط بين الطرفين"

RSS2 = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>t</title>
<item><title>خبر أول</title><link>/news/1</link>
<description>&lt;p&gt;{ARABIC}&lt;/p&gt;&lt;p&gt;فقرة ثانية&lt;/p&gt;</description>
<pubDate>Tue, 10 Jan 2024 15:30:00 +0300</pubDate></item>
</channel></rss>"""

RSS091 = """<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
 "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>t</title><link>http://x.org/</link><description>d</description>
<item><title>old</title><link>http://x.org/a</link><description>desc</description></item>
</channel></rss>"""

RDF = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://x.org/"><title>t</title><link>http://x.org/</link><description>d</description></channel>
<item rdf:about="http://x.org/r1"><title>rdf item</title><link>http://x.org/r1</link>
<dc:date>2024-01-10T12:00:00+02:00</dc:date></item>
</rdf:RDF>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:x</id><updated>2024-01-10T00:00:00Z</updated>
<entry><title type="html">عنوان &amp;lt;b&amp;gt;</title><link rel="alternate" href="https://x.org/atom/1"/>
<id>urn:1</id><published>2024-01-09T23:00:00-05:00</published><updated>2024-01-10T01:00:00Z</updated>
<author><name>كاتب</name></author><content type="html">&lt;p&gt;نص كامل&lt;/p&gt;</content></entry></feed>"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
 <!ENTITY xxe SYSTEM "file:///etc/passwd">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>bomb &lol9;</title><link>http://x.org/b</link><description>&xxe;</description></item>
</channel></rss>"""


def test_rss2_entries_links_text_and_utc_dates() -> None:
    feed = parse_feed(RSS2.encode(), "https://site.example/feed.xml")
    assert feed.error is None and feed.version == "rss20"
    (entry,) = feed.entries
    assert entry.link == "https://site.example/news/1"
    assert entry.summary == f"{ARABIC}\n\nفقرة ثانية"
    assert entry.published == datetime(2024, 1, 10, 12, 30, tzinfo=UTC)


def test_rss091_rss10_and_atom() -> None:
    old = parse_feed(RSS091.encode(), "http://x.org/")
    assert old.version.startswith("rss09") and old.entries[0].link == "http://x.org/a"
    rdf = parse_feed(RDF.encode(), "http://x.org/")
    assert rdf.version == "rss10"
    assert rdf.entries[0].published == datetime(2024, 1, 10, 10, 0, tzinfo=UTC)
    atom = parse_feed(ATOM.encode(), "https://x.org/")
    (entry,) = atom.entries
    assert atom.version == "atom10" and entry.link == "https://x.org/atom/1"
    assert entry.published == datetime(2024, 1, 10, 4, 0, tzinfo=UTC)
    assert entry.summary == "نص كامل" and entry.author == "كاتب"


def test_bozo_feed_keeps_readable_entries_and_reports() -> None:
    broken = RSS2.replace("</item>", "<item><title>ثاني</title><link>http://x.org/2</link><b></item>", 1)
    broken = broken.replace("</channel></rss>", "")
    feed = parse_feed(broken.encode(), "http://x.org/")
    assert feed.error and "malformed" in feed.error
    assert [e.title for e in feed.entries][:1] == ["خبر أول"]
    assert len(feed.entries) >= 1


def test_billion_laughs_and_external_entity_are_defused() -> None:
    started = time.monotonic()
    feed = parse_feed(BILLION_LAUGHS.encode(), "http://x.org/")
    assert time.monotonic() - started < 2
    assert feed.error and "DOCTYPE" in feed.error
    assert len(feed.entries) == 1
    entry = feed.entries[0]
    assert "lollol" not in entry.title and len(entry.title) < 100
    assert "root:" not in entry.summary


def test_undeclared_windows_1256_feed_is_read_as_arabic() -> None:
    xml = RSS2.replace(' encoding="utf-8"', "")
    feed = parse_feed(xml.encode("cp1256"), "http://x.org/")
    assert feed.entries[0].title == "خبر أول"
    assert ARABIC in feed.entries[0].summary


def test_declared_windows_1256_in_xml_declaration() -> None:
    xml = RSS2.replace('encoding="utf-8"', 'encoding="windows-1256"')
    assert parse_feed(xml.encode("cp1256"), "http://x.org/").entries[0].title == "خبر أول"


def test_control_characters_and_nul_do_not_break_the_feed() -> None:
    xml = RSS2.replace("خبر أول", "خبر\x00 أول\x0b")
    feed = parse_feed(xml.encode(), "http://x.org/")
    assert feed.error is None and feed.entries[0].title == "خبر أول"


def test_feed_bytes_that_look_like_a_path_are_not_opened() -> None:
    feed = parse_feed(b"/etc/passwd", "http://x.org/")
    assert feed.entries == [] and feed.version == ""


# -- encodings -------------------------------------------------------------------------

PAGE = f"<html><head><title>t</title></head><body><p>{ARABIC}</p></body></html>"


def test_http_charset_wins_when_bytes_agree() -> None:
    decoded = decode_bytes(PAGE.encode("cp1256"), "windows-1256")
    assert ARABIC in decoded.text and decoded.reason == "http"


def test_undeclared_cp1256_page() -> None:
    decoded = decode_bytes(PAGE.encode("cp1256"))
    assert ARABIC in decoded.text and decoded.encoding == "cp1256"


def test_misdeclared_pages() -> None:
    # declared UTF-8 (header) but windows-1256 bytes
    assert ARABIC in decode_bytes(PAGE.encode("cp1256"), "utf-8").text
    # declared ISO-8859-1 (header) but UTF-8 bytes
    assert ARABIC in decode_bytes(PAGE.encode("utf-8"), "iso-8859-1").text
    # meta says windows-1256 but the body is UTF-8
    meta = PAGE.replace("<head>", '<head><meta charset="windows-1256">')
    assert ARABIC in decode_bytes(meta.encode("utf-8")).text
    # meta says windows-1252 but the body is windows-1256
    meta = PAGE.replace("<head>", '<head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">')
    assert ARABIC in decode_bytes(meta.encode("cp1256")).text


def test_bom_xml_declaration_and_meta_precedence() -> None:
    assert decode_bytes(b"\xef\xbb\xbf" + PAGE.encode()).text.startswith("<html>")
    utf16 = decode_bytes(b"\xff\xfe" + PAGE.encode("utf-16-le"))
    assert ARABIC in utf16.text and utf16.encoding == "utf-16-le"
    iso = PAGE.replace("<head>", '<head><meta charset="iso-8859-6">')
    assert ARABIC in decode_bytes(iso.encode("iso-8859-6")).text


def test_nul_and_lone_surrogates_are_stripped() -> None:
    text = decode_bytes("نص\x00 عربي".encode()).text
    assert text == "نص عربي"
    assert "\ud800" not in decode_bytes(b"abc\xed\xa0\x80def").text


def test_truncated_or_slightly_damaged_utf8_stays_utf8() -> None:
    raw = PAGE.encode("utf-8")
    cut = raw[: raw.index("وزارة".encode()) + 3]  # ends inside a two-byte letter
    assert decode_bytes(cut, "utf-8").text.startswith("<html>")
    assert "أعلنت" in decode_bytes(cut, "utf-8").text
    damaged = raw.replace(b"<title>t</title>", b"<title>caf\xe9</title>")
    assert ARABIC in decode_bytes(damaged).text and ARABIC in decode_bytes(damaged, "utf-8").text
