"""A loopback HTTP server for the bundled sample feeds and pages.

The demo and the tests go through the real fetcher (conditional GET, robots.txt, page
extraction), so the samples are served over HTTP rather than read from disk. The port is
fixed because the sample sources' feed URLs in seeds/sources.csv name it.
"""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

from marsad.settings import seeds_dir

SAMPLES_HOST = "127.0.0.1"
SAMPLES_PORT = 8731


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


def make_server(port: int = SAMPLES_PORT) -> ThreadingHTTPServer:
    handler = functools.partial(_QuietHandler, directory=str(seeds_dir() / "samples"))
    server = ThreadingHTTPServer((SAMPLES_HOST, port), handler)
    server.daemon_threads = True
    return server


class SampleServer:
    """Context manager running the sample server in a background thread."""

    def __init__(self, port: int = SAMPLES_PORT) -> None:
        self.server = make_server(port)
        self.thread = threading.Thread(target=self.server.serve_forever, name="marsad-samples", daemon=True)

    def __enter__(self) -> "SampleServer":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
