"""The one reader of article files (JSON Lines, .gz allowed): ``load``, ``extract`` and
``dedup`` read through it, so one bad line gets the same treatment everywhere.

Each line gets one schema check: a JSON object, ``id`` a non-empty string or an integer,
``text`` a string, and ``title``, ``url``, ``source_outlet``, ``published`` strings when
present. A line that fails it (or is not UTF-8) is yielded as a rejected :class:`Line` with
its number and the reason; callers log it, count it and go on. A file that cannot be
read at all (missing, a folder, a corrupt or truncated gzip) raises :class:`InputError`
with a one-line message, which the CLI prints before exiting with 2.
"""

from __future__ import annotations

import gzip
import json
import logging
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, cast

log = logging.getLogger(__name__)

OPTIONAL_STRINGS = ("title", "url", "source_outlet", "published")
BAD_LINES_HELP = ("A line that is not a JSON object with a string or integer id and a string text "
                  "(title, url, source_outlet, published: strings) is logged with its line number, "
                  "skipped and counted; an unreadable file (missing, a folder, a corrupt .gz) exits with 2.")


class InputError(Exception):
    """The file cannot be read at all; the message is one line naming it."""


@dataclass(frozen=True)
class Line:
    """One non-blank line: its article, or why it was rejected."""

    number: int
    article: dict[str, Any] | None
    error: str | None = None


def schema_error(item: object) -> str | None:
    """Why ``item`` is not an article of the input format, or None when it is."""
    if not isinstance(item, dict):
        return f"not a JSON object but {type(item).__name__}"
    ident = item.get("id")
    if ident is None or (isinstance(ident, str) and not ident.strip()):
        return "id missing or empty"
    if isinstance(ident, bool) or not isinstance(ident, (str, int)):
        return f"id is {type(ident).__name__}, not a string or integer"
    if not isinstance(item.get("text"), str):
        return "text missing" if item.get("text") is None else f"text is {type(item['text']).__name__}, not a string"
    for key in OPTIONAL_STRINGS:
        value = item.get(key)
        if value is not None and not isinstance(value, str):
            return f"{key} is {type(value).__name__}, not a string"
    return None


def published_datetime(value: object) -> datetime | None:
    """The ``published`` field (a date or ISO datetime string) as an aware UTC datetime, the
    ``articles.published_at`` of a file record; None when absent or absurd. (The claims
    extractor reads the same field as a day: ``marsad.claims.dates.parse_published``.)"""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    if not 1990 <= parsed.year <= datetime.now(UTC).year + 1:
        return None
    return parsed.astimezone(UTC)


def _open(path: Path) -> IO[bytes]:
    if path.is_dir():
        raise InputError(f"{path} is a folder, not a file")
    try:
        return cast(IO[bytes], gzip.open(path, "rb")) if path.suffix == ".gz" else path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None


def read_lines(path: Path) -> Iterator[Line]:
    """Every non-blank line of ``path`` with its article or its rejection."""
    number = 0
    with _open(path) as fh:
        try:
            for number, raw in enumerate(fh, 1):
                if not raw.strip():
                    continue
                try:
                    item = json.loads(raw.decode("utf-8"))
                except UnicodeDecodeError as exc:
                    yield Line(number, None, f"not UTF-8 (byte {exc.start})")
                    continue
                except json.JSONDecodeError as exc:
                    yield Line(number, None, f"not JSON ({exc.msg} at column {exc.colno})")
                    continue
                error = schema_error(item)
                yield Line(number, None if error else item, error)
        except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
            raise InputError(f"{path}: corrupt or truncated gzip after line {number} ({exc})") from None
        except OSError as exc:
            raise InputError(f"cannot read {path} after line {number}: {exc.strerror or exc}") from None


def read_articles(path: Path, rejected: list[Line] | None = None) -> Iterator[dict[str, Any]]:
    """The valid articles of ``path``; each rejected line is logged and, when given,
    appended to ``rejected`` (so callers can count it)."""
    for line in read_lines(path):
        if line.article is not None:
            yield line.article
            continue
        log.warning("%s:%d: %s; skipped", path, line.number, line.error)
        if rejected is not None:
            rejected.append(line)
