"""A loopback HTTP server for the bundled sample feeds and pages.

The demo and the tests go through the real fetcher (conditional GET, robots.txt, page
extraction), so the samples are served over HTTP rather than read from disk.
seeds/sources.csv and the sample feeds name one origin, ``http://127.0.0.1:8731``
(:data:`SAMPLES_ORIGIN`); a server on any other port serves a copy of the samples with
that origin replaced by its own, and :func:`point_sample_sources` points the sample
sources of a database at it. Tests bind port 0, so concurrent runs never share a port;
``make run`` keeps 8731, so that the URLs it stores stay those of the seeds.
"""

from __future__ import annotations

import errno
import functools
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from marsad.settings import seeds_dir

SAMPLES_HOST = "127.0.0.1"
SAMPLES_PORT = 8731
SAMPLES_ORIGIN = f"http://{SAMPLES_HOST}:{SAMPLES_PORT}"


class PortTaken(RuntimeError):
    """The port answers, but not with marsad's samples."""


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def copy_samples(origin: str, into: Path) -> None:
    """seeds/samples copied into ``into`` with :data:`SAMPLES_ORIGIN` replaced by ``origin``.

    Modification times are kept: the server's Last-Modified, and so the fetcher's
    conditional GET (a second night answers 304), are those of the files in seeds/.
    """
    source = seeds_dir() / "samples"
    for path in sorted(source.rglob("*")):
        target = into / path.relative_to(source)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.write_bytes(path.read_bytes().replace(SAMPLES_ORIGIN.encode(), origin.encode()))
        shutil.copystat(path, target)


def already_served(port: int) -> bool:
    """Whether the port already serves these samples (another run, `make airflow`)."""
    from urllib.request import urlopen

    try:
        with urlopen(f"http://{SAMPLES_HOST}:{port}/robots.txt", timeout=2) as resp:
            return resp.read() == (seeds_dir() / "samples" / "robots.txt").read_bytes()
    except OSError:
        return False


class SampleServer:
    """Context manager serving the samples from a background thread on ``port`` (0: any free one).

    When the port already serves the same samples, that server is used as it is.
    ``origin`` is where the samples answer, to pass to :func:`point_sample_sources`.
    """

    def __init__(self, port: int = 0) -> None:
        self.port = port
        self.server: ThreadingHTTPServer | None = None
        self._copy: tempfile.TemporaryDirectory[str] | None = None

    @property
    def origin(self) -> str:
        return f"http://{SAMPLES_HOST}:{self.port}"

    def __enter__(self) -> SampleServer:
        copy = tempfile.TemporaryDirectory(prefix="marsad-samples-")
        handler = functools.partial(_QuietHandler, directory=copy.name)
        try:
            self.server = ThreadingHTTPServer((SAMPLES_HOST, self.port), handler)
        except OSError as exc:
            copy.cleanup()
            if exc.errno != errno.EADDRINUSE or not already_served(self.port):
                raise PortTaken(f"port {self.port} is taken by something that is not marsad's samples") from exc
            return self
        self._copy = copy
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        copy_samples(self.origin, Path(copy.name))
        threading.Thread(target=self.server.serve_forever, name="marsad-samples", daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None
        if self._copy is not None:
            self._copy.cleanup()
            self._copy = None


def point_sample_sources(url: str, origin: str) -> int:
    """Point the sample sources of the database at ``url`` (those of seeds/sources.csv on
    :data:`SAMPLES_ORIGIN`) at ``origin``; returns how many rows changed (none on 8731)."""
    from marsad.store import db
    from marsad.store.sources import read_sources_csv, upsert_sources

    rows = [
        {**row, "feed_url": _moved(row["feed_url"], origin), "homepage": _moved(row["homepage"], origin)}
        for row in read_sources_csv(seeds_dir() / "sources.csv")
        if str(row["feed_url"]).startswith(SAMPLES_ORIGIN + "/")
    ]
    with db.connection(url) as conn:
        changed = upsert_sources(conn, rows)
        conn.commit()
    return changed


def _moved(link: object, origin: str) -> object:
    return origin + link[len(SAMPLES_ORIGIN):] if isinstance(link, str) and link.startswith(SAMPLES_ORIGIN) else link


@contextmanager
def samples_for(url: str, port: int = SAMPLES_PORT) -> Iterator[SampleServer]:
    """The samples served for the database at ``url``, its sample sources pointing at them.

    On ``port`` when it is free or already serves the samples; when something else holds
    it, on a free port instead, said in one line on stderr (the URLs stored by that run
    then name that port; ``marsad setup`` points the sources back at the seeds' origin).
    """
    server = SampleServer(port)
    try:
        server.__enter__()
    except PortTaken as exc:
        server = SampleServer(0).__enter__()
        print(f"samples: {exc}; serving them on {server.origin} instead, and the sample sources"
              " point there for this run", file=sys.stderr)
    try:
        point_sample_sources(url, server.origin)
        yield server
    finally:
        server.__exit__(None, None, None)
