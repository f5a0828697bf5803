"""Articles travel by COPY: every value must come back as it went in."""

from __future__ import annotations

from datetime import UTC, datetime

from marsad.model import Article
from marsad.store.articles import upsert_articles

AWKWARD = "back\\slash \\N tab\there\nnew line\r\n «مرحبا» \u200f 'quote' \"dq\" \\x00 end\\"


def test_awkward_values_round_trip_through_copy(conn):
    record = Article(
        canonical_url="https://n.example/1?a=1&b=\\N",
        text=AWKWARD,
        title="\\N",
        ext_id="\t",
        outlet=None,
        published_at=datetime(2024, 1, 10, 8, 30, tzinfo=UTC),
        http_status=200,
        http_headers={"etag": 'W/"x\\y"', "x-arabic": "نعم\n"},
        raw=bytes(range(256)),
    )
    assert upsert_articles(conn, [record]) == {"inserted": 1, "updated": 0, "rejected": 0}
    with conn.cursor() as cur:
        cur.execute(
            "SELECT canonical_url, text, title, ext_id, outlet, published_at, http_status, http_headers, raw"
            " FROM articles"
        )
        row = cur.fetchone()
    conn.commit()
    assert row[:7] == (record.canonical_url, AWKWARD, "\\N", "\t", None, record.published_at, 200)
    assert row[7] == record.http_headers and bytes(row[8]) == bytes(range(256))
    assert upsert_articles(conn, [record]) == {"inserted": 0, "updated": 0, "rejected": 0}


def test_new_articles_get_ids_in_batch_order(conn):
    urls = [f"https://n.example/{i}" for i in (5, 3, 9, 1, 7)]
    upsert_articles(conn, [Article(canonical_url=u, text=u) for u in urls])
    with conn.cursor() as cur:
        cur.execute("SELECT canonical_url FROM articles ORDER BY id")
        assert [u for (u,) in cur.fetchall()] == urls
    conn.commit()
