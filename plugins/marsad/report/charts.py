"""Charts for the HTML report, drawn with matplotlib and returned as inline SVG text.

Inline SVG keeps the page one self-contained file that opens offline. Each chart gets its
own hash salt so the element ids of two charts on one page never collide.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from collections.abc import Sequence
from datetime import date

import matplotlib

matplotlib.use("Agg")  # no display: the report is rendered on servers and in tests

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from marsad.store.report_queries import PairCount, WeeklyCount  # noqa: E402

_PROLOGUE = re.compile(r"^.*?(?=<svg)", re.S)


def _svg(fig: plt.Figure, salt: str) -> str:
    buf = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": salt, "svg.fonttype": "none"}):
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    return _PROLOGUE.sub("", buf.getvalue(), count=1)


def weekly_events_svg(rows: Sequence[WeeklyCount]) -> str:
    """Stacked bars: events per week, one colour per event type."""
    weeks: list[date] = sorted({r.week for r in rows})
    types = sorted({r.event_type for r in rows})
    counts: dict[str, np.ndarray] = defaultdict(lambda: np.zeros(len(weeks), dtype=int))
    index = {w: i for i, w in enumerate(weeks)}
    for r in rows:
        counts[r.event_type][index[r.week]] += r.n_events
    fig, ax = plt.subplots(figsize=(9, 3.6))
    x = np.arange(len(weeks))
    bottom = np.zeros(len(weeks), dtype=int)
    cmap = plt.get_cmap("tab20")
    for i, etype in enumerate(types):
        ax.bar(x, counts[etype], bottom=bottom, label=etype, color=cmap(i % 20), width=0.8)
        bottom += counts[etype]
    ax.set_xticks(x, [w.isoformat() for w in weeks], rotation=45, ha="right", fontsize=8)
    ax.set_ylabel("events")
    ax.set_xlabel("week starting")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(fontsize=7, ncols=2, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return _svg(fig, "weekly")


def pair_heatmap_svg(pairs: Sequence[PairCount]) -> str:
    """A symmetric actor x actor matrix of interaction counts, annotated with the counts."""
    actors = sorted({p.actor_a for p in pairs} | {p.actor_b for p in pairs})
    pos = {a: i for i, a in enumerate(actors)}
    matrix = np.zeros((len(actors), len(actors)), dtype=int)
    for p in pairs:
        matrix[pos[p.actor_a], pos[p.actor_b]] += p.n_events
        if p.actor_a != p.actor_b:
            matrix[pos[p.actor_b], pos[p.actor_a]] += p.n_events
    size = max(3.0, 0.5 * len(actors) + 1.5)
    fig, ax = plt.subplots(figsize=(size + 1.2, size))
    image = ax.imshow(matrix, cmap="YlOrRd", vmin=0)
    ax.set_xticks(range(len(actors)), actors, rotation=60, ha="right", fontsize=8)
    ax.set_yticks(range(len(actors)), actors, fontsize=8)
    peak = matrix.max() or 1
    for i in range(len(actors)):
        for j in range(len(actors)):
            if matrix[i, j]:
                colour = "white" if matrix[i, j] > peak * 0.6 else "black"
                ax.text(j, i, str(matrix[i, j]), ha="center", va="center", fontsize=7, color=colour)
    fig.colorbar(image, ax=ax, fraction=0.046, pad=0.04, label="events", ticks=MaxNLocator(integer=True))
    return _svg(fig, "pairs")
