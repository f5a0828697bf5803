"""One self-contained HTML page from the report rows: no scripts, no external resources.

Everything from the database is escaped; links are emitted only for http(s) URLs, so a
hostile article URL cannot become a script. Arabic text (evidence, titles, outlets) is
marked ``dir="rtl" lang="ar"`` so browsers lay it out right to left inside the LTR page.
Article links are canonical URLs (no ``?utm_source=...``).

Each actor of the heat map has a small page of its own inside the file: a section
``#actor-<CODE>`` (a timeline of its claims by type, and the claims) that CSS shows only
when it is the link target, so the page stays one self-contained file without scripts;
the heat map's actor names and the list under it link there.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from urllib.parse import urlsplit

from marsad.model import ActorClaim, ActorPage, ClaimRow, MediatorRow, ReportData, SourceHealthRow
from marsad.report.charts import actor_timeline_svg, pair_heatmap_svg, weekly_events_svg

_CSS = """
body { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; margin: 2rem auto; max-width: 72rem;
       color: #1d2330; line-height: 1.45; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.2rem; margin-top: 2.2rem;
       border-bottom: 2px solid #e4e7ee; padding-bottom: .3rem; }
.meta { color: #5b6475; font-size: .9rem; }
.totals { display: flex; gap: 1rem; flex-wrap: wrap; }
.totals div { background: #f3f5f9; border-radius: 6px; padding: .6rem 1rem; }
.totals b { display: block; font-size: 1.4rem; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; }
th, td { border-bottom: 1px solid #e4e7ee; padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #f3f5f9; }
td.evidence { font-family: "Noto Naskh Arabic", "DejaVu Sans", "Amiri", serif; font-size: 1rem;
              text-align: right; max-width: 32rem; }
.empty { color: #8a93a5; font-style: italic; }
.chart svg { max-width: 100%; height: auto; }
.bad { color: #b3261e; font-weight: bold; }
.actor-page { display: none; }
.actor-page:target { display: block; position: fixed; inset: 0; overflow: auto; background: #fff;
                     padding: 1.5rem max(1rem, calc((100% - 72rem) / 2)); }
.actor-links a { margin-right: .6rem; }
"""

_CORE_TYPES = ["CONSULT", "AGREE", "REQUEST", "REJECT", "THREATEN", "ACCUSE", "SANCTION", "SUPPORT", "COOPERATE", "CONCEDE", "AID"]


def _e(value: object) -> str:
    return "" if value is None else escape(str(value), quote=True)


def _ar(value: object, tag: str = "span") -> str:
    """Arabic text in its own right-to-left box."""
    return f'<{tag} dir="rtl" lang="ar">{_e(value)}</{tag}>'


def _link(url: str, label: str) -> str:
    if urlsplit(url).scheme in ("http", "https"):
        return f'<a href="{_e(url)}" rel="noopener noreferrer">{label}</a>'
    return label


def _table(headers: Sequence[str], rows: Iterable[str], css_class: str) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    return f'<table class="{css_class}"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _empty(message: str) -> str:
    return f'<p class="empty">{_e(message)}</p>'


def _claim_row(c: ClaimRow) -> str:
    if c.source_actor and c.target_actor:
        who = f"{_e(c.source_actor)} → {_e(c.target_actor)}"
    else:
        who = _e(", ".join(c.parties))
    place = ", ".join(x for x in (c.location_name, c.location_country) if x)
    title = _ar(c.article_title or c.canonical_url)
    return (
        "<tr>"
        f"<td>{_e(c.day)}</td><td>{_e(c.event_type)}</td><td>{who}</td><td>{_e(c.mediator)}</td>"
        f'<td dir="auto">{_e(place)}</td><td>{_e(c.modality)}</td><td dir="auto">{_e(c.attribution)}</td>'
        f'<td class="evidence" dir="rtl" lang="ar">{_e(c.evidence_text)}</td>'
        f"<td>{_link(c.canonical_url, title)}<br>{_ar(c.outlet)}</td>"
        "</tr>"
    )


def _mediator_row(m: MediatorRow) -> str:
    name = f"{_e(m.mediator)}" + (f" ({_e(m.name)})" if m.name else "")
    return (
        f"<tr><td>{name}</td><td>{_e(m.kind)}</td><td>{m.n_events}</td><td>{m.n_articles}</td>"
        f"<td>{m.n_independent_sources}</td>"
        f"<td>{_e(', '.join(m.parties))}</td><td dir=\"auto\">{_e(', '.join(m.places))}</td></tr>"
    )


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.0f}%"


def _source_row(s: SourceHealthRow) -> str:
    status = _e(s.last_status or "never run")
    if s.last_status == "error":
        status = f'<span class="bad">{status}</span>'
    return (
        f"<tr><td>{_e(s.source_key)}</td><td>{_ar(s.name)}</td><td>{'yes' if s.active else 'no'}</td>"
        f"<td>{status}</td><td>{_e(s.last_success_at.strftime('%Y-%m-%d %H:%M') if s.last_success_at else '')}</td>"
        f"<td>{s.runs_30d}</td><td>{_pct(s.not_modified_rate_30d)}</td>"
        f"<td>{_e(s.articles_per_night_30d if s.articles_per_night_30d is not None else '')}</td>"
        f"<td>{s.extraction_failures_30d}</td><td>{_e(s.last_error)}</td></tr>"
    )


def _actor_claim_row(c: ActorClaim) -> str:
    return (
        f"<tr><td>{_e(c.day)}</td><td>{_e(c.event_type)}</td><td>{_e(c.role)}</td>"
        f"<td>{_e(', '.join(c.counterparts))}</td><td>{_e(c.modality)}</td>"
        f'<td class="evidence" dir="rtl" lang="ar">{_e(c.evidence_text)}</td>'
        f"<td>{_link(c.canonical_url, 'article')}</td></tr>"
    )


def _actor_page(a: ActorPage, since: str) -> str:
    names = " ".join(x for x in (_e(a.name_en), _ar(a.name_ar) if a.name_ar else "") if x)
    body = (
        f'<div class="chart">{actor_timeline_svg(a.code, a.claims)}</div>'
        + _table(("day", "type", "role", "with", "modality", "evidence", ""), map(_actor_claim_row, a.claims),
                 "actor-claims")
        if a.claims else _empty(f"No claims since {since}.")
    )
    return (
        f'<section class="actor-page" id="actor-{_e(a.code)}"><p><a href="#actor-pairs">← back to the report</a></p>'
        f"<h2>{_e(a.code)} {names}: claims since {_e(since)}, by type</h2>"
        f'<p class="meta">{len(a.claims)} claims; a hollow dot is a claim it mediated.</p>{body}</section>'
    )


def render_report(data: ReportData) -> str:
    """The whole page as a string (UTF-8 when written)."""
    since = data.since.isoformat()
    totals = "".join(
        f"<div><b>{data.totals.get(k, 0)}</b>{_e(label)}</div>"
        for k, label in (("events", "events"), ("corroborated", "corroborated (2+ independent sources)"),
                         ("claims", "claims"), ("articles", "articles"), ("sources", "sources"))
    )
    weekly = (
        f'<div class="chart">{weekly_events_svg(data.weekly)}</div>'
        if data.weekly else _empty(f"No events since {since}.")
    )
    actor_links = " ".join(f'<a href="#actor-{_e(a.code)}">{_e(a.code)}</a>' for a in data.actors)
    pairs = (
        f'<div class="chart">{pair_heatmap_svg(data.pairs)}</div>'
        f'<p class="meta actor-links">Each actor\'s claims over time: {actor_links}</p>'
        if data.pairs else _empty(f"No actor pairs since {since}.")
    )
    actor_pages = "".join(_actor_page(a, since) for a in data.actors)
    mediators = (
        _table(("mediator", "kind", "events", "articles", "independent sources", "between", "where"),
               map(_mediator_row, data.mediators), "mediators")
        if data.mediators else _empty(f"No mediation since {since}.")
    )
    claims = (
        _table(("day", "type", "actors", "mediator", "place", "modality", "attribution", "evidence", "article"),
               map(_claim_row, data.claims), "claims")
        if data.claims else _empty(f"No claims since {since}.")
    )
    sources = (
        _table(("source", "name", "active", "last status", "last success", "runs (30 d)", "304 rate",
                "new / night", "extraction failures", "last error"),
               map(_source_row, data.sources), "sources")
        if data.sources else _empty("No sources.")
    )
    return f"""<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>marsad report since {_e(since)}</title>
<style>{_CSS}</style>
</head>
<body>
<header>
<h1>marsad — diplomacy report <span dir="rtl" lang="ar">مرصد</span></h1>
<p class="meta">Events dated from {_e(since)}; generated {_e(data.generated_at.strftime('%Y-%m-%d %H:%M UTC'))}.
Diplomacy types: {_e(', '.join(_CORE_TYPES))}; context types (ASSAULT, COERCE ...) are shown as well.</p>
<div class="totals" id="totals">{totals}</div>
</header>
<section id="events-per-week"><h2>Events per week, by type</h2>{weekly}</section>
<section id="actor-pairs"><h2>Who interacts with whom</h2>
<p class="meta">Events between two actors, either direction; the actors with the most events.</p>{pairs}</section>
<section id="mediators"><h2>Top mediators</h2>{mediators}</section>
<section id="claims"><h2>Latest claims and their evidence</h2>{claims}</section>
<section id="sources"><h2>Source health</h2>{sources}</section>
{actor_pages}
</body>
</html>
"""
