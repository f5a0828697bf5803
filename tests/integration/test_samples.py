"""The sample server (dev tooling): any port, the sample sources pointed at it, the seeds' 8731 only by choice.

A server on another port serves the feeds with its own origin and the files' own
Last-Modified (so a second night still answers 304); a port held by something else
makes the run fall back to a free one, saying so, instead of failing or sharing it.
"""

from __future__ import annotations

import email.utils
import socket
from urllib.error import HTTPError
from urllib.request import Request, urlopen

import pytest

from marsad.settings import seeds_dir
from marsad.store import db
from marsad_dev.samples import SAMPLES_ORIGIN, SampleServer, samples_for


def _sample_sources(url: str) -> dict[str, tuple[str, str]]:
    with db.connection(url) as conn, conn.cursor() as cur:
        cur.execute("SELECT key, feed_url, homepage FROM sources WHERE key LIKE 'sample-%' ORDER BY key")
        return {key: (feed, home) for key, feed, home in cur.fetchall()}


def test_an_ephemeral_server_serves_its_own_origin_with_the_files_dates() -> None:
    with SampleServer() as server:
        assert server.port != 8731 and server.origin == f"http://127.0.0.1:{server.port}"
        with urlopen(f"{server.origin}/feeds/daily.xml", timeout=5) as resp:
            feed, modified = resp.read().decode("utf-8"), resp.headers["Last-Modified"]
        assert SAMPLES_ORIGIN not in feed and f"{server.origin}/pages/seed-muscat-talks.html" in feed
        mtime = (seeds_dir() / "samples" / "feeds" / "daily.xml").stat().st_mtime
        assert email.utils.parsedate_to_datetime(modified).timestamp() == int(mtime)
        again = Request(f"{server.origin}/feeds/daily.xml", headers={"If-Modified-Since": modified})
        with pytest.raises(HTTPError) as not_modified:
            urlopen(again, timeout=5)
        assert not_modified.value.code == 304


def test_a_taken_port_falls_back_to_a_free_one_and_points_the_sources_there(
        seeded_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert {feed for feed, _ in _sample_sources(seeded_db).values()} == {
        f"{SAMPLES_ORIGIN}/feeds/agency.xml", f"{SAMPLES_ORIGIN}/feeds/daily.xml"}
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        taken = squatter.getsockname()[1]
        with samples_for(seeded_db, port=taken) as server:
            assert server.port != taken
            assert _sample_sources(seeded_db) == {
                "sample-agency": (f"{server.origin}/feeds/agency.xml", f"{server.origin}/"),
                "sample-daily": (f"{server.origin}/feeds/daily.xml", f"{server.origin}/")}
    assert f"port {taken} is taken by something that is not marsad's samples; serving them on" in capsys.readouterr().err
