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


# IPv6 prefixes whose last 32 bits are an IPv4 address a packet may end up at: NAT64's
# well-known prefix (RFC 6052), IPv4-translated (RFC 2765) and IPv4-compatible (RFC 4291).
_LAST_32_BITS_IPV4 = tuple(ipaddress.ip_network(n) for n in ("64:ff9b::/96", "::ffff:0:0:0/96", "::/96"))
# Local-use NAT64 (RFC 8215): translates to whatever IPv4 the local network chooses.
_LOCAL_NAT64 = ipaddress.ip_network("64:ff9b:1::/48")


def embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address maps, translates or tunnels to, if it has one:
    ::ffff:a.b.c.d, 6to4 (2002::/16), Teredo's client (2001::/32) and the prefixes above."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if any(ip in net for net in _LAST_32_BITS_IPV4):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """A global unicast address; an IPv6 form of an IPv4 address is judged by that IPv4
    address (a NAT64 or 6to4 address of 169.254.169.254 is the metadata service)."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in _LOCAL_NAT64:
            return False
        ip = embedded_ipv4(ip) or ip
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
