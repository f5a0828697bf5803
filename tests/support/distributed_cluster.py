"""Airflow's distributed topology as local processes, for tests/cluster/test_distributed.py.

api-server (serving the Task Execution API the Celery workers call), scheduler,
dag-processor and N Celery workers, each in its own process group with its log in a
file; ``stop()`` ends every group it started (SIGTERM, then SIGKILL), whatever happened.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AIRFLOW = str(Path(sys.executable).with_name("airflow"))


def redis_answers(host: str = "127.0.0.1", port: int = 6379, timeout: float = 1.0) -> bool:
    """True when a Redis server answers PING (a bare TCP connect is not enough)."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@dataclass
class Cluster:
    env: dict[str, str]
    logs: Path
    procs: dict[str, subprocess.Popen] = field(default_factory=dict)
    jobs: dict[str, subprocess.Popen] = field(default_factory=dict)

    def run(self, *args: str, timeout: float = 120) -> str:
        """One airflow CLI command to completion; raises with its output when it fails."""
        result = subprocess.run([AIRFLOW, *args], env=self.env, capture_output=True, text=True, timeout=timeout)
        if result.returncode != 0:
            raise RuntimeError(f"airflow {' '.join(args)} failed ({result.returncode}):\n{result.stderr[-3000:]}")
        return result.stdout

    def start(self, name: str, *args: str, extra_env: dict[str, str] | None = None, one_shot: bool = False) -> None:
        """A long-running component (or, with ``one_shot``, a command awaited later with ``wait_job``)."""
        log = open(self.logs / f"{name}.log", "wb")  # noqa: SIM115 - the child holds its own copy
        proc = subprocess.Popen(
            [AIRFLOW, *args], env={**self.env, **(extra_env or {})}, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True, cwd=self.logs,
        )
        log.close()
        (self.jobs if one_shot else self.procs)[name] = proc

    def wait_job(self, name: str, timeout: float = 120) -> None:
        if self.jobs[name].wait(timeout) != 0:
            raise RuntimeError(f"{name} failed:\n{self.tail(name)}")

    def check_alive(self) -> None:
        for name, proc in self.procs.items():
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited with {proc.returncode}:\n{self.tail(name)}")

    def tail(self, name: str, lines: int = 40) -> str:
        path = self.logs / f"{name}.log"
        text = path.read_text(errors="replace") if path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def wait_http(self, url: str, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.check_alive()
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.5)
        raise TimeoutError(f"{url} did not answer within {timeout}s")

    def stop(self, grace: float = 15) -> None:
        """SIGTERM every process group, wait, SIGKILL what is left (Celery workers fork children)."""
        every = [*self.procs.values(), *self.jobs.values()]
        for proc in every:
            _signal_group(proc, signal.SIGTERM)
        deadline = time.monotonic() + grace
        for proc in every:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(max(0.1, deadline - time.monotonic()))
        for proc in every:
            _signal_group(proc, signal.SIGKILL)  # children may outlive a leader that exited
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(5)


def forget_queue(broker_db: int, queue: str, port: int = 6379) -> None:
    """Delete what Celery's Redis transport kept for this run's private queue (bindings)."""
    import redis

    client = redis.Redis(host="127.0.0.1", port=port, db=broker_db)
    try:
        keys = list(client.scan_iter(match=f"*{queue}*"))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


def _signal_group(proc: subprocess.Popen, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)
