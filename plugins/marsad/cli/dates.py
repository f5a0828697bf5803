"""Date arguments of the CLI: ISO days, a usage error (exit 2) otherwise."""

from __future__ import annotations

import argparse
from datetime import date


def iso_day(value: str) -> date:
    """``YYYY-MM-DD`` as a date, for argparse's ``type=``."""
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from exc
