"""Shared material of the reliability suite: synthetic articles, hostile payloads, and an
id-free content fingerprint that lets a faulted run be compared with a clean one.

Ids and timestamps differ between two databases (a killed batch burns sequence values),
so rows are compared by their natural keys: article canonical URL, (article, ordinal) of
a claim, event key. ``compare`` returns how many rows of the clean run are missing
(lost) and how many rows are extra (duplicated) in the other one.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import psycopg2

# Statements whose rows stand for the content of each data table, keyed naturally.
CONTENT_SQL: dict[str, str] = {
    "articles": """
        SELECT a.canonical_url, a.ext_id, s.key, a.outlet, a.url, a.final_url, a.title, a.author,
               a.published_at, a.http_status, a.content_type, md5(a.raw), md5(a.text), a.text_origin,
               a.text_hash, a.processed_version
        FROM articles a LEFT JOIN sources s ON s.id = a.source_id""",
    "claims": """
        SELECT a.canonical_url, c.ordinal, c.extractor_version, c.event_type, c.mode, c.modality,
               c.source_actor, c.target_actor, c.mediator, c.location_name, c.location_country,
               c.event_date, c.date_precision, c.attribution, c.topics, c.participants::text,
               c.evidence::text, c.evidence_text, c.confidence, md5(c.record::text)
        FROM claims c JOIN articles a ON a.id = c.article_id""",
    "claim_actors": """
        SELECT a.canonical_url, c.ordinal, ca.actor_code, ca.role
        FROM claim_actors ca JOIN claims c ON c.id = ca.claim_id JOIN articles a ON a.id = c.article_id""",
    "stories": """
        SELECT a.canonical_url, st.articles, st.outlets, st.first_published_at, st.last_published_at
        FROM stories st JOIN articles a ON a.id = st.id""",
    "article_dedup": """
        SELECT a.canonical_url, sa.canonical_url, d.kind, da.canonical_url, d.similarity, d.url_key,
               d.text_hash, d.n_shingles, md5(d.signature), d.dedup_config
        FROM article_dedup d JOIN articles a ON a.id = d.article_id
        JOIN articles sa ON sa.id = d.story_id LEFT JOIN articles da ON da.id = d.duplicate_of""",
    "dedup_bands": """
        SELECT b.band_key, a.canonical_url FROM dedup_bands b JOIN articles a ON a.id = b.article_id""",
    "dedup_segments": "SELECT outlet, segment_hash, texts FROM dedup_segments",
    "events": """
        SELECT event_key, group_key, event_type, actors, event_date, date_precision, location_country,
               claims, articles, outlets, sources, first_published_at FROM events""",
    "event_claims": """
        SELECT a.canonical_url, c.ordinal, e.event_key, ea.canonical_url, ec.fingerprint
        FROM event_claims ec JOIN claims c ON c.id = ec.claim_id JOIN articles a ON a.id = c.article_id
        JOIN events e ON e.id = ec.event_id JOIN articles ea ON ea.id = ec.article_id""",
}


def content(conn, tables: tuple[str, ...] | None = None) -> dict[str, Counter]:
    """Multiset of content rows per table (ids and timestamps left out)."""
    out: dict[str, Counter] = {}
    with conn.cursor() as cur:
        for table, sql in CONTENT_SQL.items():
            if tables is None or table in tables:
                cur.execute(sql)
                out[table] = Counter(tuple(str(v) for v in row) for row in cur.fetchall())
    conn.commit()
    return out


def compare(clean: dict[str, Counter], other: dict[str, Counter]) -> tuple[int, int]:
    """(rows lost, rows duplicated or extra) of ``other`` against ``clean``."""
    lost = sum(sum((clean[t] - other.get(t, Counter())).values()) for t in clean)
    extra = sum(sum((other[t] - clean.get(t, Counter())).values()) for t in other)
    return lost, extra


def counts(conn) -> dict[str, int]:
    with conn.cursor() as cur:
        out = {}
        for table in CONTENT_SQL:
            cur.execute(f'SELECT count(*) FROM "{table}"')
            out[table] = cur.fetchone()[0]
    conn.commit()
    return out


def batch_integrity(conn) -> list[str]:
    """What a torn claims batch would leave behind; an empty list when every batch is whole.

    Every article marked processed has the claim set its stored records say (ordinals
    0..n-1 without holes), every claim has exactly the claim_actors its record implies,
    and no unprocessed article has claims (the suite starts from empty databases).
    """
    problems = []
    with conn.cursor() as cur:
        cur.execute(
            """
            SELECT a.id FROM articles a JOIN claims c ON c.article_id = a.id
            GROUP BY a.id HAVING max(c.ordinal) <> count(*) - 1 OR bool_or(a.processed_version IS NULL)
               OR bool_or(c.extractor_version IS DISTINCT FROM a.processed_version)
            """
        )
        problems += [f"article {i}: claim set torn or written without processed_version" for (i,) in cur.fetchall()]
        cur.execute("SELECT c.id, c.record FROM claims c")
        records = cur.fetchall()
        cur.execute("SELECT claim_id, actor_code, role FROM claim_actors")
        stored: dict[int, set] = {}
        for cid, code, role in cur.fetchall():
            stored.setdefault(cid, set()).add((code, role))
    conn.commit()
    for cid, record in records:
        want = {(code, "party") for code in record.get("actors") or []}
        for field, role in (("source_actor", "source"), ("target_actor", "target"), ("mediator", "mediator")):
            if record.get(field):
                want.add((record[field], role))
        if stored.get(cid, set()) != want:
            problems.append(f"claim {cid}: claim_actors {sorted(stored.get(cid, set()))} != {sorted(want)}")
    return problems


# --- synthetic corpus -------------------------------------------------------------------

_PLACES = ["القاهرة", "عمان", "الدوحة", "مسقط", "الرياض", "بغداد", "الرباط", "تونس", "الجزائر", "بيروت"]
_ACTORS = [("مصر", "المصري"), ("الأردن", "الأردني"), ("قطر", "القطري"), ("سلطنة عمان", "العماني"),
           ("السعودية", "السعودي"), ("العراق", "العراقي"), ("المغرب", "المغربي"), ("تونس", "التونسي"),
           ("إيران", "الإيراني"), ("تركيا", "التركي")]
_VERBS = ["استقبل", "التقى", "بحث", "اجتمع"]


_TOPICS = ["الملاحة في البحر الأحمر", "أسعار النفط", "ملف اللاجئين", "الأمن الغذائي", "إعادة الإعمار",
           "التبادل التجاري", "مكافحة الإرهاب", "المياه والسدود", "الطاقة المتجددة", "الاستثمار المشترك",
           "النقل البحري", "السياحة", "التعليم العالي", "الصحة العامة", "الزراعة"]
_FILLERS = [
    "وأشار {who} إلى أن {topic} يحظى بأولوية خاصة في المرحلة الراهنة بحسب البيان رقم {n}.",
    "ونقلت وكالة الأنباء الرسمية عن مصدر مطلع أن {topic} سيكون محور اجتماع لاحق في شهر {month}.",
    "وتطرق الحديث إلى {topic} وسبل تطويره بما يخدم مصالح الشعبين وفق الوثيقة {n}.",
    "ولفت {who} إلى تراجع المؤشرات المتعلقة بـ{topic} خلال العام الماضي بنسبة {pct} في المئة.",
    "وكشف تقرير حديث أن {topic} يشهد تحسنا ملحوظا منذ {month} الماضي وفق الرصد {n}.",
    "ودعا {who} إلى تشكيل لجنة فنية تعنى بـ{topic} وتعقد اجتماعها الأول في {month}.",
]
_WHO = ["الوزير", "المتحدث الرسمي", "السفير", "الخبير الاقتصادي", "رئيس الوفد", "المحلل السياسي"]
_MONTHS = ["فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر"]


def synthetic_articles(n: int, dup_every: int = 25) -> list[dict]:
    """``n`` articles in the extract input format, deterministic, each led by a diplomacy
    sentence (so claims and events are produced) and made of varied sentences (so dedup
    sees mostly distinct stories), with an exact duplicate every ``dup_every`` items."""
    import random

    items = []
    for i in range(n):
        rng = random.Random(i)
        a, b = rng.sample(_ACTORS, 2)
        place = rng.choice(_PLACES)
        day = 1 + i % 27
        lead = f"{place} - {rng.choice(_VERBS)} وزير الخارجية {a[1]} نظيره {b[1]} في {place} يوم {day} يناير 2024."
        rest = [
            rng.choice(_FILLERS).format(who=rng.choice(_WHO), topic=rng.choice(_TOPICS), n=rng.randrange(10**6),
                                        month=rng.choice(_MONTHS), pct=rng.randrange(2, 60))
            for _ in range(6)
        ]
        text = " ".join([lead, *rest])
        if dup_every and i % dup_every == dup_every - 1:
            text = items[i - 1]["text"]  # the same story carried by a second outlet
        items.append({
            "id": f"syn-{i:05d}",
            "url": f"https://news{i % 5}.example/{i // 100}/article-{i}.html",
            "source_outlet": f"outlet-{i % 5}",
            "title": f"لقاء {a[0]} و{b[0]} رقم {i}",
            "text": text,
            "published": f"2024-01-{day:02d}T08:00:00Z",
        })
    return items


def write_jsonl(path: Path, items: list[dict]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for item in items:
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")
    return path


def watcher(url: str):
    """A plain connection (not application_name 'marsad') for watching and killing."""
    from marsad.store.db import with_connect_timeout

    conn = psycopg2.connect(with_connect_timeout(url), application_name="marsad-reliability-watch")
    conn.autocommit = True
    return conn


def subprocess_env(url: str) -> dict[str, str]:
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ)
    env["DATABASE_URL"] = url
    env["PYTHONPATH"] = os.pathsep.join([str(root / "plugins"), env.get("PYTHONPATH", "")])
    return env


# --- hostile payloads ---------------------------------------------------------------------


def incompressible(n: int, seed: int = 0) -> str:
    """``n`` ASCII letters and digits that do not compress: PostgreSQL compresses a long
    index key before its size is checked, so "a" * 6000 would fit where a real URL does not."""
    import random
    import string

    return "".join(random.Random(seed).choices(string.ascii_letters + string.digits, k=n))


INJECTION = "'); DROP TABLE articles;--"

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>bomb &lol9;</title><link>/bomb-item</link><description>&lol9;</description></item>
</channel></rss>"""

