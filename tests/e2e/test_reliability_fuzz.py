"""Generated hostile inputs (Hypothesis) beside the hand-written ones: article files for
``marsad load`` and feeds for ingest, of any shape, size, type and encoding.

Properties: nothing raises; every line and every feed item is accounted for (stored,
rejected, skipped or counted as a duplicate); every storable article is stored; and the
night after processes everything that was stored. Runs are derandomized, so the suite's
closing line counts the same examples every time.
"""

from __future__ import annotations

import json
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.fetch import HttpClient
from marsad.inputs import read_lines
from marsad.pipeline.files import load_file
from marsad.pipeline.ingest import ingest_source
from marsad.pipeline.run import process_pending
from marsad.pipeline.settings import PipelineSettings
from marsad.pipeline.setup import prepare_database
from marsad.pipeline.transaction import transaction
from marsad.store import db
from marsad.store.sources import upsert_sources
from support import reliability_tally as tally
from support.fetch_server import Reply, fast_settings, serve
from support.hostile_inputs import GOOD_PARAGRAPHS, incompressible, page

pytestmark = pytest.mark.reliability

FUZZ = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

_TEXT = st.text(st.characters(codec="utf-8"), max_size=40) | st.sampled_from(
    ["", " ", "\x00", "نص عربي", GOOD_PARAGRAPHS[0], "x" * 3000, incompressible(5000), "'); DROP TABLE articles;--"])
_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _TEXT,
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3),
                     max_leaves=6)
_URL_HEADS = ["https://news.example/", "http://a.example/x?utm_source=1&", "urn:x:", "", "javascript:"]
_URL = st.sampled_from(_URL_HEADS).flatmap(
    lambda head: st.text(st.characters(codec="utf-8"), max_size=30).map(lambda tail: head + tail)) | st.just(
    "https://news.example/" + incompressible(5000))
_ARTICLE = st.fixed_dictionaries(
    {"id": (st.text(min_size=1, max_size=20) | st.integers() | st.booleans() | st.just(incompressible(3000, 2))
            | st.none())},
    optional={"text": _TEXT | _JSON, "url": _URL | _JSON, "title": _TEXT | _JSON, "source_outlet": _TEXT | _JSON,
              "published": st.sampled_from(["2024-03-16", "2024-03-16T08:00:00Z", "0000-00-00", "9999-12-31"]) | _JSON},
)
_LINE = (_ARTICLE.map(lambda a: json.dumps(a, ensure_ascii=False).encode("utf-8", "surrogatepass"))
         | _JSON.map(lambda v: json.dumps(v).encode()) | st.binary(max_size=60))


def _count(url: str, sql: str, params: tuple = ()) -> int:
    with db.connection(url) as conn, conn.cursor() as cur:
        cur.execute(sql, params)
        (n,) = cur.fetchone()
        conn.commit()
    return int(n)


@pytest.fixture(scope="module")
def fuzz_db(server_url: str, template_db: str):
    from support.postgres import scratch_database

    with scratch_database(server_url, "marsad_fuzz", template_db) as url:
        prepare_database(url)
        yield url


@FUZZ
@given(lines=st.lists(_LINE, min_size=1, max_size=8))
def test_any_article_file_loads_what_it_can_and_the_night_after_processes_it(
    lines: list[bytes], fuzz_db: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "in.jsonl"
    path.write_bytes(b"\n".join(line.replace(b"\n", b" ").replace(b"\r", b" ") for line in lines) + b"\n")
    read = list(read_lines(path))
    totals = load_file(db.connect(fuzz_db), path)
    tally.hostile(len(read))
    assert totals["read"] + totals["skipped_lines"] == len(read)
    accounted = totals["inserted"] + totals["updated"] + totals["rejected"] + totals["url_duplicates"] \
        + totals["id_duplicates"]
    assert accounted <= totals["read"]  # the rest were stored before, unchanged
    for line in read:
        if line.article is not None and len(str(line.article["id"]).encode()) <= 256 \
                and len((line.article.get("url") or "").encode()) <= 2048:
            assert _count(fuzz_db, "SELECT count(*) FROM articles WHERE ext_id = %s", (str(line.article["id"]),)) == 1
    process_pending(fuzz_db, settings=PipelineSettings(workers=1))
    assert _count(fuzz_db, "SELECT count(*) FROM articles WHERE processed_version IS NULL") == 0


LONG_PATH = "/" + incompressible(5000, 1)
_ITEM = st.fixed_dictionaries({
    "title": _TEXT,
    "link": st.sampled_from(["/ok", "/missing", LONG_PATH, "", "javascript:alert(1)", "file:///etc/passwd",
                             "http://[::1", "/ok?utm_source=x", "//"]) | _URL,
    "description": _TEXT,
})


@FUZZ
@given(items=st.lists(_ITEM, max_size=6), raw_tail=st.binary(max_size=30))
def test_any_feed_is_ingested_without_raising_and_every_item_is_accounted_for(
    items: list[dict[str, str]], raw_tail: bytes, fuzz_db: str
) -> None:
    def xml(value: str) -> str:
        return escape("".join(c for c in value if c in "\t\n\r" or ((c >= " " and c not in "\ufffe\uffff")
                              and not 0xD800 <= ord(c) <= 0xDFFF)))

    body = "".join(f"<item><title>{xml(i['title'])}</title><link>{xml(i['link'])}</link>"
                   f"<description>{xml(i['description'])}</description></item>" for i in items)
    feed = f'<rss version="2.0"><channel><title>f</title>{body}</channel></rss>'.encode() + raw_tail
    with serve() as server:
        server.routes["/feed"] = [Reply(200, feed, {"Content-Type": "application/rss+xml"})]
        for path in ("/ok", LONG_PATH):
            server.routes[path] = [Reply(200, page("خبر", GOOD_PARAGRAPHS), {"Content-Type": "text/html"})]
        with db.connection(fuzz_db) as conn, transaction(conn):
            upsert_sources(conn, [{"key": "fuzz", "name": "Fuzz", "feed_url": server.url("/feed"),
                                   "homepage": None, "country": None, "active": True}])
        with db.connection(fuzz_db) as conn, HttpClient(fast_settings(retries=0)) as client:
            result = ingest_source(conn, "fuzz", client)
    tally.hostile(len(items))
    if result.status == "ok":
        handled = result.fetched + result.known + result.skipped + result.errors + result.deferred
        assert handled <= result.items  # the rest repeat an earlier item's URL
        assert result.new + result.updated + result.rejected <= result.fetched
