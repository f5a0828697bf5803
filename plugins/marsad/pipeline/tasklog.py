"""One line per task saying what it did, for the task log and the run's return value.

A task's result lives in two places an operator looks at: its log, and its XCom
``return_value`` in the UI. Both get the same small summary: the step's counts, and a
line built from them that reads without knowing the keys' order. Library code: the DAGs
call it, but it knows nothing of Airflow.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

log = logging.getLogger("marsad.tasks")


def describe(what: str, counts: Mapping[str, object]) -> str:
    """``what: key=value, ...`` with nested mappings flattened as ``outer.inner``; lists
    (ids) are given by their length, so the line stays one line."""
    parts: list[str] = []

    def add(prefix: str, value: object) -> None:
        if isinstance(value, Mapping):
            for key, inner in value.items():
                add(f"{prefix}.{key}" if prefix else str(key), inner)
        elif isinstance(value, (list, tuple, set)):
            parts.append(f"{prefix}={len(value)}")
        elif value is not None:
            parts.append(f"{prefix}={value}")

    add("", counts)
    return f"{what}: " + (", ".join(parts) if parts else "nothing to do")


def log_summary(what: str, counts: Mapping[str, object], level: int = logging.INFO) -> str:
    """Log ``describe(what, counts)`` on the ``marsad.tasks`` logger and return the line."""
    line = describe(what, counts)
    log.log(level, "%s", line)
    return line