XXE_FEED = b"""<?xml version="1.0"?>
<!DOCTYPE rss [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<rss version="2.0"><channel><title>&xxe;</title>
<item><title>leak &xxe;</title><link>/xxe-item</link><description>&xxe;</description></item>
</channel></rss>"""

XXE_EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE rss SYSTEM "file:///etc/passwd">
<rss version="2.0"><channel><title>dtd</title>
<item><title>dtd item</title><link>/dtd-item</link><description>external dtd</description></item>
</channel></rss>"""

XXE_PARAMETER = b"""<?xml version="1.0"?>
<!DOCTYPE rss [ <!ENTITY % ext SYSTEM "file:///etc/passwd"> %ext; ]>
<rss version="2.0"><channel><title>param</title>
<item><title>param item</title><link>/param-item</link><description>p</description></item>
</channel></rss>"""

MALFORMED_FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>broken
<item><title>half <b>open</title><link>/malformed-item</link><description>x & y < z</description>
</channel>"""

NOT_A_FEED = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40


def page(title: str, paragraphs: list[str], *, head: str = "", charset: str = "utf-8") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!doctype html><html lang="ar"><head><meta charset="{charset}"><title>{title}</title>{head}</head>'
        f"<body><article><h1>{title}</h1><div class=\"article-body\">{body}</div></article></body></html>"
    ).encode(charset, "surrogatepass")


