"""Worker processes die with their parent: a SIGKILL of ``marsad process`` (which runs no
clean-up) leaves no pool worker alive, holding memory and a database connection."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from marsad.pipeline.files import load_records
from marsad.pipeline.settings import PipelineSettings
from marsad.pipeline.setup import prepare_database
from marsad.store import db
from support import reliability_tally as tally
from support.hostile_inputs import subprocess_env, synthetic_articles

pytestmark = pytest.mark.reliability


def _children(pid: int) -> list[int]:
    """Live (not zombie) processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to find the workers")
def test_sigkill_of_the_parent_leaves_no_worker_alive_5s_later(db_url: str) -> None:
    prepare_database(db_url)
    with db.connection(db_url) as conn:
        load_records(conn, synthetic_articles(PipelineSettings().dedup_batch + 1))  # a full dedup batch: the pool starts
    script = ("import os; from marsad.pipeline.run import process_pending; "
              "from marsad.pipeline.settings import PipelineSettings; "
              "process_pending(os.environ['DATABASE_URL'], settings=PipelineSettings(workers=2))")
    proc = subprocess.Popen([sys.executable, "-c", script], env=subprocess_env(db_url),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 120
        while not workers:
            assert proc.poll() is None, "the run ended before its workers started"
            assert time.monotonic() < deadline, "no worker process started"
            workers = _children(proc.pid)
            time.sleep(0.01)
        time.sleep(0.2)  # let the pool start all its workers
        workers = sorted(set(workers) | set(_children(proc.pid)))
        os.kill(proc.pid, signal.SIGKILL)
        tally.fault()
        proc.wait(10)
        time.sleep(5)
        survivors = [pid for pid in workers if _alive(pid)]
    finally:
        if proc.poll() is None:
            proc.kill()
        for pid in workers:  # never leave them behind, whatever the outcome
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    assert workers and survivors == [], f"workers {survivors} of {workers} outlived their parent"
