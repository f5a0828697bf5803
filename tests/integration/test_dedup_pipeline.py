"""The dedup step against a real PostgreSQL: two nights, exact and URL copies,
boilerplate, and re-runs that change nothing."""

from __future__ import annotations

import pytest

from marsad.dedup import DedupConfig, InMemoryIndex, decide_batch, story_groups
from marsad.model import Article, DedupDoc, DedupResult
from marsad.pipeline.dedup_step import dedup_articles
from marsad.pipeline.settings import PipelineSettings
from marsad.store.articles import upsert_articles

VISIT = (
    "وصل صاحب السمو الأمير فيصل بن فرحان وزير الخارجية إلى العاصمة العمانية مسقط اليوم في زيارة رسمية "
    "تستغرق يومين يلتقي خلالها عددا من كبار المسؤولين لبحث العلاقات الثنائية بين البلدين الشقيقين وسبل "
    "تعزيزها في مختلف المجالات.\nوكان في استقباله لدى وصوله إلى مطار مسقط الدولي وزير الخارجية العماني "
    "والسفير السعودي لدى السلطنة وعدد من المسؤولين في الوزارة."
)
# The next day's reprint by another paper: اليوم became أمس, a title and a clause dropped.
VISIT_REPRINT = (
    "وصل الأمير فيصل بن فرحان وزير الخارجية إلى العاصمة العمانية مسقط أمس في زيارة رسمية تستغرق يومين، "
    "يلتقي خلالها عددا من كبار المسؤولين لبحث العلاقات الثنائية بين البلدين الشقيقين وسبل تعزيزها في "
    "مختلف المجالات. وكان في استقباله لدى وصوله إلى مطار مسقط الدولي وزير الخارجية العماني والسفير "
    "السعودي لدى السلطنة."
)
MARKET = (
    "ارتفع المؤشر العام لسوق الأسهم السعودية في ختام تعاملات اليوم بمقدار خمسين نقطة ليغلق عند مستوى "
    "أحد عشر ألف نقطة بتداولات بلغت قيمتها أربعة مليارات ريال وسط نشاط ملحوظ في قطاعي المصارف "
    "والبتروكيماويات بحسب بيانات السوق المالية."
)
# The same words with diacritics, other alef forms and other punctuation: an exact copy.
MARKET_COPY = (
    "ارتفعَ المؤشرُ العام لسوق الاسهم السعودية، في ختام تعاملات اليوم، بمقدار خمسين نقطة ليغلق عند مستوى "
    "احد عشر الف نقطة - بتداولات بلغت قيمتها اربعة مليارات ريال وسط نشاط ملحوظ في قطاعي المصارف "
    "والبتروكيماويات؛ بحسب بيانات السوق المالية"
)
MATCH = (
    "فاز فريق الهلال على ضيفه النصر بهدفين مقابل هدف واحد في المباراة التي جمعتهما مساء اليوم على "
    "ملعب المملكة أرينا ضمن منافسات الجولة العاشرة من دوري روشن للمحترفين وسط حضور جماهيري كبير."
)
MATCH_UPDATED = (
    "حسم فريق الهلال مواجهة القمة أمام النصر لصالحه بعد مباراة مثيرة شهدت طرد لاعبين وإلغاء هدف بتقنية "
    "الفيديو، ليعزز صدارته لترتيب الدوري بفارق أربع نقاط عن أقرب ملاحقيه."
)
WEATHER = (
    "توقعت الهيئة العامة للأرصاد أن تشهد المناطق الشمالية انخفاضا ملحوظا في درجات الحرارة خلال الأيام "
    "المقبلة مع فرص لهطول أمطار رعدية متوسطة إلى غزيرة قد تؤدي إلى جريان السيول في الأودية والشعاب."
)

