"""The sockets under the HTTP client: a wall-clock deadline, and only checked addresses.

httpx's timeouts bound each socket operation, not the exchange: a server that sends one
byte a second never trips a read timeout, in the status line, the headers or the body.
Here every connect, TLS handshake, read and write is given at most the time left before
the deadline of the request running on this thread (:func:`deadline`), so the whole
exchange ends by then however slowly the bytes arrive.

The connection is opened to an address this module resolved and found public, never to
a name resolved again by someone else: a DNS answer that changes between the check and
the connect (rebinding) cannot lead to a private address.
"""

from __future__ import annotations

import ipaddress
import ssl
import threading
import time
import typing
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import httpcore
import httpx

from marsad.fetch import safety
from marsad.fetch.errors import RefusedURL

_local = threading.local()


@contextmanager
def deadline(at: float) -> Iterator[None]:
    """Every socket operation of this thread inside the block ends by ``at`` (monotonic)."""
    previous = getattr(_local, "deadline", None)
    _local.deadline = at
    try:
        yield
    finally:
        _local.deadline = previous


def _bounded(timeout: float | None, error: type[Exception]) -> float | None:
    """``timeout`` cut to the time left before this thread's deadline; ``error`` once it passed."""
    at = getattr(_local, "deadline", None)
    if at is None:
        return timeout
    left = at - time.monotonic()
    if left <= 0:
        raise error("deadline passed")
    return left if timeout is None else min(timeout, left)


class _Stream(httpcore.NetworkStream):
    """A socket stream whose every operation is bounded by the thread's deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _bounded(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        # One bounded send at a time: a peer that reads a byte a second cannot stretch it.
        view = memoryview(buffer)
        sock = self._inner.get_extra_info("socket")
        while view:
            sock.settimeout(_bounded(timeout, httpcore.WriteTimeout))
            try:
                sent = sock.send(view)
            except TimeoutError as exc:
                raise httpcore.WriteTimeout(str(exc)) from exc
            except OSError as exc:
                raise httpcore.WriteError(str(exc)) from exc
            view = view[sent:]

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        return _Stream(self._inner.start_tls(ssl_context, server_hostname, _bounded(timeout, httpcore.ConnectTimeout)))

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)


class CheckedBackend(httpcore.NetworkBackend):
    """Connects only to resolved addresses that pass the public check (unless private
    hosts are allowed), with the connect bounded by the deadline too."""

    def __init__(self, allow_private: bool) -> None:
        self._allow_private = allow_private
        self._sync = httpcore.SyncBackend()

    def _addresses(self, host: str, port: int) -> list[str]:
        if self._allow_private:
            return [host]
        addresses = safety.resolve(host, port)
        for address in addresses:
            if not safety._is_public(ipaddress.ip_address(address)):
                raise RefusedURL(f"host {host} resolves to non-public address {address}")
        return addresses

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[typing.Any] | None = None) -> httpcore.NetworkStream:
        last: Exception | None = None
        for address in self._addresses(host, port):
            try:
                stream = self._sync.connect_tcp(address, port, _bounded(timeout, httpcore.ConnectTimeout),
                                                local_address, socket_options)
            except httpcore.ConnectError as exc:
                last = exc
                continue
            return _Stream(stream)
        raise last or httpcore.ConnectError(f"no address for {host}")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


def transport(allow_private: bool, limits: httpx.Limits) -> httpx.HTTPTransport:
    """An httpx transport over :class:`CheckedBackend`.

    httpx does not take a network backend, so the transport's connection pool is
    replaced by an identical one that uses ours (httpx 0.28's HTTPTransport keeps it in
    ``_pool`` and only forwards requests to it).
    """
    built = httpx.HTTPTransport(limits=limits, trust_env=False)
    built._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=False),
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=CheckedBackend(allow_private),
    )
    return built
