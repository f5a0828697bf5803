"""Articles from JSON Lines files (the ``extract`` input format) into the articles table.

Used by ``marsad load`` and the benchmarks: the same process path as fetched articles,
without HTTP. Articles without a URL get the key ``urn:marsad:<id>``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import psycopg2.extensions

from marsad.fetch import canonicalize_url
from marsad.inputs import Line, published_datetime, read_articles, read_lines, schema_error
from marsad.model import Article
from marsad.pipeline.transaction import transaction
from marsad.store.articles import unstorable, upsert_articles

log = logging.getLogger(__name__)


def read_jsonl(path: Path, rejected: list[Line] | None = None) -> Iterator[dict[str, Any]]:
    """The valid articles of a JSON Lines file (see :mod:`marsad.inputs`); bad lines are
    logged with their number, skipped and, when given, appended to ``rejected``."""
    return read_articles(path, rejected)


def to_record(item: Mapping[str, Any]) -> Article:
    url = item.get("url") or None
    key = canonicalize_url(url) if url else f"urn:marsad:{item['id']}"
    return Article(
        canonical_url=key,
        ext_id=str(item["id"]),
        url=url,
        outlet=item.get("source_outlet"),
        title=item.get("title") or None,
        text=item.get("text") or "",
        published_at=published_datetime(item.get("published")),
        text_origin="file",
    )


def load_records(conn: psycopg2.extensions.connection, items: Iterable[Mapping[str, Any]], batch: int = 2000) -> dict[str, int]:
    """UPSERT articles in batches; the same canonical URL twice is one article.

    A record of the wrong shape or too big to store is logged with its id and URL and
    counted as ``rejected``; it never costs the rest of its batch. Each batch is a
    transaction of its own, so an interrupted load is finished by running it again (stored rows are
    left as they are).
    """
    totals = {"read": 0, "inserted": 0, "updated": 0, "url_duplicates": 0, "id_duplicates": 0, "rejected": 0}
    seen: set[str] = set()
    seen_ids: set[str] = set()  # ext_id is unique too: one repeated id would fail the whole batch
    pending: list[Article] = []

    def flush() -> None:
        with transaction(conn):
            stored = upsert_articles(conn, pending)
        totals["inserted"] += stored["inserted"]
        totals["updated"] += stored["updated"]
        totals["rejected"] += stored["rejected"]
        pending.clear()

    for item in items:
        totals["read"] += 1
        error = schema_error(item)
        record = None
        if error is None:
            record = to_record(item)
            error = unstorable(record)
        if record is None or error is not None:
            shown = (item.get("id"), item.get("url")) if isinstance(item, Mapping) else (item, None)
            log.warning("record %.80r (%.200s) rejected: %s", *shown, error)
            totals["rejected"] += 1
            continue
        if record.canonical_url in seen:
            totals["url_duplicates"] += 1
            continue
        if record.ext_id in seen_ids:
            log.warning("record id %r seen before with another URL (%s); skipped", record.ext_id, record.url)
            totals["id_duplicates"] += 1
            continue
        seen.add(record.canonical_url)
        seen_ids.add(record.ext_id)  # type: ignore[arg-type]
        pending.append(record)
        if len(pending) >= batch:
            flush()
    if pending:
        flush()
    return totals


def load_file(conn: psycopg2.extensions.connection, path: Path, batch: int = 2000) -> dict[str, int]:
    """Load a JSON Lines file: first read through to the end, so a file that cannot be
    read (a truncated .gz) raises InputError before anything is written, then load it.
    ``skipped_lines`` counts the lines rejected by the reader's schema check."""
    for _ in read_lines(path):
        pass
    rejected: list[Line] = []
    totals = load_records(conn, read_articles(path, rejected), batch)
    return {**totals, "skipped_lines": len(rejected)}