FOOTER = (
    "يمكنكم استلام إشعارات بأهم الموضوعات بعد تحميل أحدث نسخة من تطبيق مرصد الأخبار على هواتفكم الذكية "
    "كما يمكنكم متابعتنا على مواقع التواصل الاجتماعي للحصول على آخر الأخبار العاجلة والتقارير الخاصة "
    "من مراسلينا في كل مكان حول العالم على مدار الساعة."
)
SHORT_BODIES = [
    "افتتح وزير الصحة مستشفى جديدا في مدينة جازان بسعة ثلاثمائة سرير لخدمة سكان المنطقة والمحافظات المجاورة.",
    "أعلنت جامعة الملك سعود عن فتح باب القبول لبرامج الدراسات العليا في كليات العلوم والهندسة للعام المقبل.",
    "سجلت أسعار الذهب ارتفاعا جديدا في الأسواق العالمية مع تراجع الدولار وتزايد الطلب على الملاذات الآمنة.",
    "أطلقت وزارة الثقافة مهرجانا للفنون الشعبية في مدينة أبها يستمر أسبوعين بمشاركة فرق من عدة دول عربية.",
    "ضبطت دوريات حرس الحدود مهربين حاولوا إدخال كميات من المواد الممنوعة عبر المنافذ البحرية في الجنوب.",
    "وقعت شركة الكهرباء عقدا لإنشاء محطة للطاقة الشمسية في منطقة تبوك بقدرة ستمائة ميغاواط خلال عامين.",
    "استقبل مطار الملك خالد الدولي أولى رحلات شركة طيران جديدة تربط العاصمة بعدد من المدن الأوروبية.",
    "بدأت أمانة المنطقة الشرقية تنفيذ مشروع لتطوير الواجهة البحرية في الدمام يشمل ممرات للمشاة وحدائق عامة.",
]


def _article(url: str, outlet: str, text: str, title: str = "خبر") -> Article:
    return Article(canonical_url=url, url=url, outlet=outlet, text=text, title=title)


def _ids(conn) -> dict[str, int]:
    with conn.cursor() as cur:
        cur.execute("SELECT url, id FROM articles")
        rows = dict(cur.fetchall())
    conn.commit()
    return rows


def _decisions(conn) -> dict[int, tuple]:
    with conn.cursor() as cur:
        cur.execute("SELECT article_id, story_id, kind, duplicate_of, similarity FROM article_dedup")
        rows = {r[0]: r[1:] for r in cur.fetchall()}
    conn.commit()
    return rows


def _snapshot(conn) -> list:
    """Every row (with its xmin, the id of the transaction that last wrote it) of the
    tables the step writes: equal snapshots mean no row was written."""
    out = []
    with conn.cursor() as cur:
        for table, key in [("article_dedup", "article_id"), ("stories", "id"), ("dedup_bands", "band_key, article_id"),
                           ("dedup_segments", "outlet, segment_hash"), ("articles", "id")]:
            cur.execute(f"SELECT xmin::text, * FROM {table} ORDER BY {key}")
            out.append(cur.fetchall())
    conn.commit()
    return out


