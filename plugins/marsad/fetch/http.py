"""The one HTTP client of the pipeline: safe, polite, bounded, thread-safe.

Every hop of every request is checked (scheme, resolved addresses, robots.txt), because
redirects are followed here rather than inside httpx. Bodies are streamed and cut at the
size cap after decompression (a gzip bomb stops at the cap too). Per host, a semaphore
bounds concurrency and a start-time schedule enforces the minimum delay (or robots.txt
Crawl-delay); transient failures are retried with exponential backoff and jitter,
honouring Retry-After up to ``backoff_max``.

Time is bounded twice: each attempt by ``total_timeout`` of wall clock, from connect to the
last body byte (enforced on the socket by :mod:`marsad.fetch.transport`, so a server that
drips bytes cannot stretch it), and each URL, all hops, attempts and waits included, by
``url_budget``: a retry or a Retry-After wait that would not fit is not made.
"""

from __future__ import annotations

import logging
import random
import threading
import time
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx

from marsad.fetch.errors import BodyTooLarge, FetchError, RobotsDisallowed, TooManyRedirects
from marsad.fetch.robots import RobotsRules, agent_token
from marsad.fetch.safety import check_url
from marsad.fetch.transport import deadline, transport
from marsad.settings import FetchSettings

log = logging.getLogger(__name__)

KEPT_HEADERS = (
    "content-type", "content-length", "content-encoding", "content-language", "etag",
    "last-modified", "date", "cache-control", "expires", "x-robots-tag", "retry-after", "location",
)
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ROBOTS_MAX_BYTES = 512 * 1024
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 507, 509, 520, 521, 522, 523, 524})
_RETRY_EXCEPTIONS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.RemoteProtocolError,
                     httpx.ReadError, httpx.PoolTimeout)


