"""`marsad summary` on the sample run: modality and attribution in their own columns, and
the claims latest event date first."""

from __future__ import annotations

import re
import subprocess
import sys


def test_summary_columns_and_date_order(sample_db: str) -> None:
    done = subprocess.run([sys.executable, "-m", "marsad", "summary", "--database-url", sample_db],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    header = next(line for line in done.stdout.splitlines() if "modality" in line)
    cells = [c.strip() for c in re.split(r"[┃│|]", header) if c.strip()]
    assert cells[:1] == ["date"] and "modality" in cells and "attribution" in cells
    # Rows open with their date: the dates read from top to bottom never go up.
    dates = re.findall(r"^[┃│|]\s*(\d{4}-\d{2}-\d{2})\s", done.stdout, re.M)
    assert dates and dates == sorted(dates, reverse=True)
    modalities = {"asserted", "reported", "conditional", "denied", "planned"}
    for line in done.stdout.splitlines():
        if re.match(r"^[┃│|]\s*\d{4}-", line):
            parts = [c.strip() for c in re.split(r"[┃│|]", line)[1:-1]]
            assert parts[cells.index("modality")] in modalities, line
