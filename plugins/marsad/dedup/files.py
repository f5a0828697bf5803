"""Articles from JSON Lines files (the ``extract`` input format), for the CLI and benches."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from marsad.dedup.decide import Doc
from marsad.inputs import Line
from marsad.inputs import read_articles as read_valid


def read_articles(path: Path, limit: int | None = None, rejected: list[Line] | None = None) -> Iterator[tuple[str, Doc]]:
    """(file id, Doc) per valid article; Doc ids number them from 1 so file order is fetch order.

    Lines are read and checked by :mod:`marsad.inputs` (bad ones logged, skipped and
    appended to ``rejected``). A line without a URL gets ``urn:marsad:<id>``, the key the
    store gives file input.
    """
    for n, row in enumerate(islice(read_valid(path, rejected), limit), 1):
        ext_id = str(row["id"])
        yield ext_id, Doc(
            id=n,
            url=row.get("url") or f"urn:marsad:{ext_id}",
            outlet=row.get("source_outlet") or "",
            text=row["text"],
        )
