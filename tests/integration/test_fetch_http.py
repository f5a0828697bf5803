"""HttpClient against a real loopback server: redirects, retries, limits, robots, safety."""

from __future__ import annotations

import gzip
import socket
import threading
import time

import pytest

from marsad.fetch import BodyTooLarge, FetchError, HttpClient, RefusedURL, RobotsDisallowed, TooManyRedirects
from marsad.settings import FetchSettings
from support.fetch_server import Reply, ScriptedServer, fast_settings


def test_plain_200_sends_user_agent_and_keeps_headers(server: ScriptedServer) -> None:
    server.routes["/a"] = [Reply(200, b"hello", {"Content-Type": "text/plain", "ETag": '"v1"', "X-Junk": "1"})]
    with HttpClient(fast_settings()) as client:
        response = client.get(server.url("/a"))
    assert response.status == 200 and response.content == b"hello"
    assert response.headers["etag"] == '"v1"' and "x-junk" not in response.headers
    assert response.fetched_at.tzinfo is not None
    assert server.hits("/a")[0].headers["user-agent"].startswith("marsad-test/1.0")


def test_redirect_chain_is_followed_and_recorded(server: ScriptedServer) -> None:
    server.routes["/r1"] = [Reply(301, headers={"Location": "/r2"})]
    server.routes["/r2"] = [Reply(302, headers={"Location": server.url("/final")})]
    server.routes["/final"] = [Reply(200, b"done")]
    with HttpClient(fast_settings()) as client:
        response = client.get(server.url("/r1"))
    assert response.final_url == server.url("/final")
    assert response.redirects == (server.url("/r1"), server.url("/r2"))
    assert response.content == b"done"


def test_redirect_loop_and_too_many_redirects(server: ScriptedServer) -> None:
    server.routes["/loop1"] = [Reply(302, headers={"Location": "/loop2"})]
    server.routes["/loop2"] = [Reply(302, headers={"Location": "/loop1"})]
    for i in range(6):
        server.routes[f"/c{i}"] = [Reply(302, headers={"Location": f"/c{i + 1}"})]
    with HttpClient(fast_settings(max_redirects=3)) as client:
        with pytest.raises(TooManyRedirects, match="loop"):
            client.get(server.url("/loop1"))
        with pytest.raises(TooManyRedirects, match="more than 3"):
            client.get(server.url("/c0"))
    assert len(server.hits("/c4")) == 0


def test_404_is_returned_not_retried(server: ScriptedServer) -> None:
    with HttpClient(fast_settings()) as client:
        assert client.get(server.url("/missing")).status == 404
    assert len(server.hits("/missing")) == 1


def test_429_honours_retry_after_then_succeeds(server: ScriptedServer) -> None:
    server.routes["/busy"] = [Reply(429, headers={"Retry-After": "1"}), Reply(200, b"ok")]
    with HttpClient(fast_settings(backoff_max=2.0)) as client:
        response = client.get(server.url("/busy"))
    hits = server.hits("/busy")
    assert response.status == 200 and len(hits) == 2
    assert hits[1].at - hits[0].at >= 0.95


def test_retry_after_beyond_cap_gives_up(server: ScriptedServer) -> None:
    server.routes["/later"] = [Reply(503, headers={"Retry-After": "3600"}), Reply(200, b"ok")]
    with HttpClient(fast_settings()) as client:
        assert client.get(server.url("/later")).status == 503
    assert len(server.hits("/later")) == 1


def test_500_then_200_is_retried(server: ScriptedServer) -> None:
    server.routes["/flaky"] = [Reply(500), Reply(502), Reply(200, b"fine")]
    with HttpClient(fast_settings(retries=2)) as client:
        assert client.get(server.url("/flaky")).content == b"fine"
    assert len(server.hits("/flaky")) == 3


def test_500_after_all_retries_is_returned(server: ScriptedServer) -> None:
    server.routes["/down"] = [Reply(500)]
    with HttpClient(fast_settings(retries=1)) as client:
        assert client.get(server.url("/down")).status == 500
    assert len(server.hits("/down")) == 2


def test_stalled_read_times_out_quickly(server: ScriptedServer) -> None:
    server.routes["/stall"] = [Reply(200, b"late", stall=2.0)]
    started = time.monotonic()
    with HttpClient(fast_settings(read_timeout=0.3)) as client, pytest.raises(FetchError, match="timeout"):
        client.get(server.url("/stall"))
    assert time.monotonic() - started < 1.5


def test_body_over_cap_is_refused(server: ScriptedServer) -> None:
    server.routes["/big"] = [Reply(200, b"x" * 300_000)]
    server.routes["/big-unsized"] = [Reply(200, b"x" * 300_000, headers={"Content-Length": ""})]
    with HttpClient(fast_settings(max_body_bytes=100_000)) as client, pytest.raises(BodyTooLarge):
        client.get(server.url("/big"))


