"""Fetch stage: HTTP client, robots, feeds, encodings, page extraction, URL canonicalization.

DB-free: :func:`fetch_source` takes the feed validators and a ``known`` URL look-up in,
and returns everything the pipeline persists (articles with raw bytes, new validators,
counts, skipped and failed URLs); articles are :class:`marsad.model.Article` records.
"""

from marsad.fetch.errors import BodyTooLarge, FetchError, RefusedURL, RobotsDisallowed, TooManyRedirects
from marsad.fetch.http import HttpClient, Response
from marsad.fetch.page import PageContent, extract_page
from marsad.fetch.source import FeedState, SourceFetch, fetch_source, plausible_date
from marsad.fetch.urls import canonicalize_url

__all__ = [
    "BodyTooLarge",
    "FeedState",
    "FetchError",
    "HttpClient",
    "PageContent",
    "RefusedURL",
    "Response",
    "RobotsDisallowed",
    "SourceFetch",
    "TooManyRedirects",
    "canonicalize_url",
    "extract_page",
    "fetch_source",
    "plausible_date",
]
