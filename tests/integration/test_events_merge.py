"""Merging claims into events against a real PostgreSQL: counts of articles, outlets and
independent sources with syndicated copies, place and date compatibility, re-runs."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from marsad.events import dates_compatible, merge_claims
from marsad.model import Article, ClaimFacts, EventFacts
from marsad.pipeline.dedup_step import dedup_articles
from marsad.pipeline.events_step import merge_events
from marsad.store.articles import upsert_articles

SPA = (
    "التقى صاحب السمو الأمير فيصل بن فرحان وزير الخارجية في مسقط اليوم نظيره العماني السيد بدر البوسعيدي "
    "وجرى خلال اللقاء استعراض العلاقات الثنائية بين البلدين الشقيقين وسبل تعزيزها في مختلف المجالات "
    "إضافة إلى بحث تطورات الأوضاع الإقليمية والجهود المبذولة بشأنها."
)
SPA_REPRINT = SPA.replace("اليوم", "أمس")
RIYADH = (
    "أجرى وزير الخارجية السعودي مباحثات موسعة في العاصمة العمانية مع وزير خارجية سلطنة عمان تناولت ملفات "
    "المنطقة، وقالت مصادر دبلوماسية إن الجانبين ناقشا مقترحات لتهدئة التوتر في البحر الأحمر."
)
RIYADH_OPINION = (
    "تأتي زيارة وزير الخارجية إلى مسقط في توقيت بالغ الحساسية، إذ تحتاج المنطقة إلى قنوات الحوار الهادئ "
    "التي عرفت بها السلطنة، ويرى مراقبون أن اللقاءات المتتالية تعكس تنسيقا متناميا بين الرياض ومسقط."
)


def _article(url: str, outlet: str, text: str, published: date) -> Article:
    return Article(canonical_url=url, url=url, outlet=outlet, text=text, title="خبر",
                         published_at=datetime(published.year, published.month, published.day, 8, tzinfo=UTC))


def _claim(conn, article_id: int, ordinal: int, event_type: str, actors: list[str], day: date | None,
           country: str | None, modality: str = "asserted") -> int:
    record = {"event_type": event_type, "actors": actors, "event_date": day.isoformat() if day else None,
              "location": {"country": country}, "modality": modality}
    with conn, conn.cursor() as cur:
        cur.execute(
            """
            INSERT INTO claims (article_id, ordinal, extractor_version, event_type, modality, event_date,
                                date_precision, location_country, evidence, evidence_text, confidence, record)
            VALUES (%s, %s, 'test', %s, %s, %s, %s, %s, '[]', '', 0.9, %s) RETURNING id
            """,
            (article_id, ordinal, event_type, modality, day, "day" if day else None, country, json.dumps(record)),
        )
        claim_id = cur.fetchone()[0]
        for code in actors:
            cur.execute("INSERT INTO claim_actors VALUES (%s, %s, 'party')", (claim_id, code))
    return claim_id


def _events(conn) -> list[tuple]:
    with conn.cursor() as cur:
        cur.execute(
            "SELECT e.event_type, e.actors, e.event_date, e.location_country, e.claims, e.articles, e.outlets,"
            " e.sources, array_agg(ec.claim_id ORDER BY ec.claim_id)"
            " FROM events e JOIN event_claims ec ON ec.event_id = e.id GROUP BY e.id ORDER BY e.id"
        )
        rows = cur.fetchall()
    conn.commit()
    return rows


def _snapshot(conn) -> list:
    with conn.cursor() as cur:
        cur.execute("SELECT xmin::text, * FROM events ORDER BY id")
        events = cur.fetchall()
        cur.execute("SELECT xmin::text, * FROM event_claims ORDER BY claim_id")
        links = cur.fetchall()
    conn.commit()
    return [events, links]


def test_event_counts_articles_outlets_and_independent_sources(conn):
    d10, d11 = date(2024, 1, 10), date(2024, 1, 11)
    upsert_articles(conn, [
        _article("https://spa.gov.sa/1", "واس", SPA, d10),
        _article("https://okaz.com.sa/2", "عكاظ", SPA_REPRINT, d11),  # syndicated: same story as 1
        _article("https://alriyadh.com/3", "الرياض", RIYADH, d10),
        _article("https://alriyadh.com/4", "الرياض", RIYADH_OPINION, d10),
        _article("https://okaz.com.sa/5", "عكاظ", RIYADH, d11),  # exact copy of 3
        _article("https://sabq.org/6", "سبق", SPA, d10),  # exact copy of 1
    ])
    assert dedup_articles(conn).stories == 3
    with conn.cursor() as cur:
        cur.execute("SELECT url, id FROM articles")
        a = {url.rsplit("/", 1)[1]: i for url, i in cur.fetchall()}
    conn.commit()

    main = [
        _claim(conn, a["1"], 0, "CONSULT", ["SAU", "OMN"], d10, "OMN"),
        _claim(conn, a["2"], 0, "CONSULT", ["OMN", "SAU"], d10, "OMN"),  # أمس resolved against the 11th
        _claim(conn, a["3"], 0, "CONSULT", ["SAU", "OMN"], d11, None),  # a day off, no place: compatible
        _claim(conn, a["4"], 0, "CONSULT", ["SAU", "OMN"], None, "OMN"),  # no date: the article's day
        _claim(conn, a["5"], 0, "CONSULT", ["SAU", "OMN"], d11, "OMN"),
        _claim(conn, a["6"], 0, "CONSULT", ["SAU", "OMN"], d10, "OMN"),
    ]
    march = _claim(conn, a["3"], 1, "CONSULT", ["SAU", "OMN"], date(2024, 3, 1), "OMN")  # other date
    agree = _claim(conn, a["4"], 1, "AGREE", ["SAU", "OMN"], d10, "OMN")  # other type
    elsewhere = _claim(conn, a["1"], 1, "CONSULT", ["SAU", "OMN"], d10, "IRN")  # other place
    trio = _claim(conn, a["5"], 1, "CONSULT", ["SAU", "OMN", "USA"], d10, "OMN")  # other actors
    _claim(conn, a["6"], 1, "CONSULT", ["SAU", "OMN"], d10, "OMN", modality="denied")  # backs nothing

    counts = merge_events(conn)
    assert counts.linked == 10 and counts.events_created == 5

    events = {tuple(row[-1]): row for row in _events(conn)}
    assert sorted(events) == sorted([tuple(main), (march,), (agree,), (elsewhere,), (trio,)])
    etype, actors, day, country, n_claims, n_articles, n_outlets, n_sources, _ = events[tuple(main)]
    assert (etype, actors, day, country) == ("CONSULT", ["OMN", "SAU"], d10, "OMN")
    # 6 articles from 4 outlets, but only 3 independent sources: 2 and 6 copy 1, and 5 copies 3.
    assert (n_claims, n_articles, n_outlets, n_sources) == (6, 6, 4, 3)

    before = _snapshot(conn)
    again = merge_events(conn)
    assert again.linked == 0 and again.events_created == 0
    assert _snapshot(conn) == before

    # Re-extraction rewrites claim 6 in place with another date: it leaves the event.
    with conn, conn.cursor() as cur:
        cur.execute("UPDATE claims SET event_date = '2024-03-01', record = record || '{\"event_date\": \"2024-03-01\"}'"
                    " WHERE id = %s", (main[5],))
    merge_events(conn)
    events = {tuple(row[-1]): row for row in _events(conn)}
    assert events[tuple(main[:5])][4:8] == (5, 5, 3, 3)  # 1, 2, 3, 4, 5: still three stories
    assert events[tuple(sorted((march, main[5])))][4:8] == (2, 2, 2, 2)

    # Claims deleted with their article's re-extraction: counts follow, empty events go.
    with conn, conn.cursor() as cur:
        cur.execute("DELETE FROM claims WHERE id = %s", (trio,))
    assert merge_events(conn).events_deleted == 1
    assert (trio,) not in {tuple(row[-1]) for row in _events(conn)}


def _facts(cid: int, day: date | None, precision: str | None = "day", country: str | None = None,
           actors: tuple[str, ...] = ("IRN", "USA")) -> ClaimFacts:
    return ClaimFacts(cid, cid, 0, "CONSULT", "asserted", actors, day, precision, country, str(cid))


def test_date_compatibility():
    jan10 = date(2024, 1, 10)
    assert dates_compatible(jan10, "day", date(2024, 1, 11), "day")
    assert not dates_compatible(jan10, "day", date(2024, 1, 12), "day")
    assert dates_compatible(jan10, "day", date(2024, 1, 1), "month")
    assert not dates_compatible(jan10, "day", date(2024, 2, 1), "month")
    assert dates_compatible(jan10, "year", date(2024, 12, 1), "day")
    assert dates_compatible(None, None, jan10, "day")


def test_merge_is_deterministic_and_joins_the_nearest_event():
    old = EventFacts("k-old", "CONSULT", ("IRN", "USA"), date(2024, 1, 10), "day", None, id=7)
    later = EventFacts("k-later", "CONSULT", ("IRN", "USA"), date(2024, 1, 12), "day", None, id=8)
    claims = [_facts(1, date(2024, 1, 11)), _facts(2, date(2024, 1, 13)), _facts(3, date(2024, 1, 20)),
              _facts(4, date(2024, 1, 21)), _facts(5, None, None, actors=())]
    merge = merge_claims(claims, [later, old])
    assert merge.links[1] == "k-old"  # equally near both: the older event
    assert merge.links[2] == "k-later"
    assert merge.links[3] == merge.links[4] == merge.new_events[0].key
    assert merge.links[5] == merge.new_events[1].key  # no actors: an event of its own
    assert merge_claims(list(reversed(claims)), [old, later]).links == merge.links
