"""How many worker processes CPU-bound steps may start, and the pools that start them."""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

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


_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def die_with_parent(parent: int) -> None:
    """Make this worker process end when ``parent`` does, even by SIGKILL (which runs no
    clean-up in the parent): on Linux the kernel sends SIGKILL on the parent's death
    (prctl PR_SET_PDEATHSIG); elsewhere a thread watches the parent id. A worker left
    behind would hold memory and a database connection for minutes."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    else:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="parent-watch").start()
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """A fork pool of ``workers`` processes that die with this one (:func:`die_with_parent`).

    The kernel ties the death signal to the thread that forked the worker: pools are
    created, fed and shut down by one thread (the pipeline starts no threads of its own).
    """
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=die_with_parent, initargs=(os.getpid(),))
