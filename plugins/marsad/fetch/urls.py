"""URL canonicalization: one spelling per article, so "already seen?" is a string lookup.

Real feeds carry the same article as raw Arabic and as percent-encoded Arabic, with
tracking parameters, AMP variants, fragments and trailing slashes. Every one of those
spellings must map to the same canonical string, or the nightly run refetches (and the
dedup stage re-ingests) the same story.
"""

from __future__ import annotations

import contextlib
import re
from urllib.parse import urlsplit, urlunsplit

_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
# Characters that may stay literal in a path or query (RFC 3986 pchar + "/" + "?").
_PATH_SAFE = frozenset(b"!$&'()*+,;=:@/")
_QUERY_SAFE = frozenset(b"!$'()*+,;:@/?")  # '&' and '=' are handled as separators

_TRACKING_EXACT = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "twclid", "igshid",
        "mc_cid", "mc_eid", "_ga", "_gl", "ocid", "cmpid", "ncid", "ref_src", "ref_url",
        "s_cid", "at_medium", "at_campaign", "wt.mc_id", "__twitter_impression", "amp",
        "outputtype", "utm",
    }
)
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "_hs")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_PCT = re.compile(rb"%([0-9A-Fa-f]{2})")


def _normalize_component(text: str, safe: frozenset[int]) -> str:
    """Percent-encode one URL component in a single canonical form.

    Escapes of unreserved characters are decoded, every other byte outside ``safe`` is
    encoded with uppercase hex, and non-ASCII characters are encoded as UTF-8. So a raw
    Arabic path and its encoded twin (in either hex case) give the same string.
    """
    raw = text.encode("utf-8", "surrogatepass")
    out: list[str] = []
    i = 0
    while i < len(raw):
        byte = raw[i]
        if byte == 0x25:  # '%'
            m = _PCT.match(raw, i)
            if m:
                value = int(m.group(1), 16)
                out.append(chr(value) if value in _UNRESERVED else "%" + m.group(1).decode().upper())
                i += 3
                continue
            out.append("%25")
        elif byte in _UNRESERVED or byte in safe:
            out.append(chr(byte))
        else:
            out.append(f"%{byte:02X}")
        i += 1
    return "".join(out)


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4, so /a/./b/../c and /a/c are the same article."""
    output: list[str] = []
    for segment in path.split("/"):
        if segment == "..":
            if len(output) > 1:
                output.pop()
        elif segment != ".":
            output.append(segment)
    result = "/".join(output)
    if path.endswith(("/.", "/..")):
        result += "/"
    return result if result.startswith("/") else "/" + result


def _strip_amp_path(path: str) -> str:
    """/amp, /amp/ suffixes, a leading /amp/ segment and name.amp.html mean the AMP twin."""
    segments = path.split("/")
    if len(segments) > 2 and segments[-1] == "":
        segments.pop()
    if len(segments) > 2 and segments[-1] == "amp":
        segments.pop()
    if len(segments) > 2 and segments[1] == "amp":
        del segments[1]
    path = "/".join(segments) or "/"
    return re.sub(r"\.amp(\.html?)?$", lambda m: m.group(1) or "", path)


def _is_tracking(key: str) -> bool:
    lowered = key.lower()
    return lowered in _TRACKING_EXACT or lowered.startswith(_TRACKING_PREFIXES)


def _host(netloc_host: str) -> str:
    host = netloc_host.lower().rstrip(".")
    if host.startswith("amp."):
        host = host[4:]
    try:
        host.encode("ascii")
    except UnicodeEncodeError:
        with contextlib.suppress(UnicodeError):  # not IDNA-encodable: keep the host as written
            host = host.encode("idna").decode("ascii")
    return host


def canonicalize_url(url: str) -> str:
    """Return the one canonical spelling of ``url``.

    Lowercases scheme and host (IDN hosts in punycode, an ``amp.`` host prefix removed),
    drops userinfo, default ports, fragments, tracking parameters (utm_*, fbclid, gclid
    ...), AMP path variants and trailing slashes; resolves dot segments; sorts the
    remaining query parameters; and percent-encodes non-ASCII with uppercase hex.
    Strings that are not absolute http(s) URLs are returned stripped but otherwise as is.
    """
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return url
    host = _host(parts.hostname)
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"

    path = _normalize_component(parts.path or "/", _PATH_SAFE)
    path = _strip_amp_path(_remove_dot_segments(path))
    if len(path) > 1:
        path = path.rstrip("/") or "/"

    pairs = []
    for item in parts.query.split("&"):
        if not item:
            continue
        key, sep, value = item.partition("=")
        if _is_tracking(_normalize_component(key, _QUERY_SAFE)):
            continue
        pairs.append(
            (_normalize_component(key, _QUERY_SAFE), sep, _normalize_component(value, _QUERY_SAFE))
        )
    pairs.sort(key=lambda p: (p[0], p[2]))
    query = "&".join(k + sep + v for k, sep, v in pairs)
    return urlunsplit((scheme, netloc, path, query, ""))
