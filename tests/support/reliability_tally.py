"""Counters of the reliability suite and the closing line that reports them.

Registered as a pytest plugin (``-p support.reliability_tally`` in pytest.ini), it prints one line at the end of the
session: faults injected, hostile inputs tried, rows lost, rows duplicated. The tests add
to it; rows lost and duplicated are measured against a clean run and must stay 0.
"""

from __future__ import annotations

from collections import Counter

TALLY: Counter = Counter()
KEYS = ("faults injected", "hostile inputs tried", "rows lost", "rows duplicated")


def fault(n: int = 1) -> None:
    TALLY["faults injected"] += n


def hostile(n: int = 1) -> None:
    TALLY["hostile inputs tried"] += n


def rows(lost: int, duplicated: int) -> None:
    TALLY["rows lost"] += lost
    TALLY["rows duplicated"] += duplicated


def summary_line() -> str:
    return "reliability: " + ", ".join(f"{key} {TALLY[key]}" for key in KEYS)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """The closing line, only when a reliability test ran in this session."""
    if TALLY["faults injected"] or TALLY["hostile inputs tried"]:
        terminalreporter.write_line(summary_line())
