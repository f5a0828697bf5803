"""How many worker processes CPU-bound steps may start."""

from __future__ import annotations

import os


def default_workers() -> int:
    """The cores this process may use (its CPU affinity, where the OS has one)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
