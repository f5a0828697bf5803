"""Security: SQL metacharacters stored literally on every text path, no credentials in
logs, and a fetcher that only goes to public http(s) hosts, whatever a feed says."""

from __future__ import annotations

import ipaddress
import logging
import subprocess
import sys
from urllib.parse import quote

import psycopg2
import pytest

from marsad.fetch import HttpClient, RefusedURL, safety
from marsad.pipeline.breaking import submit_urls
from marsad.pipeline.files import load_records
from marsad.pipeline.ingest import ingest_source
from marsad.pipeline.run import process_pending
from marsad.pipeline.setup import prepare_database
from marsad.pipeline.transaction import transaction
from marsad.settings import FetchSettings
from marsad.store import db
from marsad.store.sources import upsert_sources
from support import reliability_tally as tally
from support.fetch_server import Reply, fast_settings, serve
from support.hostile_inputs import GOOD_PARAGRAPHS, INJECTION, page, subprocess_env

pytestmark = pytest.mark.reliability

PASSWORD = "Zq7-never-log-me"


def _tables(conn) -> set[str]:
    with conn.cursor() as cur:
        cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        names = {t for (t,) in cur.fetchall()}
    conn.commit()
    return names


def test_injection_string_is_stored_literally_on_every_path(db_url: str) -> None:
    prepare_database(db_url)
    with db.connection(db_url) as conn:
        tables = _tables(conn)
        item = {
            "id": INJECTION,
            "url": "https://news.example/" + quote(INJECTION, safe="") + "?q=" + quote(INJECTION),
            "source_outlet": INJECTION,
            "title": INJECTION,
            "text": f"{INJECTION} {GOOD_PARAGRAPHS[0]} {INJECTION}",
            "published": INJECTION,  # an unparseable date as well
        }
        load_records(conn, [item])
        upsert_sources(conn, [{"key": INJECTION, "name": INJECTION, "feed_url": "https://x.example/" + INJECTION,
                               "homepage": INJECTION, "country": None, "active": False}])
        queued = submit_urls(conn, ["https://news.example/" + INJECTION])
        tally.hostile(8)
    process_pending(db_url)
    with db.connection(db_url) as conn:
        assert _tables(conn) == tables
        with conn.cursor() as cur:
            cur.execute("SELECT ext_id, outlet, title, text, url, published_at FROM articles")
            ((ext_id, outlet, title, text, url, published),) = cur.fetchall()
            cur.execute("SELECT name, feed_url, homepage FROM sources WHERE key = %s", (INJECTION,))
            source = cur.fetchone()
            cur.execute("SELECT url FROM inbox")
            inbox = [u for (u,) in cur.fetchall()]
        conn.commit()
    assert (ext_id, outlet, title) == (INJECTION, INJECTION, INJECTION)
    assert text.startswith(INJECTION) and text.endswith(INJECTION) and published is None
    assert quote(INJECTION, safe="") in url
    assert source == (INJECTION, "https://x.example/" + INJECTION, INJECTION)
    assert inbox == ["https://news.example/" + INJECTION] and queued


