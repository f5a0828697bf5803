"""A handful of articles and claims loaded through the pipeline's own steps, for the report,
check and HTML tests.

The store's UPSERTs, then dedup into stories and the merge of claims into events, dated
relative to today; :func:`load_sample` returns the ids the tests look rows up by.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import psycopg2.extensions

from marsad.model import Article, Claim
from marsad.pipeline.dedup_step import dedup_articles
from marsad.pipeline.events_step import merge_events
from marsad.settings import seeds_dir
from marsad.store.actors import read_actors_csv, upsert_actors
from marsad.store.articles import upsert_articles
from marsad.store.claims import replace_claims
from marsad.store.reports import refresh_materialized_views
from marsad.store.runs import record_run
from marsad.store.sources import record_feed_result, upsert_sources

VERSION = "test-reports"
TODAY = date.today()
NOW = datetime.now(UTC)


def day(offset: int) -> date:
    """A day ``offset`` days before today."""
    return TODAY - timedelta(days=offset)


def at(offset: int, hour: int = 8) -> datetime:
    return datetime.combine(day(offset), time(hour), tzinfo=UTC)


# (text, claims) per article; evidence is found by the sentence it quotes.
TALKS_1 = "أجرى مسؤولون إيرانيون وأمريكيون محادثات غير مباشرة في مسقط يوم الأحد بوساطة عمانية، بحسب ما نقلت رويترز."
TALKS_2 = "عقد مفاوضون من إيران والولايات المتحدة جولة محادثات في العاصمة العمانية مسقط برعاية سلطنة عمان."
DEMAND = "طالبت مصر إسرائيل بفتح المعابر أمام المساعدات الإنسانية."
THREAT = "هددت الولايات المتحدة إيران بفرض عقوبات جديدة إذا استمرت الهجمات."
DOHA = "وفي الدوحة، استضافت قطر محادثات بين إسرائيل وحركة حماس."
OLD = "بحث وزير الخارجية السعودي مع الأمين العام للأمم المتحدة الأوضاع في المنطقة."
# One agency story carried word for word by both outlets: two outlets, one independent source.
AGENCY = (
    "وقعت المملكة العربية السعودية والجمهورية اليمنية في الرياض اليوم اتفاقية لدعم البنك المركزي اليمني "
    "بوديعة جديدة، وذلك في إطار الجهود المشتركة لتعزيز الاستقرار الاقتصادي في اليمن وتحسين الأوضاع المعيشية."
)


@dataclass(frozen=True)
class Sample:
    source_ids: dict[str, int]
    article_ids: dict[str, int]


def claim_quoting(text: str, sentence: str, **fields: Any) -> Claim:
    start = text.index(sentence)
    record: dict[str, Any] = {"modality": "asserted", "confidence": 0.8, **fields}
    record["evidence"] = [{"start": start, "end": start + len(sentence)}]
    return Claim.from_spec(record)


def load_sample(conn: psycopg2.extensions.connection) -> Sample:
    """Two sources, eight articles (one agency copy), eight claims, six events, ingest runs.

    Claims are merged into events by the events step after dedup, and the views refreshed.
    """
    upsert_actors(conn, read_actors_csv(seeds_dir() / "actors.csv"))
    upsert_sources(conn, [
        {"key": "wakala", "name": "وكالة الاختبار", "feed_url": "http://127.0.0.1:9/wakala.xml",
         "homepage": None, "country": None, "active": True},
        {"key": "sahifa", "name": "صحيفة الاختبار", "feed_url": "http://127.0.0.1:9/sahifa.xml",
         "homepage": None, "country": None, "active": True},
    ])
    with conn.cursor() as cur:
        cur.execute("SELECT key, id FROM sources")
        sources = dict(cur.fetchall())
    conn.commit()
    docs = {
        "talks1": ("wakala", 9, "مسقط (وكالات) - " + TALKS_1 + " وتناولت المحادثات أمن الملاحة.", "page"),
        "talks2": ("sahifa", 9, TALKS_2, "page"),
        "demand": ("wakala", 7, DEMAND, "page"),
        "threat_doha": ("sahifa", 1, THREAT + " " + DOHA, "page"),
        "old": ("wakala", 120, OLD, "page"),
        "fallback": ("wakala", 2, "خبر قصير من وصف الخلاصة.", "feed"),
        "agency1": ("wakala", 4, AGENCY, "page"),
        "agency2": ("sahifa", 4, AGENCY, "page"),
    }
    records = [
        Article(
            canonical_url=f"https://example.test/{key}", url=f"https://example.test/{key}?utm=x",
            text=text, title=f"عنوان {key}", source_id=sources[src], outlet=None,
            published_at=at(offset), fetched_at=NOW - timedelta(days=min(offset, 20), hours=1),
            text_origin=origin,
        )
        for key, (src, offset, text, origin) in docs.items()
    ]
    upsert_articles(conn, records)
    with conn.cursor() as cur:
        cur.execute("SELECT canonical_url, id FROM articles")
        ids = {url.rsplit("/", 1)[1]: i for url, i in cur.fetchall()}
    conn.commit()
    texts = {ids[k]: v[2] for k, v in docs.items()}
    muscat = {"name": "مسقط", "country": "OMN"}
    sunday = day(10).isoformat()
    claims = {
        ids["talks1"]: [claim_quoting(texts[ids["talks1"]], TALKS_1, event_type="CONSULT", mode="third-party",
                               actors=["IRN", "USA"], mediator="OMN", location=muscat, event_date=sunday,
                               date_precision="day", modality="reported", attribution="رويترز")],
        ids["talks2"]: [claim_quoting(texts[ids["talks2"]], TALKS_2, event_type="CONSULT", mode="third-party",
                               actors=["USA", "IRN"], mediator="OMN", location=muscat, event_date=sunday,
                               date_precision="day")],
        ids["demand"]: [claim_quoting(texts[ids["demand"]], DEMAND, event_type="REQUEST", actors=["EGY", "ISR"],
                               source_actor="EGY", target_actor="ISR", event_date=day(7).isoformat())],
        ids["threat_doha"]: [
            claim_quoting(texts[ids["threat_doha"]], THREAT, event_type="THREATEN", actors=["USA", "IRN"],
                   source_actor="USA", target_actor="IRN", modality="conditional", event_date=day(1).isoformat()),
            claim_quoting(texts[ids["threat_doha"]], DOHA, event_type="CONSULT", mode="third-party",
                   actors=["ISR", "HAMAS"], mediator="QAT", location={"name": "الدوحة", "country": "QAT"},
                   event_date=day(2).isoformat()),
        ],
        ids["old"]: [claim_quoting(texts[ids["old"]], OLD, event_type="CONSULT", actors=["SAU", "UN"],
                            event_date=day(120).isoformat())],
        ids["fallback"]: [],
        **{ids[k]: [claim_quoting(AGENCY, AGENCY, event_type="AGREE", actors=["SAU", "YEM"],
                           location={"name": "الرياض", "country": "SAU"}, event_date=day(4).isoformat())]
           for k in ("agency1", "agency2")},
    }
    replace_claims(conn, VERSION, claims, texts)
    assert dedup_articles(conn).exact_dups == 1  # agency2 copies agency1
    assert merge_events(conn).events_created == 6
    # Ingest history: wakala answered every night (once 304); sahifa failed last night.
    nights = [
        ("wakala", 3, {"status": "ok", "items": 20, "fetched": 4, "known": 16, "errors": 1, "new": 3}),
        ("wakala", 2, {"status": "not_modified", "new": 0}),
        ("wakala", 1, {"status": "ok", "items": 20, "fetched": 2, "known": 18, "errors": 0, "new": 2}),
        ("sahifa", 2, {"status": "ok", "items": 10, "fetched": 2, "known": 8, "errors": 0, "new": 2}),
        ("sahifa", 1, {"status": "error", "errors": 0, "new": 0, "error": "feed returned HTTP 503"}),
    ]
    for key, offset, counts in nights:
        record_run(conn, run_id=f"scheduled__{day(offset)}", dag_id="marsad_ingest", stage="ingest",
                   source_key=key, started_at=at(offset, 2), finished_at=at(offset, 3),
                   counts={"source": key, "seconds": 1.5, **counts})
    record_feed_result(conn, sources["wakala"], status="ok", http_status=200, etag='"e1"',
                       last_modified=None, error=None)
    record_feed_result(conn, sources["sahifa"], status="error", http_status=503, etag=None,
                       last_modified=None, error="feed returned HTTP 503")
    refresh_materialized_views(conn)
    conn.commit()  # store functions leave the transaction to their caller
    return Sample(source_ids=sources, article_ids=ids)


# `\if :{?name} \else \set name VALUE \endif`: the default each report file gives a variable.


def query(conn: psycopg2.extensions.connection, sql: str, params: Any = None) -> list[dict[str, Any]]:
    """Rows of ``sql`` as dicts (ends the read transaction, as the report tests expect)."""
    with conn.cursor() as cur:
        cur.execute(sql, params)
        cols = [d[0] for d in cur.description]
        rows = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    conn.commit()
    return rows
