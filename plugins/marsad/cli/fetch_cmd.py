"""`marsad fetch`: fetch one feed and write its new articles as extract-input JSON Lines.

With --state DIR the command is incremental without a database: the feed validators
(ETag, Last-Modified) and the canonical URLs already written are kept as JSON in DIR, so
a second run sends a conditional GET and skips articles it wrote before.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import sys
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from marsad.model import Article
from marsad.pipeline.offline import fetch_feed

STATE_FILE = "fetch_state.json"


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register the ``fetch`` subcommand on an argparse subparsers object."""
    parser = subparsers.add_parser(
        "fetch",
        help="fetch one RSS/Atom feed and its new article pages",
        description="Fetch a feed (conditional GET), fetch and extract the pages of new entries, "
        "and write them as JSON Lines in the extract input format "
        "(id, title, text, published, source_outlet, url). "
        "A one-line JSON summary goes to stderr.",
    )
    parser.add_argument("--feed", required=True, metavar="URL", help="feed URL (http or https)")
    parser.add_argument("--output", required=True, metavar="PATH", help="JSON Lines file to write")
    parser.add_argument("--state", metavar="DIR",
                        help="folder for validators and seen URLs (makes repeated runs incremental)")
    parser.add_argument("--max-articles", type=int, default=None, metavar="N",
                        help="fetch at most N new article pages, the first in feed order (default "
                        "MARSAD_MAX_ITEMS_PER_FEED, else 300); with --state the next run takes the rest")
    parser.set_defaults(func=run, run=run)
    return parser


def article_record(article: Article, outlet: str) -> dict[str, Any]:
    """One extract-input line; the id is the SHA-1 of the canonical URL (stable across runs)."""
    record: dict[str, Any] = {
        "id": hashlib.sha1(article.canonical_url.encode("utf-8")).hexdigest(),
        "title": article.title or "",
        "text": article.text,
        "source_outlet": outlet,
        "url": article.canonical_url,
    }
    if article.published_at is not None:
        record["published"] = article.published_at.isoformat()
    return record


class StateError(ValueError):
    """The --state file exists but is not one this command wrote."""


def _load_state(folder: Path | None, feed: str) -> tuple[tuple[str | None, str | None], set[str], dict[str, Any]]:
    """The feed's (etag, last_modified), the canonical URLs written before, and the whole state."""
    if folder is None or not (folder / STATE_FILE).exists():
        return (None, None), set(), {"feeds": {}, "seen": []}
    path = folder / STATE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        saved = data.get("feeds", {}).get(feed, {})
        return (saved.get("etag"), saved.get("last_modified")), set(data.get("seen", [])), data
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, AttributeError, TypeError) as exc:
        raise StateError(f"corrupt state file {path} ({type(exc).__name__}: {exc}); "
                         "move it away to start afresh") from None


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)


def run(args: argparse.Namespace) -> int:
    """Exit 0 on success or not-modified, 1 on a feed error, 2 on usage errors."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    feed = args.feed.strip()
    parts = urlsplit(feed)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        print(f"marsad fetch: --feed must be an http(s) URL, got {feed!r}", file=sys.stderr)
        return 2
    output = Path(args.output)
    if not output.parent.is_dir():
        print(f"marsad fetch: output folder does not exist: {output.parent}", file=sys.stderr)
        return 2
    if args.max_articles is not None and args.max_articles < 0:
        print("marsad fetch: --max-articles must be >= 0", file=sys.stderr)
        return 2
    state_dir = Path(args.state) if args.state else None
    if state_dir is not None:
        if state_dir.exists() and not state_dir.is_dir():
            print(f"marsad fetch: --state must be a folder, got the file {state_dir}", file=sys.stderr)
            return 2
        state_dir.mkdir(parents=True, exist_ok=True)
    try:
        (etag, last_modified), seen, data = _load_state(state_dir, feed)
    except StateError as exc:
        print(f"marsad fetch: {exc}", file=sys.stderr)
        return 2

    # Programmatic callers (tests, the pipeline) may pass FetchSettings as args.settings.
    result = fetch_feed(feed, etag, last_modified, seen.intersection, args.max_articles,
                        getattr(args, "settings", None))

    outlet = parts.hostname.lower()
    lines = [json.dumps(article_record(a, outlet), ensure_ascii=False) for a in result.articles]
    _write_atomic(output, "".join(line + "\n" for line in lines))
    if state_dir is not None and result.status != "error":
        if not result.counts["deferred"]:  # else the next run must see the feed again for the rest
            data.setdefault("feeds", {})[feed] = {"etag": result.state.etag, "last_modified": result.state.last_modified}
        data["seen"] = sorted(seen | {a.canonical_url for a in result.articles})
        _write_atomic(state_dir / STATE_FILE, json.dumps(data, ensure_ascii=False, indent=1))

    summary = {
        "feed": feed,
        "status": result.status,
        "http_status": result.http_status,
        **result.counts,
        "written": len(lines),
        "error": result.error,
    }
    print(json.dumps(summary, ensure_ascii=False), file=sys.stderr)
    return 1 if result.status == "error" else 0
