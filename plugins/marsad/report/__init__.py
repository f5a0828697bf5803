"""The HTML report: pure rendering of the model's report rows (:class:`marsad.model.ReportData`).

Public API: :func:`render_report` (ReportData -> HTML text) and :func:`write_report`.
"""

from __future__ import annotations

from pathlib import Path

from marsad.model import ReportData
from marsad.report.html import render_report


def write_report(data: ReportData, out: Path) -> Path:
    """Render and write the page (UTF-8); returns the path written."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_report(data), encoding="utf-8")
    return out


__all__ = ["render_report", "write_report"]
