"""fetch_source and `marsad fetch` end to end against a real loopback server."""

from __future__ import annotations

import argparse
import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from marsad.fetch import FeedState, HttpClient, canonicalize_url, fetch_source
from support.fetch_server import Reply, ScriptedServer, fast_settings


def _load_fetch_cmd() -> ModuleType:
    """marsad.cli.fetch_cmd without the package __init__, which imports every other
    subcommand (and their heavy dependencies); fetch_cmd itself only needs marsad.fetch."""
    path = Path(__file__).resolve().parents[2] / "plugins" / "marsad" / "cli" / "fetch_cmd.py"
    spec = importlib.util.spec_from_file_location("marsad_fetch_cmd_under_test", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fetch_cmd = _load_fetch_cmd()

BODY = [
    "قال وزير الخارجية العماني، في مؤتمر صحفي عقده في مسقط، إن المحادثات بين الوفدين تناولت أمن الملاحة.",
    "وأضاف الوزير أن الجولة المقبلة من المحادثات ستعقد الشهر المقبل، بمشاركة ممثلين عن الأمم المتحدة.",
    "وكانت الجولة الأولى قد انتهت من دون اتفاق، وفق ما أفادت مصادر دبلوماسية مطلعة على سير المفاوضات.",
]


def article_html(title: str, body: list[str] = BODY) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in body)
    return f"""<!doctype html><html lang="ar"><head><meta charset="utf-8"><title>{title} - الموقع</title>
<meta property="article:published_time" content="2024-01-10T15:00:00+03:00">
<link rel="canonical" href="/news/canon"></head><body>
<nav><a href="/">الرئيسية</a> <a href="/world">العالم</a></nav>
<article><h1>{title}</h1><div class="share-bar"><a href="#">فيسبوك</a> شارك</div>
<div class="article-body">{paragraphs}</div>
<div class="related"><h3>اقرأ أيضا</h3><ul><li><a href="/x">خبر آخر طويل العنوان عن موضوع آخر</a></li></ul></div>
</article><div id="comments"><h3>التعليقات</h3><p>تعليق قارئ غاضب جدا على هذا الخبر المنشور اليوم</p></div>
<footer>جميع الحقوق محفوظة</footer></body></html>""".encode()


def rss(items: list[tuple[str, str, str]], encoding: str = "utf-8") -> bytes:
    body = "".join(
        f"<item><title>{t}</title><link>{link}</link><description>{d}</description>"
        "<pubDate>Wed, 10 Jan 2024 12:00:00 GMT</pubDate></item>"
        for t, link, d in items
    )
    decl = f'<?xml version="1.0" encoding="{encoding}"?>' if encoding else '<?xml version="1.0"?>'
    return f'{decl}<rss version="2.0"><channel><title>f</title>{body}</channel></rss>'.encode(encoding or "cp1256")


def test_feed_articles_extracted_with_metadata(server: ScriptedServer) -> None:
    server.routes["/feed"] = [Reply(200, rss([("خبر", "/a1?utm_source=rss", "ملخص")]),
                                    {"Content-Type": "application/rss+xml", "ETag": '"e1"',
                                     "Last-Modified": "Wed, 10 Jan 2024 12:00:00 GMT"})]
    server.routes["/a1?utm_source=rss"] = [Reply(200, article_html("محادثات مسقط"),
                                                 {"Content-Type": "text/html; charset=utf-8"})]
    with HttpClient(fast_settings()) as client:
        result = fetch_source(client, server.url("/feed"), None)
    assert result.status == "ok" and result.http_status == 200 and result.error is None
    assert result.state == FeedState('"e1"', "Wed, 10 Jan 2024 12:00:00 GMT")
    assert result.counts == {"items": 1, "fetched": 1, "known": 0, "skipped": 0, "errors": 0, "deferred": 0}
    (article,) = result.articles
    assert article.canonical_url == server.url("/a1")
    assert article.text == "\n\n".join(BODY)
    assert article.text_origin == "page" and article.title == "خبر"
    assert article.published_at is not None and article.published_at.isoformat() == "2024-01-10T12:00:00+00:00"
    assert article.raw.startswith(b"<!doctype html>") and article.http_status == 200
    assert article.content_type == "text/html; charset=utf-8"
    assert article.final_url == server.url("/a1?utm_source=rss")
    assert article.fetched_at.tzinfo is not None


