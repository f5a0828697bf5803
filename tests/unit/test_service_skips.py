"""The closing line of skips for absent services, and CI=true failing a skip the machine does not need."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
SESSION = '''
from support.service_skips import SERVICES, Service, require

SERVICES["gone"] = Service(lambda: False, lambda: False, "not on this machine at all")
SERVICES["stopped"] = Service(lambda: False, lambda: True, "installed but not answering")


def test_needs_gone():
    require("gone")


def test_needs_{which}_too():
    require("{which}")


def test_plain():
    pass
'''


def _session(tmp_path: Path, which: str, ci: bool) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_session.py").write_text(SESSION.format(which=which), encoding="utf-8")
    path = f"{TESTS}{os.pathsep}{TESTS.parent / 'plugins'}"
    env = {k: v for k, v in os.environ.items() if k != "CI"} | {"PYTHONPATH": path}
    if ci:
        env["CI"] = "true"
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "support.service_skips", "-c", os.devnull,
                           "--rootdir", str(tmp_path), str(tmp_path)], env=env, capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize("ci", [False, True])
def test_a_truly_absent_service_skips_and_is_named_at_the_end(tmp_path: Path, ci: bool) -> None:
    run = _session(tmp_path, "gone", ci)
    assert run.returncode == 0, run.stdout
    assert "skipped for absent services: gone (not on this machine at all; 2 tests)" in run.stdout


def test_ci_fails_a_skip_for_a_service_the_machine_has(tmp_path: Path) -> None:
    quiet = _session(tmp_path, "stopped", ci=False)
    assert quiet.returncode == 0 and "stopped (installed but not answering; 1 test)" in quiet.stdout
    strict = _session(tmp_path, "stopped", ci=True)
    assert strict.returncode == 1, strict.stdout
    assert "CI=true: stopped is installed on this machine but its tests skipped" in strict.stdout
