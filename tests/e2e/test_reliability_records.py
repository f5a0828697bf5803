"""One record that cannot be stored is rejected alone, and never costs its batch, its
source, the run or the next night; bad input lines get a line number and a clean exit.

Each hostile record goes through the real command (``marsad load``, ``marsad submit``) or
the real ingest against a loopback feed, then a normal night runs (``process_pending``)
and every normal article must be processed.
"""

from __future__ import annotations

import gzip
import json
import logging
from pathlib import Path

import pytest

from marsad.cli import main
from marsad.fetch import HttpClient
from marsad.pipeline.ingest import ingest_source
from marsad.pipeline.run import process_pending
from marsad.pipeline.settings import PipelineSettings
from marsad.pipeline.setup import prepare_database
from marsad.pipeline.transaction import transaction
from marsad.store import db
from marsad.store.sources import upsert_sources
from support import reliability_tally as tally
from support.fetch_server import Reply, fast_settings, serve
from support.hostile_inputs import GOOD_PARAGRAPHS, incompressible, page, synthetic_articles

ONE_PROCESS = PipelineSettings(workers=1)
LONG_URL = "https://news.example/" + incompressible(6000)
HOSTILE_RECORDS = [
    {"id": "long-url", "url": LONG_URL, "text": GOOD_PARAGRAPHS[0]},
    {"id": incompressible(6000, 1), "url": "https://news.example/long-id", "text": GOOD_PARAGRAPHS[1]},
    {"id": "bool", "url": "https://news.example/bool-id", "text": GOOD_PARAGRAPHS[2]} | {"id": True},
    {"id": "url-number", "url": 42, "text": GOOD_PARAGRAPHS[0]},
    {"id": "text-list", "text": ["not", "a", "string"]},
    {"url": "https://news.example/no-id", "text": GOOD_PARAGRAPHS[0]},
]
# Stored (an outlet name has no index of its own) but once broke every later dedup batch.
LONG_OUTLET = {"id": "long-outlet", "url": "https://news.example/outlet", "source_outlet": incompressible(5000, 2),
               "text": " ".join(GOOD_PARAGRAPHS)}
BAD_LINES = [b"[1, 2, 3]", b'"a string"', b"{broken", b'{"id": "utf", "text": "\xff\xfe bad"}']


def _scalar(url: str, sql: str) -> int:
    with db.connection(url) as conn, conn.cursor() as cur:
        cur.execute(sql)
        (value,) = cur.fetchone()
        conn.commit()
    return int(value)