def test_conditional_get_304_fetches_nothing_else(server: ScriptedServer) -> None:
    def feed(headers: dict[str, str]) -> Reply:
        if headers.get("if-none-match") == '"e1"':
            return Reply(304, headers={"ETag": '"e1"'})
        return Reply(200, rss([("خبر", "/a1", "ملخص")]), {"ETag": '"e1"'})

    server.routes["/feed"] = feed
    server.routes["/a1"] = [Reply(200, article_html("x"))]
    with HttpClient(fast_settings()) as client:
        first = fetch_source(client, server.url("/feed"), None)
        second = fetch_source(client, server.url("/feed"), first.state)
    assert first.status == "ok" and second.status == "not_modified" and second.http_status == 304
    assert second.articles == [] and second.state.etag == '"e1"'
    assert len(server.hits("/a1")) == 1
    assert server.hits("/feed")[1].headers["if-none-match"] == '"e1"'


def test_known_robots_errors_fallback_and_limits(server: ScriptedServer) -> None:
    server.routes["/robots.txt"] = [Reply(200, b"User-agent: *\nDisallow: /private/\n")]
    items = [
        ("معروف", "/known", "قديم"),
        ("ممنوع", "/private/p", "ممنوع"),
        ("مفقود", "/gone", "مفقود"),
        ("بلا نص", "/empty", "وصف الخبر من الخلاصة، وهو نص كاف ليكون بديلا عن الصفحة"),
        ("ثنائي", "/binary", "وصف الملف"),
        ("مكرر", "/empty#frag", "نفس الرابط"),
        ("محلي", "file:///etc/passwd", "ملف"),
    ]
    server.routes["/feed"] = [Reply(200, rss(items))]
    server.routes["/gone"] = [Reply(404)]
    server.routes["/empty"] = [Reply(200, b"<html><body><div><a href='/'>home</a></div></body></html>")]
    server.routes["/binary"] = [Reply(200, bytes(range(256)) * 50, {"Content-Type": "text/html"})]
    known = {canonicalize_url(server.url("/known"))}
    with HttpClient(fast_settings()) as client:
        result = fetch_source(client, server.url("/feed"), None, known=known.intersection)
    assert result.status == "ok"
    assert result.counts == {"items": 7, "fetched": 2, "known": 1, "skipped": 1, "errors": 2, "deferred": 0}
    assert result.skipped[0][0] == server.url("/private/p") and server.hits("/private/p") == []
    assert sorted(url.split(":")[0] + ("/gone" if "gone" in url else "") for url, _ in result.errors) == [
        "file", "http/gone"]
    assert any("scheme not allowed" in message for _, message in result.errors)
    by_url = {a.url: a for a in result.articles}
    empty = by_url[server.url("/empty")]
    assert empty.text_origin == "feed" and empty.text.startswith("وصف الخبر من الخلاصة")
    assert by_url[server.url("/binary")].text_origin == "feed"
    assert server.hits("/known") == []

    with HttpClient(fast_settings()) as client:
        limited = fetch_source(client, server.url("/feed"), None, max_articles=1)
    assert limited.counts["items"] == 7 and limited.counts["fetched"] + limited.counts["errors"] \
        + limited.counts["skipped"] == 1


def test_feed_level_failures_are_reported_not_raised(server: ScriptedServer) -> None:
    server.routes["/down"] = [Reply(500)]
    server.routes["/html"] = [Reply(200, b"<html><body><p>not a feed</p></body></html>")]
    with HttpClient(fast_settings(retries=1)) as client:
        down = fetch_source(client, server.url("/down"), FeedState("e", None))
        html = fetch_source(client, server.url("/html"), None)
        refused = fetch_source(client, "file:///etc/passwd", None)
        dns = fetch_source(client, "http://no-such-host.invalid/feed", None)
    assert (down.status, down.http_status, down.state) == ("error", 500, FeedState("e", None))
    assert "500" in (down.error or "")
    assert html.status == "error" and "not a feed" in (html.error or "")
    assert refused.status == "error" and "scheme" in (refused.error or "")
    assert dns.status == "error" and "cannot reach http://no-such-host.invalid" in (dns.error or "")


