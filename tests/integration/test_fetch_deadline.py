"""Every fetch ends by its wall-clock deadline, however slowly a server sends, and every
URL by its time budget, Retry-After included.

The drip server is a real socket server on loopback that sends one byte a second: in the
status line, or in the body after prompt headers. A read timeout of 2 s never fires on it
(a byte comes every second), so only the deadline can stop the exchange.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from marsad.fetch import FetchError, HttpClient
from support import reliability_tally as tally
from support.fetch_server import Reply, ScriptedServer, fast_settings

DEADLINE = 3.0


def _drip(conn: socket.socket, mode: str, stop: threading.Event) -> None:
    try:
        conn.recv(65536)
        if mode == "status":
            head, body = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", b""
        else:
            head, body = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000\r\n\r\n", b"x" * 1000
            conn.sendall(head)
            head = b""
        for byte in (head or body):
            if stop.wait(1.0):
                return
            conn.sendall(bytes([byte]))
    except OSError:
        pass
    finally:
        conn.close()


@contextmanager
def drip_server(mode: str) -> Iterator[str]:
    """A loopback server dripping its ``mode`` ("status" line or "body") at 1 byte/s."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=_drip, args=(conn, mode, stop), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/slow"
    finally:
        stop.set()
        listener.close()


@pytest.mark.parametrize("mode", ["status", "body"])
def test_slow_drip_fails_within_the_deadline_plus_a_second(mode: str) -> None:
    settings = fast_settings(read_timeout=2.0, total_timeout=DEADLINE, retries=0)
    with drip_server(mode) as url, HttpClient(settings) as client:
        started = time.monotonic()
        with pytest.raises(FetchError, match="timeout"):
            client.get(url, obey_robots=False)
        elapsed = time.monotonic() - started
    tally.fault()
    assert elapsed < DEADLINE + 1.0, f"{mode} drip held the fetch {elapsed:.1f}s"


def test_retry_after_is_honoured_only_within_the_url_budget(server: ScriptedServer) -> None:
    """Three 503s each asking for 1 s: with a 1.5 s budget one wait is made, not three,
    and the last answer is returned as it is."""
    server.routes["/busy"] = [Reply(503, b"", {"Retry-After": "1"})]
    settings = fast_settings(retries=3, backoff_max=5.0, url_budget=1.5)
    with HttpClient(settings) as client:
        started = time.monotonic()
        response = client.get(server.url("/busy"), obey_robots=False)
        elapsed = time.monotonic() - started
    tally.fault()
    assert response.status == 503
    assert len(server.hits("/busy")) == 2
    assert elapsed < 1.5 + 0.5