def test_reposts_of_a_later_night_point_at_the_first_nights_originals(conn):
    upsert_articles(conn, [
        _article("https://spa.gov.sa/news/1001", "واس", VISIT),
        _article("https://argaam.com/article/77", "أرقام", MARKET),
        _article("https://sport.example.sa/match/5", "الرياضية", MATCH),
    ])
    first = dedup_articles(conn)
    assert first.as_dict() == {"articles": 3, "url_dups": 0, "exact_dups": 0, "near_dups": 0, "stories": 3, "rehashed": 0}

    upsert_articles(conn, [
        _article("https://okaz.com.sa/news/2002", "عكاظ", VISIT_REPRINT),
        _article("https://alyaum.com/articles/9", "اليوم", MARKET_COPY),
        _article("https://sport.example.sa/match/5/?utm_source=twitter", "الرياضية", MATCH_UPDATED),
        _article("https://alweeam.com.sa/weather/3", "الوئام", WEATHER),
    ])
    second = dedup_articles(conn)
    assert second.as_dict() == {"articles": 4, "url_dups": 1, "exact_dups": 1, "near_dups": 1, "stories": 1, "rehashed": 0}

    ids = _ids(conn)
    dec = _decisions(conn)
    visit, reprint = ids["https://spa.gov.sa/news/1001"], ids["https://okaz.com.sa/news/2002"]
    market, copy = ids["https://argaam.com/article/77"], ids["https://alyaum.com/articles/9"]
    match, updated = ids["https://sport.example.sa/match/5"], ids["https://sport.example.sa/match/5/?utm_source=twitter"]
    weather = ids["https://alweeam.com.sa/weather/3"]
    assert dec[visit] == (visit, "original", None, None)
    story, kind, of, sim = dec[reprint]
    assert (story, kind, of) == (visit, "near", visit) and 0.4 <= sim < 1.0
    assert dec[copy] == (market, "exact", market, 1.0)
    assert dec[updated][:3] == (match, "url", match)
    assert dec[weather] == (weather, "original", None, None)

    with conn.cursor() as cur:
        cur.execute("SELECT id, articles, outlets FROM stories ORDER BY id")
        stories = cur.fetchall()
        cur.execute("SELECT count(*) FROM articles WHERE text_hash IS NULL")
        unhashed = cur.fetchone()[0]
    conn.commit()
    assert stories == sorted([(visit, 2, 2), (market, 2, 2), (match, 2, 1), (weather, 1, 1)])
    assert unhashed == 0


def test_rerun_changes_no_row(conn):
    upsert_articles(conn, [
        _article("https://spa.gov.sa/news/1", "واس", VISIT),
        _article("https://okaz.com.sa/news/2", "عكاظ", VISIT_REPRINT),
        _article("https://argaam.com/article/3", "أرقام", MARKET),
        _article("https://alyaum.com/articles/4", "اليوم", MARKET_COPY),
    ] + [_article(f"https://site.example/{i}", "مرصد", body + " " + FOOTER) for i, body in enumerate(SHORT_BODIES)])
    dedup_articles(conn)
    before = _snapshot(conn)
    again = dedup_articles(conn)
    explicit = dedup_articles(conn, article_ids=list(_ids(conn).values()))
    assert again.articles == 0 and explicit.articles == 0
    assert _snapshot(conn) == before


def test_changed_text_keeps_its_story_and_gets_its_new_hash(conn):
    upsert_articles(conn, [_article("https://spa.gov.sa/news/1", "واس", VISIT)])
    dedup_articles(conn)
    upsert_articles(conn, [_article("https://spa.gov.sa/news/1", "واس", VISIT_REPRINT)])  # edited in place
    counts = dedup_articles(conn)
    assert counts.articles == 0 and counts.rehashed == 1
    with conn.cursor() as cur:
        cur.execute("SELECT text_hash FROM articles")
        assert cur.fetchone()[0] is not None
    conn.commit()
    assert dedup_articles(conn).rehashed == 0


def test_outlet_boilerplate_does_not_merge_unrelated_articles(conn):
    docs = [DedupDoc(i + 1, f"https://site.example/{i}", "مرصد", body + "\n" + FOOTER) for i, body in enumerate(SHORT_BODIES)]
    # Without boilerplate stripping the footer alone would make them one story.
    naive = decide_batch(InMemoryIndex(), docs, DedupConfig(boilerplate_texts=10_000))
    assert story_groups(naive), "the footer should dominate these short texts"

    # Night 1: six of them; night 2: two more, judged with the counts learnt on night 1.
    upsert_articles(conn, [_article(d.url, d.outlet, d.text) for d in docs[:6]])
    assert dedup_articles(conn).near_dups == 0
    upsert_articles(conn, [_article(d.url, d.outlet, d.text) for d in docs[6:]])
    assert dedup_articles(conn, config=DedupConfig(), settings=PipelineSettings(dedup_batch=1)).near_dups == 0
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM article_dedup WHERE kind = 'original'")
        assert cur.fetchone()[0] == len(docs)
    conn.commit()


