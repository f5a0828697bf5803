"""Why a fetch did not produce a usable response; callers report the message, never crash."""

from __future__ import annotations


class FetchError(Exception):
    """A URL could not be fetched (network, HTTP protocol, limits)."""


class RefusedURL(FetchError):
    """The URL is not ours to fetch: bad scheme, or a private/loopback/link-local host."""


class RobotsDisallowed(FetchError):
    """robots.txt forbids this URL for our user agent; the URL is skipped, not fetched."""


class BodyTooLarge(FetchError):
    """The (decompressed) body exceeded the configured size cap."""


class TooManyRedirects(FetchError):
    """The redirect chain was longer than the cap, or looped."""
