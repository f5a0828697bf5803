"""Read the reporting views (sql/migrations/004, 006 and 009)
into the model's report rows (:class:`marsad.model.ReportData`) for the HTML report.

Events are the pipeline's merged events (``events``, via the ``report_events`` view), so
the page counts what the events step counted: syndicated copies are one source.

The report module renders whatever these functions return and never touches the
database, so the page can be tested on hand-made rows and the SQL on a real database.
The materialized views are read as last refreshed (the report DAG refreshes them);
``refresh_materialized_views`` makes them current on demand.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import psycopg2.extensions

from marsad.model import (
    ActorClaim,
    ActorPage,
    ClaimRow,
    MediatorRow,
    PairCount,
    ReportData,
    SourceHealthRow,
    WeeklyCount,
)

Conn = psycopg2.extensions.connection


def _rows(conn: Conn, sql: str, params: tuple[Any, ...] | dict[str, Any]) -> list[tuple[Any, ...]]:
    with conn.cursor() as cur:
        cur.execute(sql, params)
        rows = cur.fetchall()
    return rows


def default_since(conn: Conn, weeks: int = 8) -> date:
    """First day of the ``weeks`` most recent weeks that hold a claim (empty weeks skipped,
    ``report_default_since`` of migration 009), so a report on old data is not empty;
    ``weeks`` weeks before today when nothing is loaded."""
    (since,) = _rows(conn, "SELECT report_default_since(%s)", (weeks,))[0]
    return since or date.today() - timedelta(weeks=weeks)


def events_per_week(conn: Conn, since: date) -> list[WeeklyCount]:
    rows = _rows(
        conn,
        """
        SELECT date_trunc('week', day)::date AS week, event_type, count(*)::int
        FROM report_events WHERE day >= %s
        GROUP BY 1, 2 ORDER BY 1, 2
        """,
        (since,),
    )
    return [WeeklyCount(*r) for r in rows]


def actor_pairs(conn: Conn, since: date, max_actors: int = 12) -> list[PairCount]:
    """Pair counts among the ``max_actors`` actors with the most interactions.

    Direction is folded away (A->B and B->A add up): the heat map is symmetric.
    """
    rows = _rows(
        conn,
        """
        WITH pairs AS (
            SELECT least(actor_a, actor_b) AS a, greatest(actor_a, actor_b) AS b, sum(n_events)::int AS n
            FROM report_actor_pairs WHERE day >= %(since)s GROUP BY 1, 2
        ), top AS (
            SELECT code FROM (SELECT a AS code, n FROM pairs UNION ALL SELECT b, n FROM pairs) x
            GROUP BY code ORDER BY sum(n) DESC, code LIMIT %(limit)s
        )
        SELECT a, b, n FROM pairs
        WHERE a IN (SELECT code FROM top) AND b IN (SELECT code FROM top)
        ORDER BY n DESC, a, b
        """,
        {"since": since, "limit": max_actors},
    )
    return [PairCount(*r) for r in rows]


def top_mediators(conn: Conn, since: date, limit: int = 10) -> list[MediatorRow]:
    rows = _rows(
        conn,
        """
        SELECT m.mediator, max(m.mediator_name), max(m.mediator_kind), count(*)::int,
               sum(m.n_articles)::int, sum(m.n_independent_sources)::int,
               ARRAY(SELECT DISTINCT p FROM report_mediation m2, unnest(m2.parties) p
                     WHERE m2.mediator = m.mediator AND m2.day >= %(since)s ORDER BY p),
               ARRAY(SELECT DISTINCT COALESCE(m3.location_name, m3.location_country)
                     FROM report_mediation m3
                     WHERE m3.mediator = m.mediator AND m3.day >= %(since)s
                       AND COALESCE(m3.location_name, m3.location_country) IS NOT NULL ORDER BY 1)
        FROM report_mediation m WHERE m.day >= %(since)s
        GROUP BY m.mediator ORDER BY 4 DESC, 1 LIMIT %(limit)s
        """,
        {"since": since, "limit": limit},
    )
    return [MediatorRow(*r) for r in rows]


def latest_claims(conn: Conn, since: date, limit: int = 50) -> list[ClaimRow]:
    rows = _rows(
        conn,
        """
        SELECT day, event_type, modality, parties, source_actor, target_actor, mediator,
               location_name, location_country, attribution, evidence_text, article_title,
               canonical_url, outlet
        FROM report_claims WHERE day >= %s
        ORDER BY day DESC, published_at DESC NULLS LAST, article_id DESC, ordinal
        LIMIT %s
        """,
        (since, limit),
    )
    return [ClaimRow(*r) for r in rows]


def actor_pages(conn: Conn, since: date, codes: list[str], limit: int = 200) -> list[ActorPage]:
    """Each actor's claims since ``since`` in any role (a claim naming it twice, say as
    party and source, is listed once, under its most specific role)."""
    rows = _rows(
        conn,
        """
        SELECT DISTINCT ON (ca.actor_code, rc.claim_id)
               ca.actor_code, rc.day, rc.event_type, ca.role,
               ARRAY(SELECT DISTINCT o.actor_code FROM claim_actors o
                     WHERE o.claim_id = rc.claim_id AND o.actor_code <> ca.actor_code ORDER BY 1),
               rc.modality, rc.evidence_text, rc.canonical_url, rc.claim_id
        FROM claim_actors ca JOIN report_claims rc ON rc.claim_id = ca.claim_id
        WHERE ca.actor_code = ANY(%(codes)s) AND rc.day >= %(since)s
        ORDER BY ca.actor_code, rc.claim_id, ca.role = 'party', ca.role
        """,
        {"codes": codes, "since": since},
    )
    names = dict((code, (en, ar)) for code, en, ar in _rows(
        conn, "SELECT code, name_en, name_ar FROM actors WHERE code = ANY(%s)", (codes,)))
    claims: dict[str, list[ActorClaim]] = {code: [] for code in codes}
    for code, *fields, _claim_id in sorted(rows, key=lambda r: (r[0], r[1], r[-1])):
        if len(claims[code]) < limit:
            claims[code].append(ActorClaim(*fields))
    pages = []
    for code in codes:
        name_en, name_ar = names.get(code, (None, None))
        pages.append(ActorPage(code, name_en, name_ar, claims[code]))
    return pages


def source_health(conn: Conn) -> list[SourceHealthRow]:
    rows = _rows(
        conn,
        """
        SELECT source_key, name, active, last_status, last_success_at, last_error, runs_30d,
               not_modified_rate_30d::float, articles_per_night_30d::float, extraction_failures_30d
        FROM report_source_health ORDER BY active DESC, source_key
        """,
        (),
    )
    return [SourceHealthRow(*r) for r in rows]


def period_totals(conn: Conn, since: date) -> dict[str, int]:
    """Events (and those with two or more independent sources), claims, articles, sources."""
    (events, corroborated, claims, articles, sources) = _rows(
        conn,
        """
        SELECT (SELECT count(*) FROM report_events WHERE day >= %(since)s)::int,
               (SELECT count(*) FROM report_events
                WHERE day >= %(since)s AND n_independent_sources >= 2)::int,
               (SELECT count(*) FROM report_claims WHERE day >= %(since)s)::int,
               (SELECT count(DISTINCT article_id) FROM report_claims WHERE day >= %(since)s)::int,
               (SELECT count(DISTINCT source_key) FROM report_claims WHERE day >= %(since)s)::int
        """,
        {"since": since},
    )[0]
    return {"events": events, "corroborated": corroborated, "claims": claims, "articles": articles,
            "sources": sources}


def load_report(
    conn: Conn, since: date, *, max_actors: int = 12, mediators: int = 10, claims: int = 50
) -> ReportData:
    """All the rows of one report page, read in one go; one actor page per actor of the
    heat map."""
    pairs = actor_pairs(conn, since, max_actors)
    codes = sorted({p.actor_a for p in pairs} | {p.actor_b for p in pairs})
    return ReportData(
        since=since,
        generated_at=datetime.now(UTC),
        weekly=events_per_week(conn, since),
        pairs=pairs,
        mediators=top_mediators(conn, since, mediators),
        claims=latest_claims(conn, since, claims),
        sources=source_health(conn),
        totals=period_totals(conn, since),
        actors=actor_pages(conn, since, codes),
    )
