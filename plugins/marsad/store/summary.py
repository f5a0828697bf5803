"""Read-only summaries for the end of a run and the CLI."""

from __future__ import annotations

import psycopg2.extensions

from marsad.model import LatestClaim

_COUNTS = {
    "sources": "SELECT count(*) FROM sources",
    "active_sources": "SELECT count(*) FROM sources WHERE active",
    "articles": "SELECT count(*) FROM articles",
    "claims": "SELECT count(*) FROM claims",
    "claim_actors": "SELECT count(*) FROM claim_actors",
    "duplicates": "SELECT count(*) FROM article_dedup WHERE duplicate_of IS NOT NULL",
    "events": "SELECT count(*) FROM events",
}


def table_counts(conn: psycopg2.extensions.connection) -> dict[str, int]:
    out: dict[str, int] = {}
    with conn.cursor() as cur:
        for name, sql in _COUNTS.items():
            cur.execute(sql)
            row = cur.fetchone()
            assert row is not None  # count(*) always has a row
            out[name] = row[0]
    return out


def latest_claims(conn: psycopg2.extensions.connection, limit: int = 50) -> list[LatestClaim]:
    """Claims with their actors, place, date and evidence sentence, latest first: by the
    claim's day (its event date, else its article's publication day), then publication."""
    with conn.cursor() as cur:
        cur.execute(
            """
            SELECT c.event_type, c.mode, c.modality,
                   (SELECT string_agg(actor_code, ',' ORDER BY actor_code) FROM claim_actors ca
                     WHERE ca.claim_id = c.id AND ca.role = 'party') AS actors,
                   c.source_actor, c.target_actor, c.mediator, c.location_name, c.location_country,
                   c.event_date, c.attribution, c.evidence_text, a.canonical_url
            FROM claims c JOIN articles a ON a.id = c.article_id
            ORDER BY COALESCE(c.event_date, (a.published_at AT TIME ZONE 'UTC')::date) DESC NULLS LAST,
                     a.published_at DESC NULLS LAST, a.id, c.ordinal
            LIMIT %s
            """,
            (limit,),
        )
        rows = [LatestClaim(*r) for r in cur.fetchall()]
    return rows
