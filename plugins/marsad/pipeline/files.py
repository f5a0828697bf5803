"""Articles from JSON Lines files (the ``extract`` input format) into the articles table.

Used by ``marsad load`` and the benchmarks: the same process path as fetched articles,
without HTTP. Articles without a URL get the key ``urn:marsad:<id>``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import psycopg2.extensions

from marsad.fetch import canonicalize_url
from marsad.store.articles import ArticleRecord, upsert_articles

log = logging.getLogger(__name__)


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Records of a JSON Lines file (gzip when the name ends in .gz); bad lines are logged."""
    import gzip

    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:  # type: ignore[operator]
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                log.warning("%s:%d: not JSON (%s); skipped", path, n, exc)


def parse_published(value: object) -> datetime | None:
    """A date or ISO datetime string as an aware UTC datetime; None when absent or absurd."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    if not 1990 <= parsed.year <= datetime.now(timezone.utc).year + 1:
        return None
    return parsed.astimezone(timezone.utc)


def to_record(item: Mapping[str, Any]) -> ArticleRecord:
    url = item.get("url") or None
    key = canonicalize_url(url) if url else f"urn:marsad:{item['id']}"
    return ArticleRecord(
        canonical_url=key,
        ext_id=str(item["id"]),
        url=url,
        outlet=item.get("source_outlet"),
        title=item.get("title") or None,
        text=item.get("text") or "",
        published_at=parse_published(item.get("published")),
        text_origin="file",
    )


def load_records(conn: psycopg2.extensions.connection, items: Iterable[Mapping[str, Any]], batch: int = 2000) -> dict[str, int]:
    """UPSERT articles in batches; the same canonical URL twice is one article."""
    totals = {"read": 0, "inserted": 0, "updated": 0, "url_duplicates": 0, "id_duplicates": 0}
    seen: set[str] = set()
    seen_ids: set[str] = set()  # ext_id is unique too: one repeated id would fail the whole batch
    pending: list[ArticleRecord] = []

    def flush() -> None:
        stored = upsert_articles(conn, pending)
        totals["inserted"] += stored["inserted"]
        totals["updated"] += stored["updated"]
        pending.clear()

    for item in items:
        totals["read"] += 1
        if not item.get("id"):
            log.warning("record without id skipped: %r", str(item)[:80])
            continue
        record = to_record(item)
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
