"""Batch boundaries shared by the CLI and the pipeline, so both decide alike."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import TypeVar

T = TypeVar("T")

DEDUP_BATCH_SIZE = 1000  # articles decided (and, in the pipeline, saved) together


def chunks(items: Iterable[T], size: int = DEDUP_BATCH_SIZE) -> Iterator[Sequence[T]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch
