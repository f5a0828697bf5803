"""How many worker processes CPU-bound steps may start."""

from __future__ import annotations

import logging
import multiprocessing
import os

log = logging.getLogger(__name__)


def default_workers() -> int:
    """The cores this process may use (its CPU affinity, where the OS has one)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def usable_workers(requested: int) -> int:
    """``requested``, or 1 where this process may not start children: a Celery (billiard)
    pool process is daemonic, and so is the Airflow task it forks, and multiprocessing
    refuses daemonic processes children. The work then runs in this process."""
    if requested > 1 and multiprocessing.current_process().daemon:
        log.info("daemonic process: running with 1 process instead of %d workers", requested)
        return 1
    return requested
