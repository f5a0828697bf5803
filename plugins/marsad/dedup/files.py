"""Articles from JSON Lines files (the ``extract`` input format), for the CLI and benches."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

from marsad.dedup.decide import Doc


def read_articles(path: Path, limit: int | None = None) -> Iterator[tuple[str, Doc]]:
    """(file id, Doc) per line; Doc ids number the lines from 1 so file order is fetch order.

    A line without a URL gets ``urn:marsad:<id>``, the key the store gives file input.
    """
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        n = 0
        for line in f:
            if not line.strip():
                continue
            if limit is not None and n >= limit:
                return
            n += 1
            row = json.loads(line)
            ext_id = str(row["id"])
            yield ext_id, Doc(
                id=n,
                url=row.get("url") or f"urn:marsad:{ext_id}",
                outlet=row.get("source_outlet") or "",
                text=row.get("text") or "",
            )
