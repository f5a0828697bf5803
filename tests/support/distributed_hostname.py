"""Airflow ``[core] hostname_callable`` for the distributed test: the worker's own name.

Both Celery workers of tests/cluster/test_distributed.py run on this one machine, so the default
(the FQDN) would record the same ``task_instance.hostname`` for both; each worker process
gets MARSAD_WORKER_NAME=w1 / w2 instead, and the test reads which worker ran what.
"""

from __future__ import annotations

import os
import socket


def worker_hostname() -> str:
    return os.environ.get("MARSAD_WORKER_NAME") or socket.getfqdn()