def _hostile_file(path: Path, normal: list[dict]) -> Path:
    """Normal articles with every hostile record and bad line between them."""
    lines = [json.dumps(item, ensure_ascii=False).encode() for item in normal[:10]]
    lines += [json.dumps(item, ensure_ascii=False).encode() for item in [*HOSTILE_RECORDS, LONG_OUTLET]]
    lines += BAD_LINES
    lines += [json.dumps(item, ensure_ascii=False).encode() for item in normal[10:]]
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def test_hostile_records_are_rejected_alone_and_the_next_night_processes_everything(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    prepare_database(db_url)
    normal = synthetic_articles(30)
    caplog.set_level(logging.WARNING)
    rc = main(["load", "--database-url", db_url, "--input", str(_hostile_file(tmp_path / "in.jsonl", normal))])
    tally.hostile(len(HOSTILE_RECORDS) + 1 + len(BAD_LINES))
    assert rc == 0
    totals = json.loads(capsys.readouterr().out)
    assert totals["inserted"] == len(normal) + 1  # the normal ones and the long outlet
    assert totals["rejected"] + totals["skipped_lines"] == len(HOSTILE_RECORDS) + len(BAD_LINES)
    logged = caplog.text
    for needle in ("ext_id is 6000", "canonical_url is", "id is bool", "url is int", "text is list",
                   "id missing", ":20: not JSON", ":18: not a JSON object", "not UTF-8"):
        assert needle in logged, needle
    assert _scalar(db_url, "SELECT count(*) FROM articles WHERE ext_id = 'True'") == 0

    process_pending(db_url, settings=ONE_PROCESS)  # the next night
    process_pending(db_url, settings=ONE_PROCESS)  # and the one after
    stored = _scalar(db_url, "SELECT count(*) FROM articles")
    assert stored == len(normal) + 1
    assert _scalar(db_url, "SELECT count(*) FROM articles WHERE processed_version IS NULL") == 0
    assert _scalar(db_url, "SELECT count(*) FROM article_dedup") == stored


def test_a_feed_with_a_6kb_link_stores_its_other_articles(db_url: str, caplog: pytest.LogCaptureFixture) -> None:
    prepare_database(db_url)
    caplog.set_level(logging.WARNING)
    with serve() as server:
        links = ["/ok", "/" + incompressible(6000, 3)]
        items = "".join(f"<item><title>t{i}</title><link>{server.url(link)}</link></item>"
                        for i, link in enumerate(links))
        server.routes["/feed"] = [Reply(200, f'<rss version="2.0"><channel><title>f</title>{items}</channel></rss>'
                                        .encode(), {"Content-Type": "application/rss+xml"})]
        for link in links:
            server.routes[link] = [Reply(200, page("خبر", GOOD_PARAGRAPHS), {"Content-Type": "text/html"})]
        with db.connection(db_url) as conn, transaction(conn):
            upsert_sources(conn, [{"key": "long", "name": "Long", "feed_url": server.url("/feed"),
                                   "homepage": None, "country": None, "active": True}])
        with db.connection(db_url) as conn, HttpClient(fast_settings()) as client:
            result = ingest_source(conn, "long", client)
    tally.hostile()
    assert result.new == 1 and result.rejected == 1
    assert "rejected" in caplog.text and "Long" in caplog.text
    process_pending(db_url, settings=ONE_PROCESS)
    assert _scalar(db_url, "SELECT count(*) FROM articles WHERE processed_version IS NULL") == 0


def test_submit_of_a_6kb_url_is_a_one_line_error(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    prepare_database(db_url)
    assert main(["submit", "--database-url", db_url, LONG_URL]) == 2
    err = capsys.readouterr().err.strip()
    tally.hostile()
    assert "\n" not in err and "longer than" in err
    assert _scalar(db_url, "SELECT count(*) FROM inbox") == 0


@pytest.mark.parametrize("command", ["load", "extract", "dedup"])
def test_unreadable_inputs_give_one_line_errors_and_no_output(
    command: str, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder, and a .gz cut in the middle: rc 2, one line, nothing loaded or written."""
    prepare_database(db_url)
    good = b"".join(json.dumps(a, ensure_ascii=False).encode() + b"\n" for a in synthetic_articles(3000))
    truncated = tmp_path / "cut.jsonl.gz"
    truncated.write_bytes(gzip.compress(good)[: len(gzip.compress(good)) // 2])
    for bad in (tmp_path, truncated):
        out = tmp_path / "out.json"
        args = ["--input", str(bad)]
        args += ["--database-url", db_url] if command == "load" else ["--output", str(out)]
        assert main([command, *args]) == 2, bad
        err = capsys.readouterr().err.strip().splitlines()
        tally.hostile()
        assert len(err) == 1 and str(bad) in err[0], err
        assert not out.exists()
        assert list(tmp_path.glob(".out.json.*")) == []
    assert _scalar(db_url, "SELECT count(*) FROM articles") == 0


def test_extract_and_dedup_treat_bad_lines_the_same_way(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    """Both skip and count each rejected line, naming its number; neither crashes."""
    normal = synthetic_articles(4)
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"\n".join([json.dumps(normal[0]).encode(), b'{"id": "no-text"}', b"{broken",
                                 json.dumps({"id": True, "text": "t"}).encode(),
                                 *(json.dumps(a).encode() for a in normal[1:])]) + b"\n")
    caplog.set_level(logging.WARNING)
    assert main(["extract", "--input", str(path), "--output", str(tmp_path / "claims.jsonl")]) == 0
    extract_err = capsys.readouterr().err
    assert main(["dedup", "--input", str(path), "--output", str(tmp_path / "groups.json")]) == 0
    dedup_out = capsys.readouterr()
    tally.hostile(3)
    assert "3 lines skipped" in extract_err and "3 lines skipped" in dedup_out.out
    for n in (2, 3, 4):
        assert f"line {n}:" in extract_err and f"in.jsonl:{n}:" in caplog.text
    ids = [json.loads(line)["article_id"] for line in (tmp_path / "claims.jsonl").read_text().splitlines()]
    assert ids == [normal[0]["id"], "line-2", "line-3", "line-4", *(a["id"] for a in normal[1:])]


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b'{"feeds": 3}', b"\xff\xfe", None])
def test_corrupt_fetch_state_is_a_one_line_error(
    content: bytes | None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Checked before any request (nothing listens on the feed's port)."""
    state = tmp_path / "state"
    if content is None:
        state.write_text("a file where the folder should be")
    else:
        state.mkdir()
        (state / "fetch_state.json").write_bytes(content)
    rc = main(["fetch", "--feed", "http://127.0.0.1:9/feed", "--output", str(tmp_path / "out.jsonl"),
               "--state", str(state)])
    err = capsys.readouterr().err.strip().splitlines()
    tally.hostile()
    assert rc == 2 and len(err) == 1 and "state" in err[0], err


def test_items_per_feed_cap_leaves_the_overflow_for_the_next_nights_in_order(db_url: str) -> None:
    """A feed of 8 new items with a cap of 3: nights take items 0-2, 3-5, 6-7 (the feed's
    validators are kept while items wait, so it is not answered 304), then the feed is
    not modified."""
    prepare_database(db_url)
    with serve() as server:
        links = [f"/a{i}" for i in range(8)]
        items = "".join(f"<item><title>t{i}</title><link>{server.url(link)}</link></item>"
                        for i, link in enumerate(links))
        body = f'<rss version="2.0"><channel><title>f</title>{items}</channel></rss>'.encode()

        def feed(headers: dict[str, str]) -> Reply:
            if headers.get("if-none-match") == '"v1"':
                return Reply(304, b"", {"ETag": '"v1"'})
            return Reply(200, body, {"Content-Type": "application/rss+xml", "ETag": '"v1"'})

        server.routes["/feed"] = feed
        for i, link in enumerate(links):
            server.routes[link] = [Reply(200, page(f"خبر {i}", GOOD_PARAGRAPHS), {"Content-Type": "text/html"})]
        with db.connection(db_url) as conn, transaction(conn):
            upsert_sources(conn, [{"key": "big", "name": "Big", "feed_url": server.url("/feed"),
                                   "homepage": None, "country": None, "active": True}])
        nights = []
        for _ in range(4):
            with db.connection(db_url) as conn, HttpClient(fast_settings(max_items_per_feed=3)) as client:
                nights.append(ingest_source(conn, "big", client))
        order = [r.path for r in server.requests if r.path.startswith("/a")]
    tally.hostile()
    assert [(n.new, n.deferred) for n in nights[:3]] == [(3, 5), (3, 2), (2, 0)]
    assert nights[3].status == "not_modified"
    # Pages of one night are fetched in parallel: compare each night's set.
    assert [set(order[:3]), set(order[3:6]), set(order[6:])] == [set(links[:3]), set(links[3:6]), set(links[6:])]


def test_a_5000_character_outlet_never_blocks_processing(db_url: str) -> None:
    """It loads (the outlet has no index of its own), and every night after processes."""
    from marsad.pipeline.files import load_records

    prepare_database(db_url)
    with db.connection(db_url) as conn:
        load_records(conn, [LONG_OUTLET, *synthetic_articles(5)])
    tally.hostile()
    process_pending(db_url, settings=ONE_PROCESS)
    with db.connection(db_url) as conn:
        load_records(conn, [dict(LONG_OUTLET, id="long-outlet-2", url="https://news.example/outlet-2")])
    process_pending(db_url, settings=ONE_PROCESS)  # the same outlet's segments again: counted, not re-inserted
    assert _scalar(db_url, "SELECT count(*) FROM articles WHERE processed_version IS NULL") == 0
    assert _scalar(db_url, "SELECT count(*) FROM article_dedup") == 7


def test_an_id_stored_before_under_another_url_is_rejected_alone(db_url: str) -> None:
    from marsad.pipeline.files import load_records

    prepare_database(db_url)
    first, second, third = synthetic_articles(3)
    with db.connection(db_url) as conn:
        load_records(conn, [first])
        totals = load_records(conn, [dict(first, url="https://elsewhere.example/moved"), second, third])
    tally.hostile()
    assert (totals["inserted"], totals["rejected"]) == (2, 1)
    assert _scalar(db_url, "SELECT count(*) FROM articles") == 3
