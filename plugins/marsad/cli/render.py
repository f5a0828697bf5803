"""Terminal rendering of the loaded data with rich (plain text when not a terminal)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from marsad.pipeline.outputs import Summary


def print_summary(summary: Summary) -> None:
    console = Console(width=200 if not Console().is_terminal else None)
    console.print("Loaded: " + ", ".join(f"{k}={v}" for k, v in summary.counts.items()))
    table = Table(title="Claims, latest event date first", show_lines=True)
    for col in ("date", "type", "actors", "source→target", "mediator", "place", "modality", "attribution",
                "evidence"):
        table.add_column(col, overflow="fold")
    for c in summary.claims:
        direction = f"{c.source_actor or ''}→{c.target_actor or ''}" if c.source_actor else ""
        place = ", ".join(x for x in (c.location_name, c.location_country) if x)
        table.add_row(
            str(c.event_date or ""),
            c.event_type + (f" ({c.mode})" if c.mode else ""),
            c.actors or "",
            direction,
            c.mediator or "",
            place,
            c.modality,
            c.attribution or "",
            c.evidence_text,
        )
    console.print(table)