def test_bozo_feed_and_undeclared_cp1256_feed_and_page(server: ScriptedServer) -> None:
    page = article_html("عنوان").decode().replace('<meta charset="utf-8">', "").encode("cp1256")
    server.routes["/feed"] = [Reply(200, rss([("عنوان", "/p", "ملخص")], encoding="")[:-len("</channel></rss>")])]
    server.routes["/p"] = [Reply(200, page, {"Content-Type": "text/html"})]
    with HttpClient(fast_settings()) as client:
        result = fetch_source(client, server.url("/feed"), None)
    assert result.status == "ok" and result.error and "malformed" in result.error
    (article,) = result.articles
    assert article.title == "عنوان" and article.text == "\n\n".join(BODY)


def test_entry_link_to_private_host_is_refused(server: ScriptedServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """127.0.0.1 plays a public host; localhost (faked to ::1) is refused."""
    import ipaddress

    from marsad.fetch import safety

    real, real_public = safety.resolve, safety._is_public
    monkeypatch.setattr(safety, "resolve", lambda h, p: ["::1"] if h == "localhost" else real(h, p))
    monkeypatch.setattr(safety, "_is_public", lambda ip: ip == ipaddress.ip_address("127.0.0.1") or real_public(ip))
    port = server.server_address[1]
    server.routes["/feed"] = [Reply(200, rss([("x", f"http://localhost:{port}/internal", "d")]))]
    with HttpClient(fast_settings(allow_private_hosts=False)) as client:
        result = fetch_source(client, server.url("/feed"), None)
    assert result.counts["errors"] == 1 and "non-public" in result.errors[0][1]
    assert server.hits("/internal") == []


def _cli_args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="marsad")
    fetch_cmd.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["fetch", *argv])
    args.settings = fast_settings()
    return args


def test_cli_writes_extract_input_and_is_incremental(server: ScriptedServer, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    def feed(headers: dict[str, str]) -> Reply:
        items = [("أول", "/a1", "د"), ("ثان", "/a2", "د")]
        if headers.get("if-none-match") == '"v1"':
            return Reply(304, headers={"ETag": '"v1"'})
        if headers.get("if-none-match") == "forced-miss":
            items.append(("ثالث", "/a3", "د"))
        return Reply(200, rss(items), {"ETag": '"v1"'})

    server.routes["/feed"] = feed
    for name in ("a1", "a2", "a3"):
        server.routes[f"/{name}"] = [Reply(200, article_html(name))]
    out, state = tmp_path / "articles.jsonl", tmp_path / "state"

    assert fetch_cmd.run(_cli_args("--feed", server.url("/feed"), "--output", str(out), "--state", str(state))) == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["title"] for r in lines] == ["أول", "ثان"]
    assert set(lines[0]) == {"id", "title", "text", "published", "source_outlet", "url"}
    assert lines[0]["source_outlet"] == "127.0.0.1" and lines[0]["text"] == "\n\n".join(BODY)
    summary = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert (summary["status"], summary["items"], summary["fetched"], summary["errors"]) == ("ok", 2, 2, 0)

    assert fetch_cmd.run(_cli_args("--feed", server.url("/feed"), "--output", str(out), "--state", str(state))) == 0
    assert json.loads(capsys.readouterr().err.strip())["status"] == "not_modified"
    assert out.read_text() == ""

    saved = json.loads((state / fetch_cmd.STATE_FILE).read_text())
    saved["feeds"][server.url("/feed")]["etag"] = "forced-miss"
    (state / fetch_cmd.STATE_FILE).write_text(json.dumps(saved))
    assert fetch_cmd.run(_cli_args("--feed", server.url("/feed"), "--output", str(out), "--state", str(state))) == 0
    assert [json.loads(line)["title"] for line in out.read_text().splitlines()] == ["ثالث"]
    assert json.loads(capsys.readouterr().err.strip())["known"] == 2
    assert len(server.hits("/a1")) == 1


def test_cli_exit_codes(server: ScriptedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    server.routes["/bad"] = [Reply(404)]
    out = str(tmp_path / "o.jsonl")
    assert fetch_cmd.run(_cli_args("--feed", server.url("/bad"), "--output", out)) == 1
    assert json.loads(capsys.readouterr().err.strip())["status"] == "error"
    assert fetch_cmd.run(_cli_args("--feed", "ftp://x/feed", "--output", out)) == 2
    assert fetch_cmd.run(_cli_args("--feed", server.url("/bad"), "--output", str(tmp_path / "no" / "o.jsonl"))) == 2
    with pytest.raises(SystemExit) as exc:
        _cli_args("--output", out)
    assert exc.value.code == 2
