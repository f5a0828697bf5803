"""A loopback HTTP server for the bundled sample feeds and pages.

The demo and the tests go through the real fetcher (conditional GET, robots.txt, page
extraction), so the samples are served over HTTP rather than read from disk. The port is
fixed because the sample sources' feed URLs in seeds/sources.csv name it.
"""

from __future__ import annotations

import errno
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


def already_served(port: int = SAMPLES_PORT) -> bool:
    """Whether the port already serves these samples (another run, `make airflow`)."""
    from urllib.request import urlopen

    try:
        with urlopen(f"http://{SAMPLES_HOST}:{port}/robots.txt", timeout=2) as resp:  # noqa: S310 - loopback
            return resp.read() == (seeds_dir() / "samples" / "robots.txt").read_bytes()
    except OSError:
        return False


class SampleServer:
    """Context manager serving the samples from a background thread.

    When the port already serves the same samples, that server is used as it is, so
    concurrent runs and tests do not fight over the fixed port.
    """

    def __init__(self, port: int = SAMPLES_PORT) -> None:
        self.port = port
        self.server: ThreadingHTTPServer | None = None

    def __enter__(self) -> "SampleServer":
        try:
            self.server = make_server(self.port)
        except OSError as exc:
            if errno.EADDRINUSE != exc.errno or not already_served(self.port):
                raise RuntimeError(f"port {self.port} is taken by something that is not marsad's samples") from exc
            return self
        threading.Thread(target=self.server.serve_forever, name="marsad-samples", daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
