"""A real, scripted HTTP server on loopback for the fetch tests and the fetch bench.

Each path maps to a list of replies served in turn (the last one repeats) or to a
function of the request headers. Every request is recorded, so tests can assert what
the client actually sent (validators, User-Agent) and how often (robots.txt once).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from marsad.settings import FetchSettings


@dataclass
class Reply:
    """One scripted response. ``stall`` sleeps after the headers, before the body."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    stall: float = 0.0


Route = list[Reply] | Callable[[dict[str, str]], Reply]


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]
    at: float


class ScriptedServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, host: str, latency: float = 0.0) -> None:
        super().__init__((host, 0), _Handler)
        self.routes: dict[str, Route] = {}
        self.requests: list[Recorded] = []
        self.latency = latency
        self.lock = threading.Lock()
        self.in_flight = 0
        self.max_in_flight = 0

    def handle_error(self, request: object, client_address: object) -> None:
        """Clients closing keep-alive connections at shutdown are not errors worth printing."""

    @property
    def base(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> list[Recorded]:
        with self.lock:
            return [r for r in self.requests if r.path == path]

    def _next(self, path: str, headers: dict[str, str]) -> Reply:
        with self.lock:
            route = self.routes.get(path)
            if route is None:
                return Reply(404, b"not found")
            if callable(route):
                return route(headers)
            return route.pop(0) if len(route) > 1 else route[0]


class _Handler(BaseHTTPRequestHandler):
    server: ScriptedServer
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are separate writes

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        headers = {k.lower(): v for k, v in self.headers.items()}
        srv = self.server
        with srv.lock:
            srv.requests.append(Recorded(self.path, headers, time.monotonic()))
            srv.in_flight += 1
            srv.max_in_flight = max(srv.max_in_flight, srv.in_flight)
        counted = True
        try:
            reply = srv._next(self.path, headers)
            time.sleep(srv.latency + reply.delay)
            self.send_response(reply.status)
            sent = {k.lower() for k in reply.headers}
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if "content-length" not in sent:
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            if reply.stall:
                self.wfile.flush()
                time.sleep(reply.stall)
            # Done before the last write: once the client has the body it may send its
            # next request before this thread runs again, which is not two in flight.
            with srv.lock:
                srv.in_flight -= 1
                counted = False
            self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            if counted:
                with srv.lock:
                    srv.in_flight -= 1


@contextmanager
def serve(host: str = "127.0.0.1", latency: float = 0.0) -> Iterator[ScriptedServer]:
    """Run a ScriptedServer in a background thread for the duration of the block."""
    server = ScriptedServer(host, latency)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def fast_settings(**overrides: object) -> FetchSettings:
    """Small timeouts and backoffs so failure paths take milliseconds, not minutes."""
    values: dict[str, object] = dict(
        user_agent="marsad-test/1.0 (+https://example.org)",
        connect_timeout=1.0,
        read_timeout=0.4,
        max_body_bytes=200_000,
        max_redirects=3,
        retries=2,
        backoff_base=0.01,
        backoff_max=1.0,
        per_host_delay=0.0,
        per_host_concurrency=4,
        allow_private_hosts=True,
        total_timeout=5.0,
    )
    values.update(overrides)
    return FetchSettings(**values)  # type: ignore[arg-type]


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[ScriptedServer]:
    """A scripted loopback server; private hosts allowed, as in local trials."""
    monkeypatch.setenv("MARSAD_ALLOW_PRIVATE_HOSTS", "1")
    with serve() as srv:
        yield srv