def test_no_password_in_log_output(db_url: str, caplog: pytest.LogCaptureFixture) -> None:
    """The server trusts loopback, so a URL with a password connects: every log line of a
    whole run (set-up, load, process) and of the CLI is searched for the password."""
    with_password = db_url.replace("postgresql://postgres@", f"postgresql://postgres:{PASSWORD}@", 1)
    assert PASSWORD in with_password
    caplog.set_level(logging.DEBUG)
    prepare_database(with_password)
    with db.connection(with_password) as conn:
        load_records(conn, [{"id": "1", "title": "t", "text": GOOD_PARAGRAPHS[0]}])
    process_pending(with_password)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "ready" in logged and PASSWORD not in logged
    tally.hostile()

    # The CLI logs the URL it set up; the error of an unreachable server must not carry it.
    run = subprocess.run([sys.executable, "-m", "marsad", "-v", "setup", "--database-url", with_password],
                         env=subprocess_env(with_password), capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "ready" in run.stderr and PASSWORD not in run.stdout + run.stderr
    unreachable = db.url_from_fields(host="127.0.0.1", port=1, user="postgres", password=PASSWORD, dbname="x")
    with pytest.raises(psycopg2.OperationalError) as failed:
        db.connect(unreachable)
    assert PASSWORD not in str(failed.value) and PASSWORD not in repr(failed.value)
    tally.hostile(2)
    for dsn in (with_password, db_url + ("&" if "?" in db_url else "?") + f"password={PASSWORD}",
                f"host=127.0.0.1 password={PASSWORD} dbname=x", f"host=127.0.0.1 password='{PASSWORD} x' dbname=x"):
        assert PASSWORD not in db.redact(dsn)


def test_fetcher_refuses_private_hosts_by_default_and_other_schemes_always(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MARSAD_ALLOW_PRIVATE_HOSTS", raising=False)
    assert FetchSettings().allow_private_hosts is False
    with serve() as server:
        server.routes["/x"] = [Reply(200, b"secret", {"Content-Type": "text/plain"})]
        with HttpClient(fast_settings(allow_private_hosts=False)) as client:
            for url in (server.url("/x"), server.url("/x").replace("127.0.0.1", "localhost"),
                        "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://[::1]/",
                        "http://0.0.0.0/"):
                with pytest.raises(RefusedURL):
                    client.get(url)
                tally.hostile()
        with HttpClient(fast_settings(allow_private_hosts=True)) as client:
            for url in ("file:///etc/passwd", "ftp://example.org/x", "gopher://127.0.0.1:70/", "data:text/html,hi",
                        "javascript:alert(1)", "//127.0.0.1/x"):
                with pytest.raises(RefusedURL):
                    client.get(url)
                tally.hostile()
        assert server.hits("/x") == []
        monkeypatch.setenv("MARSAD_ALLOW_PRIVATE_HOSTS", "1")
        with HttpClient(FetchSettings()) as client:
            assert client.get(server.url("/x")).content == b"secret"


def test_feed_links_and_redirects_to_private_hosts_are_refused_and_logged(
    db_url: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Only 127.0.0.1 plays a public host here (the test server); every other private
    address keeps its real classification, so the checks are the production ones."""
    monkeypatch.delenv("MARSAD_ALLOW_PRIVATE_HOSTS", raising=False)
    real = safety._is_public
    monkeypatch.setattr(safety, "_is_public", lambda ip: ip == ipaddress.ip_address("127.0.0.1") or real(ip))
    prepare_database(db_url)
    caplog.set_level(logging.WARNING, logger="marsad")
    with serve() as server:
        port = server.server_address[1]
        bad_links = ["file:///etc/passwd", f"http://127.0.0.2:{port}/secret", "http://169.254.169.254/latest/",
                     "http://10.1.2.3/internal", f"http://[::1]:{port}/secret", f"gopher://127.0.0.1:{port}/x"]
        links = ["/ok", "/redirect", "/redirect-file", *bad_links]
        items = "".join(f"<item><title>t{i}</title><link>{link}</link><description>d</description></item>"
                        for i, link in enumerate(links))
        server.routes["/feed"] = [Reply(200, f'<rss version="2.0"><channel><title>f</title>{items}</channel></rss>'
                                        .encode(), {"Content-Type": "application/rss+xml"})]
        server.routes["/ok"] = [Reply(200, page("خبر", GOOD_PARAGRAPHS), {"Content-Type": "text/html"})]
        server.routes["/redirect"] = [Reply(302, b"", {"Location": f"http://127.0.0.2:{port}/secret"})]
        server.routes["/redirect-file"] = [Reply(301, b"", {"Location": "file:///etc/passwd"})]
        with db.connection(db_url) as conn, transaction(conn):
            upsert_sources(conn, [{"key": "ssrf", "name": "SSRF", "feed_url": server.url("/feed"),
                                   "homepage": None, "country": None, "active": True}])
        with db.connection(db_url) as conn, HttpClient(fast_settings(allow_private_hosts=False)) as client:
            assert client.settings.allow_private_hosts is False
            result = ingest_source(conn, "ssrf", client)
        tally.hostile(len(links) - 1)
        assert server.hits("/secret") == []
    assert result.new == 1 and result.errors == len(links) - 1
    warnings = [r.getMessage() for r in caplog.records]
    for link in ["/redirect", "/redirect-file", *bad_links]:
        url = server.url(link) if link.startswith("/") else link.replace("file:///", "file://")  # as feedparser has it
        assert any("source ssrf:" in m and url in m for m in warnings), (url, warnings)
    assert any("non-public address 127.0.0.2" in m for m in warnings)
    with db.connection(db_url) as conn, conn.cursor() as cur:
        cur.execute("SELECT canonical_url FROM articles")
        assert [u for (u,) in cur.fetchall()] == [server.url("/ok")]