GOOD_PARAGRAPHS = [
    "استقبل وزير الخارجية المصري نظيره الأردني في القاهرة يوم الأحد وبحث الجانبان العلاقات الثنائية.",
    "وقال المتحدث باسم الخارجية المصرية إن اللقاء تناول الأوضاع في المنطقة وسبل دعم الاستقرار.",
    "وأضاف أن البلدين اتفقا على مواصلة التنسيق والتشاور خلال الفترة المقبلة على كل المستويات.",
]


def ten_thousand_sentences() -> list[str]:
    """10,000 varied Arabic sentences, 100 per paragraph."""
    sentences = [
        f"{_VERBS[i % 4]} وزير الخارجية {_ACTORS[i % 10][1]} نظيره {_ACTORS[(i * 3 + 1) % 10][1]} "
        f"في {_PLACES[i % 10]} وبحثا الملف رقم {i}."
        for i in range(10_000)
    ]
    return [" ".join(sentences[k : k + 100]) for k in range(0, 10_000, 100)]


def exact_fingerprint(conn) -> dict[str, tuple[int, str]]:
    """Row count and hash of every data table, ids and timestamps included: equal only when
    no row was inserted, deleted or rewritten (the e2e test's fingerprint)."""
    out = {}
    with conn.cursor() as cur:
        cur.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            " AND table_type = 'BASE TABLE' AND table_name NOT IN ('sources', 'pipeline_runs', 'schema_migrations')"
        )
        for (table,) in sorted(cur.fetchall()):
            cur.execute(f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
                        f' FROM "{table}" t')
            out[table] = cur.fetchone()
    conn.commit()
    return out
