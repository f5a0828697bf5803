"""Which URLs we may fetch at all: http(s) only, and public addresses only.

A feed is untrusted input: an entry link or a redirect can point at file://, at the
metadata service (169.254.169.254) or at a database on localhost. Every hop is checked by
resolving the host and inspecting every address it resolves to.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from marsad.fetch.errors import FetchError, RefusedURL

ALLOWED_SCHEMES = ("http", "https")


def _is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (scope ids stripped); FetchError if none."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve host {host}: {exc}") from exc
    return [str(info[4][0]).split("%", 1)[0] for info in infos]


def check_url(url: str, allow_private: bool) -> None:
    """Raise RefusedURL unless ``url`` is http(s) to a public host (or private is allowed).

    Raises FetchError when the host does not resolve. All resolved addresses must be
    public: one private address among public ones is enough to refuse.
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise RefusedURL(f"malformed URL: {url!r}") from exc
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise RefusedURL(f"scheme not allowed: {parts.scheme or '(none)'}")
    host = parts.hostname
    if not host:
        raise RefusedURL(f"URL has no host: {url!r}")
    if allow_private:
        return
    for address in resolve(host, port or 443):
        if not _is_public(ipaddress.ip_address(address)):
            raise RefusedURL(f"host {host} resolves to non-public address {address}")