def test_gzip_is_decoded_and_gzip_bomb_stops_at_cap(server: ScriptedServer) -> None:
    text = "مرحبا بالعالم ".encode() * 100
    server.routes["/gz"] = [Reply(200, gzip.compress(text), {"Content-Encoding": "gzip"})]
    server.routes["/bomb"] = [Reply(200, gzip.compress(b"\0" * 5_000_000), {"Content-Encoding": "gzip"})]
    with HttpClient(fast_settings(max_body_bytes=100_000)) as client:
        assert client.get(server.url("/gz")).content == text
        with pytest.raises(BodyTooLarge):
            client.get(server.url("/bomb"))
    assert "gzip" in server.hits("/gz")[0].headers["accept-encoding"]


def test_robots_disallow_is_obeyed_and_fetched_once(server: ScriptedServer) -> None:
    server.routes["/robots.txt"] = [Reply(200, b"User-agent: *\nDisallow: /private/\n")]
    server.routes["/private/x"] = [Reply(200, b"secret")]
    server.routes["/public"] = [Reply(200, b"ok")]
    with HttpClient(fast_settings()) as client:
        with pytest.raises(RobotsDisallowed):
            client.get(server.url("/private/x"))
        assert client.get(server.url("/public")).status == 200
        assert client.get(server.url("/public")).status == 200
    assert server.hits("/private/x") == []
    assert len(server.hits("/robots.txt")) == 1


def test_robots_group_for_our_agent_and_5xx_means_stay_out(server: ScriptedServer) -> None:
    server.routes["/robots.txt"] = [Reply(200, b"User-agent: marsad-test\nDisallow: /\n\nUser-agent: *\nAllow: /\n")]
    with HttpClient(fast_settings()) as client, pytest.raises(RobotsDisallowed):
        client.get(server.url("/anything"))
    server.routes["/robots.txt"] = [Reply(503)]
    with HttpClient(fast_settings(retries=0)) as client, pytest.raises(RobotsDisallowed, match="503"):
        client.get(server.url("/anything"))
    assert server.hits("/anything") == []


def test_crawl_delay_spaces_requests(server: ScriptedServer) -> None:
    server.routes["/robots.txt"] = [Reply(200, b"User-agent: *\nCrawl-delay: 0.3\n")]
    server.routes["/p"] = [Reply(200, b"ok")]
    with HttpClient(fast_settings()) as client:
        for _ in range(3):
            client.get(server.url("/p"))
    times = [hit.at for hit in server.hits("/p")]
    assert times[2] - times[0] >= 0.55


def test_per_host_concurrency_limit(server: ScriptedServer) -> None:
    server.routes["/slow"] = [Reply(200, b"ok", delay=0.15)]
    with HttpClient(fast_settings(per_host_concurrency=2)) as client:
        threads = [threading.Thread(target=client.get, args=(server.url("/slow"),)) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert len(server.hits("/slow")) == 6
    assert server.max_in_flight == 2


def test_non_http_schemes_refused() -> None:
    with HttpClient(fast_settings()) as client:
        for url in ("file:///etc/passwd", "ftp://example.org/x", "gopher://x", "javascript:alert(1)"):
            with pytest.raises(RefusedURL, match="scheme"):
                client.get(url)


def test_loopback_refused_without_env(server: ScriptedServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MARSAD_ALLOW_PRIVATE_HOSTS")
    assert FetchSettings().allow_private_hosts is False
    with HttpClient(FetchSettings(retries=0)) as client:
        for url in (server.url("/a"), "http://localhost:9/", "http://169.254.169.254/latest/meta-data/",
                    "http://10.1.2.3/", "http://[::1]/", "http://0.0.0.0/"):
            with pytest.raises(RefusedURL):
                client.get(url)
    assert server.requests == []


def test_redirect_to_private_host_refused(server: ScriptedServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first hop passes the public check (127.0.0.1 plays a public address); the hop
    to localhost (::1 here, or 127.0.0.1 under another name) must be refused before any
    request is sent."""
    import ipaddress

    from marsad.fetch import safety

    real = safety.resolve
    real_public = safety._is_public

    def fake_resolve(host: str, port: int) -> list[str]:
        return ["::1"] if host == "localhost" else real(host, port)

    monkeypatch.setattr(safety, "resolve", fake_resolve)
    monkeypatch.setattr(safety, "_is_public", lambda ip: ip == ipaddress.ip_address("127.0.0.1") or real_public(ip))
    port = server.server_address[1]
    server.routes["/go"] = [Reply(302, headers={"Location": f"http://localhost:{port}/secret"})]
    server.routes["/meta"] = [Reply(302, headers={"Location": "http://169.254.169.254/latest/"})]
    server.routes["/secret"] = [Reply(200, b"secret")]
    with HttpClient(fast_settings(allow_private_hosts=False)) as client:
        with pytest.raises(RefusedURL, match="non-public"):
            client.get(server.url("/go"))
        with pytest.raises(RefusedURL, match=r"169\.254"):
            client.get(server.url("/meta"))
    assert len(server.hits("/go")) == 1 and server.hits("/secret") == []


def test_connection_refused_is_retried_then_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    with HttpClient(fast_settings(retries=2)) as client, pytest.raises(FetchError, match="after 3 attempts"):
        client.get(f"http://127.0.0.1:{port}/x")