@pytest.mark.parametrize("workers", [1, 2])
def test_postgres_and_memory_indexes_decide_alike(conn, workers):
    """Also with the per-text work in worker processes: the decisions must not change."""
    texts = [VISIT, MARKET, VISIT_REPRINT, MATCH, MARKET_COPY, WEATHER] + [b + " " + FOOTER for b in SHORT_BODIES]
    records = [_article(f"https://n.example/{i}", f"outlet{i % 3}", t) for i, t in enumerate(texts)]
    upsert_articles(conn, records)
    ids = _ids(conn)
    dedup_articles(conn, settings=PipelineSettings(dedup_batch=4, workers=workers))
    in_db = {}
    for article_id, (story, *_rest) in _decisions(conn).items():
        in_db.setdefault(story, []).append(article_id)
    db_groups = sorted(sorted(g) for g in in_db.values() if len(g) > 1)

    index = InMemoryIndex()
    docs = [DedupDoc(ids[r.url], r.url, r.outlet, r.text) for r in records]
    mem = []
    for start in range(0, len(docs), 4):
        batch = decide_batch(index, docs[start : start + 4])
        index.add(batch)
        mem.extend(batch)
    assert db_groups == story_groups(mem)
    assert [ids["https://n.example/0"], ids["https://n.example/2"]] in db_groups


def test_band_rows_of_a_deleted_article_are_never_candidates(conn):
    """Band rows carry no foreign key (migration 007): the look-up must skip orphans."""
    upsert_articles(conn, [_article("https://spa.gov.sa/news/1", "واس", VISIT)])
    dedup_articles(conn)
    with conn, conn.cursor() as cur:
        cur.execute("DELETE FROM articles")
        cur.execute("SELECT count(*) FROM dedup_bands")
        assert cur.fetchone()[0] == 42  # left behind on purpose
    upsert_articles(conn, [_article("https://okaz.com.sa/news/2", "عكاظ", VISIT_REPRINT)])
    assert dedup_articles(conn).stories == 1
    assert next(iter(_decisions(conn).values()))[1:3] == ("original", None)


def test_segment_counts_of_outlets_with_quotes_commas_and_backslashes(conn):
    """Outlet names reach PostgreSQL inside an array literal: any character must survive."""
    from marsad.store.dedup import PostgresIndex

    outlets = ['say "hi"', "back\\slash", "a,b {c}", "NULL", "", "الشرق الأوسط"]
    with conn, conn.cursor() as cur:
        for i, outlet in enumerate(outlets):
            cur.execute("INSERT INTO dedup_segments (outlet, segment_hash, texts) VALUES (%s, %s, %s)", (outlet, i, i + 1))
    keys = [(o, i) for i, o in enumerate(outlets)] + [("missing", 1)]
    assert PostgresIndex(conn, "test").segment_counts(keys) == {(o, i): i + 1 for i, o in enumerate(outlets)}


def _dedup_in_daemon(url: str, results) -> None:
    from marsad.store import db

    try:
        with db.connection(url) as child_conn:
            results.put(dedup_articles(child_conn, settings=PipelineSettings(dedup_batch=4, workers=2)))
    except BaseException as exc:  # reported to the test, which runs in another process
        results.put(repr(exc))


def test_workers_fall_back_to_one_process_inside_a_daemonic_process(conn, db_url):
    """A Celery (billiard) pool process is daemonic, and so is the Airflow task it forks:
    multiprocessing refuses it children, so dedup must run in-process there."""
    import multiprocessing

    upsert_articles(conn, [_article(f"https://n.example/{i}", "o", t)
                           for i, t in enumerate([VISIT, MARKET, VISIT_REPRINT, MATCH, MARKET_COPY, WEATHER])])
    conn.commit()  # for the child's own connection
    ctx = multiprocessing.get_context("fork")
    results = ctx.Queue()
    child = ctx.Process(target=_dedup_in_daemon, args=(db_url, results), daemon=True)
    child.start()
    outcome = results.get(timeout=60)
    child.join(10)
    assert isinstance(outcome, DedupResult), outcome
    assert outcome.articles == 6 and outcome.exact_dups == 1 and outcome.near_dups == 1
