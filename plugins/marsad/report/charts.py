"""Charts for the HTML report, drawn with matplotlib and returned as inline SVG text.

Inline SVG keeps the page one self-contained file that opens offline. Each chart gets its
own hash salt so the element ids of two charts on one page never collide. Time runs on a
real date axis (weeks two months apart are two months apart, not side by side), and each
event type keeps one colour on every chart of the page.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from collections.abc import Sequence
from datetime import date

import matplotlib

matplotlib.use("Agg")  # no display: the report is rendered on servers and in tests

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

from marsad.model import ActorClaim, PairCount, WeeklyCount

# PLOVER types in a fixed order, so a type has the same colour on every chart.
EVENT_TYPES = ("CONSULT", "AGREE", "REQUEST", "REJECT", "THREATEN", "ACCUSE", "SANCTION", "SUPPORT",
               "COOPERATE", "CONCEDE", "AID", "ASSAULT", "COERCE", "MOBILIZE", "PROTEST", "RETREAT")
BAR_DAYS = 5  # a week's bar is five days wide, so neighbouring weeks keep a gap


def type_colour(event_type: str) -> tuple[float, float, float, float]:
    cmap = plt.get_cmap("tab20")
    index = EVENT_TYPES.index(event_type) if event_type in EVENT_TYPES else len(EVENT_TYPES)
    return cmap(index % 20)


def _in_type_order(types: set[str]) -> list[str]:
    return sorted(types, key=lambda t: (EVENT_TYPES.index(t) if t in EVENT_TYPES else len(EVENT_TYPES), t))


def _date_axis(ax: plt.Axes) -> None:
    locator = mdates.AutoDateLocator(minticks=3, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))

_PROLOGUE = re.compile(r"^.*?(?=<svg)", re.S)


def _svg(fig: plt.Figure, salt: str) -> str:
    buf = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": salt, "svg.fonttype": "none"}):
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    return _PROLOGUE.sub("", buf.getvalue(), count=1)


def weekly_events_svg(rows: Sequence[WeeklyCount]) -> str:
    """Stacked bars on a date axis: events per week (bar from the week's Monday), one colour
    per event type. Each bar segment's SVG group is ``week-<Monday>-<TYPE>``."""
    weeks: list[date] = sorted({r.week for r in rows})
    types = _in_type_order({r.event_type for r in rows})
    counts: dict[str, np.ndarray] = defaultdict(lambda: np.zeros(len(weeks), dtype=int))
    index = {w: i for i, w in enumerate(weeks)}
    for r in rows:
        counts[r.event_type][index[r.week]] += r.n_events
    fig, ax = plt.subplots(figsize=(9, 3.6))
    x = mdates.date2num(weeks)
    bottom = np.zeros(len(weeks), dtype=int)
    for etype in types:
        bars = ax.bar(x, counts[etype], bottom=bottom, label=etype, color=type_colour(etype),
                      width=BAR_DAYS, align="edge")
        for bar, week in zip(bars, weeks):
            bar.set_gid(f"week-{week.isoformat()}-{etype}")
        bottom += counts[etype]
    # At least four weeks of axis, so one busy week is not a bar as wide as the chart.
    lo, hi = min(x), max(x) + 7
    ax.set_xlim(lo - 3.5, max(hi, lo + 28) + 3.5)
    _date_axis(ax)
    ax.tick_params(axis="x", labelsize=8)
    ax.set_ylabel("events")
    ax.set_xlabel("week (bars start on Monday)")
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
    # Each actor's name links to its page on the report (section actor-<CODE>).
    for label in (*ax.get_xticklabels(), *ax.get_yticklabels()):
        label.set_url(f"#actor-{label.get_text()}")
    peak = matrix.max() or 1
    for i in range(len(actors)):
        for j in range(len(actors)):
            if matrix[i, j]:
                colour = "white" if matrix[i, j] > peak * 0.6 else "black"
                ax.text(j, i, str(matrix[i, j]), ha="center", va="center", fontsize=7, color=colour)
    fig.colorbar(image, ax=ax, fraction=0.046, pad=0.04, label="events", ticks=MaxNLocator(integer=True))
    return _svg(fig, "pairs")


def actor_timeline_svg(code: str, claims: Sequence[ActorClaim]) -> str:
    """One actor's claims on a date axis, one row per event type, one dot per claim
    (hollow where the actor is only the mediator)."""
    types = _in_type_order({c.event_type for c in claims})
    row = {t: i for i, t in enumerate(types)}
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(types) + 1.3))
    for etype in types:
        mine = [c for c in claims if c.event_type == etype]
        for hollow in (False, True):
            picked = [c for c in mine if (c.role == "mediator") == hollow]
            if picked:
                colour = type_colour(etype)
                ax.scatter(mdates.date2num([c.day for c in picked]), [row[etype]] * len(picked), s=46,
                           facecolors="none" if hollow else colour, edgecolors=colour, linewidths=1.5,
                           zorder=3)
    days = mdates.date2num([c.day for c in claims])
    ax.set_xlim(min(days) - 7, max(max(days), min(days) + 28) + 7)
    _date_axis(ax)
    ax.tick_params(axis="x", labelsize=8)
    ax.set_yticks(range(len(types)), types, fontsize=8)
    ax.set_ylim(-0.7, len(types) - 0.3)
    ax.grid(axis="y", color="#e4e7ee", zorder=0)
    ax.spines[["top", "right"]].set_visible(False)
    return _svg(fig, f"actor-{code}")
