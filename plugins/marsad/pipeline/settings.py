"""The pipeline's knobs, one typed object passed in.

Each entry point (a DAG task, the CLI, a benchmark) builds it once with
:meth:`PipelineSettings.from_env` and passes it down; a test passes its own instead of
changing module globals. Batch sizes trade memory and transaction length against the
number of round trips; none of them changes what is stored.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from marsad.dedup import DEDUP_BATCH_SIZE as DEDUP_BATCH
from marsad.pipeline.cpu import default_workers


@dataclass(frozen=True)
class PipelineSettings:
    """How the steps cut their work; every field has an environment variable (``from_env``)."""

    # Articles decided per dedup transaction (the batch ``marsad dedup`` uses too, so the
    # CLI's groups are the pipeline's).
    dedup_batch: int = DEDUP_BATCH
    # Worker processes for dedup's per-text work (1: in the step's own process).
    workers: int = 1
    # Articles per claims chunk: one mapped extract task of the process DAG each.
    claims_chunk: int = 2000
    # Articles per claims transaction within a chunk.
    claims_batch: int = 500
    # Claims per events transaction.
    events_batch: int = 5000
    # Inbox URLs claimed per breaking fetch.
    inbox_batch: int = 100

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> PipelineSettings:
        """The defaults, each overridden by its ``MARSAD_*`` variable; workers default to
        the cores this process may use."""

        def number(name: str, default: int) -> int:
            value = int(environ.get(name) or default)
            if value < 1:
                raise ValueError(f"{name} must be at least 1, not {value}")
            return value

        return cls(
            dedup_batch=number("MARSAD_DEDUP_BATCH", cls.dedup_batch),
            workers=number("MARSAD_WORKERS", default_workers()),
            claims_chunk=number("MARSAD_CLAIMS_CHUNK", cls.claims_chunk),
            claims_batch=number("MARSAD_CLAIMS_BATCH", cls.claims_batch),
            events_batch=number("MARSAD_EVENTS_BATCH", cls.events_batch),
            inbox_batch=number("MARSAD_INBOX_BATCH", cls.inbox_batch),
        )
