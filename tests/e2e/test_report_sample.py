"""The analyst's first look, on the data the sample pipeline loads (dated 2024): every
sql/reports file run with psql answers rows, and `marsad report` without --since covers
the latest weeks that hold data.

Only what the sample guarantees is asserted: some claims, among them the seed's Muscat
talks (CONSULT, IRN and USA, mediated by OMN).
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from marsad.settings import sql_dir

REPORTS = sql_dir() / "reports"
MARSAD = [sys.executable, "-m", "marsad"]


def psql(url: str, path: Path, **variables: str) -> list[dict[str, str]]:
    args = ["psql", "-X", "-q", "--csv", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", str(path)]
    for name, value in variables.items():
        args[1:1] = ["-v", f"{name}={value}"]
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return list(csv.DictReader(io.StringIO(done.stdout)))


needs_psql = pytest.mark.skipif(shutil.which("psql") is None, reason="psql is not installed")


@needs_psql
@pytest.mark.parametrize("name", sorted(p.name for p in REPORTS.glob("*.sql")))
def test_every_report_file_answers_on_the_sample_run(sample_db: str, name: str) -> None:
    rows = psql(sample_db, REPORTS / name)
    assert rows, f"{name} returned no rows on the sample run"


@needs_psql
def test_report_files_take_the_period_and_the_actor_from_psql(sample_db: str) -> None:
    muscat = [r for r in psql(sample_db, REPORTS / "mediators.sql") if r["mediator"] == "OMN"]
    assert muscat and muscat[0]["parties"] == "{IRN,USA}"
    assert psql(sample_db, REPORTS / "mediators.sql", since="2030-01-01") == []
    assert psql(sample_db, REPORTS / "mediators.sql", since="2024-01-01", until="2024-01-10")[0]["mediator"] == "OMN"
    by_name = psql(sample_db, REPORTS / "iran_counterparts.sql", actor="إيران")
    assert by_name == psql(sample_db, REPORTS / "iran_counterparts.sql")
    assert any(r["counterpart"] == "USA" and r["event_type"] == "CONSULT" for r in by_name)


def test_marsad_report_defaults_to_the_latest_weeks_with_data(sample_db: str, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    done = subprocess.run([*MARSAD, "report", "--database-url", sample_db, "--out", str(out)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    line = done.stderr.strip().splitlines()[-1]
    assert line.startswith("report since 2024-"), line
    totals = dict(part.split("=") for part in line.split(": ", 1)[1].split(" -> ")[0].split(", "))
    assert int(totals["events"]) > 0 and int(totals["claims"]) > 0
    assert "مسقط" in out.read_text(encoding="utf-8") or "Muscat" in out.read_text(encoding="utf-8")