@dataclass(frozen=True)
class Response:
    """A completed exchange. ``content`` is decoded from gzip/deflate, at most max bytes."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    content: bytes
    fetched_at: datetime
    redirects: tuple[str, ...] = ()

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")


class _Decoder:
    """Content-Encoding decoder that never inflates past the byte budget."""

    def __init__(self, encoding: str) -> None:
        encoding = encoding.strip().lower()
        if encoding in ("", "identity"):
            self._inflater = None
        elif encoding in ("gzip", "x-gzip"):
            self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._inflater = zlib.decompressobj()
        else:
            raise FetchError(f"unsupported Content-Encoding: {encoding}")
        self._raw_deflate_tried = encoding != "deflate"
        self._first = True

    def feed(self, chunk: bytes, budget: int) -> bytes:
        if self._inflater is None:
            if len(chunk) > budget:
                raise BodyTooLarge("body exceeds size cap")
            return chunk
        try:
            out = self._inflater.decompress(chunk, budget + 1)
        except zlib.error:
            if self._first and not self._raw_deflate_tried:  # "deflate" sent without zlib header
                self._raw_deflate_tried = True
                self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)
                return self.feed(chunk, budget)
            raise FetchError("corrupt compressed body") from None
        self._first = False
        if len(out) > budget or self._inflater.unconsumed_tail:
            raise BodyTooLarge("decompressed body exceeds size cap")
        return out


class _HostGate:
    """Per-host politeness: at most N requests in flight, starts spaced by ``delay``."""

    def __init__(self, concurrency: int, delay: float) -> None:
        self._slots = threading.BoundedSemaphore(max(1, concurrency))
        self._lock = threading.Lock()
        self._next_start = 0.0
        self.delay = delay

    @contextmanager
    def slot(self) -> Iterator[None]:
        with self._slots:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next_start)
                self._next_start = start + self.delay
            if start > now:
                time.sleep(start - now)
            yield


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _host_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


class HttpClient:
    """Thread-safe HTTP GET client; use as a context manager or call close().

    ``get`` raises FetchError subclasses (RefusedURL, RobotsDisallowed, BodyTooLarge,
    TooManyRedirects) for failures and returns a Response for every HTTP status,
    including 304 and 4xx/5xx after retries.
    """

    def __init__(self, settings: FetchSettings | None = None) -> None:
        self.settings = settings or FetchSettings()
        s = self.settings
        self._agent = agent_token(s.user_agent)
        limits = httpx.Limits(max_connections=200, max_keepalive_connections=50)
        self._client = httpx.Client(
            timeout=httpx.Timeout(connect=s.connect_timeout, read=s.read_timeout, write=s.read_timeout,
                                  pool=s.total_timeout),
            follow_redirects=False,
            trust_env=False,  # an environment proxy would resolve hosts we never checked
            headers={
                "User-Agent": s.user_agent,
                "Accept-Encoding": "gzip, deflate",
                "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
                          "application/xml;q=0.9,*/*;q=0.8",
                "Accept-Language": "ar,en;q=0.5",
            },
            transport=transport(s.allow_private_hosts, limits),
        )
        self._lock = threading.Lock()
        self._gates: dict[str, _HostGate] = {}
        self._robots: dict[str, RobotsRules] = {}
        self._robots_locks: dict[str, threading.Lock] = {}

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    # -- politeness -------------------------------------------------------------------

    def _gate(self, key: str) -> _HostGate:
        with self._lock:
            gate = self._gates.get(key)
            if gate is None:
                gate = _HostGate(self.settings.per_host_concurrency, self.settings.per_host_delay)
                self._gates[key] = gate
            return gate

    def robots(self, url: str) -> RobotsRules:
        """The robots.txt rules for url's host, fetched once per host per client."""
        key = _host_key(url)
        with self._lock:
            rules = self._robots.get(key)
            lock = self._robots_locks.setdefault(key, threading.Lock())
        if rules is not None:
            return rules
        with lock:
            with self._lock:
                rules = self._robots.get(key)
            if rules is None:
                rules = self._fetch_robots(key)
                delay = rules.crawl_delay(self._agent)
                if delay is not None:
                    gate = self._gate(key)
                    gate.delay = max(self.settings.per_host_delay, min(delay, self.settings.backoff_max))
                with self._lock:
                    self._robots[key] = rules
        return rules

    def _fetch_robots(self, key: str) -> RobotsRules:
        try:
            response = self.get(key + "/robots.txt", obey_robots=False, max_bytes=ROBOTS_MAX_BYTES)
        except BodyTooLarge:
            return RobotsRules(None)  # RFC 9309 allows ignoring past 500 KiB; treat as no rules
        except FetchError as exc:
            log.warning("robots.txt for %s: %s", key, exc)
            return RobotsRules.from_response(None, b"", str(exc))
        return RobotsRules.from_response(response.status, response.content)

    # -- requests ---------------------------------------------------------------------

    def get(
        self,
        url: str,
        headers: Mapping[str, str] | None = None,
        *,
        obey_robots: bool = True,
        max_bytes: int | None = None,
    ) -> Response:
        """GET ``url``, following redirects (each hop checked), with retries and caps."""
        limit = self.settings.max_body_bytes if max_bytes is None else max_bytes
        budget_end = time.monotonic() + self.settings.url_budget
        current = url
        hops: list[str] = []
        while True:
            check_url(current, self.settings.allow_private_hosts)
            if obey_robots:
                rules = self.robots(current)
                if rules.unreachable:
                    raise FetchError(f"cannot reach {_host_key(current)}: {rules.unreachable}")
                if not rules.allowed(self._agent, current):
                    raise RobotsDisallowed(rules.reason or f"disallowed by robots.txt: {current}")
            response = self._with_retries(current, dict(headers or {}), limit, budget_end)
            location = response.headers.get("location")
            if response.status not in REDIRECT_STATUSES or not location:
                return Response(url, current, response.status, response.headers, response.content,
                                response.fetched_at, tuple(hops))
            target = urljoin(current, location.strip())
            hops.append(current)
            if target in hops:
                raise TooManyRedirects(f"redirect loop at {target}")
            if len(hops) > self.settings.max_redirects:
                raise TooManyRedirects(f"more than {self.settings.max_redirects} redirects from {url}")
            current = target

    def _backoff(self, attempt: int) -> float:
        ceiling = min(self.settings.backoff_max, self.settings.backoff_base * (2 ** attempt))
        return ceiling / 2 + random.uniform(0, ceiling / 2)

    def _with_retries(self, url: str, headers: dict[str, str], limit: int, budget_end: float) -> Response:
        gate = self._gate(_host_key(url))
        retries = max(0, self.settings.retries)
        for attempt in range(retries + 1):
            if time.monotonic() >= budget_end:
                raise FetchError(f"time budget ({self.settings.url_budget}s) spent on {url}")
            try:
                with gate.slot():
                    response = self._once(url, headers, limit, budget_end)
            except _RETRY_EXCEPTIONS as exc:
                pause = self._backoff(attempt)
                if attempt == retries or time.monotonic() + pause >= budget_end:
                    raise FetchError(f"{type(exc).__name__} after {attempt + 1} attempts: {exc or url}") from exc
                log.info("retrying %s after %s", url, type(exc).__name__)
                time.sleep(pause)
                continue
            except httpx.TimeoutException as exc:
                raise FetchError(f"timeout: {type(exc).__name__} for {url} (deadline "
                                 f"{self.settings.total_timeout}s per attempt)") from exc
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                raise FetchError(f"{type(exc).__name__}: {exc}") from exc
            if response.status not in _RETRY_STATUSES or attempt == retries:
                return response
            wait = _retry_after(response.headers.get("retry-after"))
            if wait is not None and wait > self.settings.backoff_max:
                log.warning("%s asks to retry after %.0fs (cap %.0fs); giving up", url, wait,
                            self.settings.backoff_max)
                return response
            pause = self._backoff(attempt) if wait is None else wait
            if time.monotonic() + pause >= budget_end:
                log.warning("%s: a retry in %.1fs would pass its %.0fs budget; giving up", url, pause,
                            self.settings.url_budget)
                return response
            log.info("retrying %s after HTTP %s", url, response.status)
            time.sleep(pause)
        raise AssertionError("unreachable")

    def _once(self, url: str, headers: dict[str, str], limit: int, budget_end: float) -> Response:
        ends = min(time.monotonic() + self.settings.total_timeout, budget_end)
        with deadline(ends), self._client.stream("GET", url, headers=headers) as raw:
            kept = {k: raw.headers[k] for k in KEPT_HEADERS if k in raw.headers}
            body = bytearray()
            if 200 <= raw.status_code < 300:
                declared = raw.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit and not raw.headers.get("content-encoding"):
                    raise BodyTooLarge(f"Content-Length {declared} exceeds cap {limit}")
                decoder = _Decoder(raw.headers.get("content-encoding", ""))
                for chunk in raw.iter_raw(65536):
                    body += decoder.feed(chunk, limit - len(body))
            return Response(url, url, raw.status_code, kept, bytes(body), datetime.now(UTC))

