"""The PostgreSQL side of events: pending claims in, events and their claims out.

A claim is pending when it has no event yet or its stored record changed since it was
linked (re-extraction rewrites claims in place). Counts are recomputed from
``event_claims`` and only written where they differ, so a re-run changes no row.
"""

from __future__ import annotations

from collections.abc import Sequence

import psycopg2.extensions
from psycopg2.extras import execute_values

from marsad.model import ClaimFacts, EventFacts, EventMerge, group_key

Conn = psycopg2.extensions.connection


def pending_claims(
    conn: Conn, article_ids: Sequence[int] | None, after: tuple[int, int], limit: int
) -> list[ClaimFacts]:
    """Up to ``limit`` pending claims after (article id, ordinal) ``after``, in that order."""
    only = "" if article_ids is None else "AND c.article_id = ANY(%(ids)s)"
    with conn.cursor() as cur:
        cur.execute(
            f"""
            SELECT c.id, c.article_id, c.ordinal, c.event_type, c.modality,
                   COALESCE((SELECT array_agg(DISTINCT ca.actor_code ORDER BY ca.actor_code)
                             FROM claim_actors ca WHERE ca.claim_id = c.id AND ca.role <> 'mediator'),
                            '{{}}')::text[],
                   COALESCE(c.event_date, (a.published_at AT TIME ZONE 'UTC')::date,
                            (a.fetched_at AT TIME ZONE 'UTC')::date),
                   CASE WHEN c.event_date IS NULL THEN 'day' ELSE COALESCE(c.date_precision, 'day') END,
                   c.location_country, md5(c.record::text)
            FROM claims c
            JOIN articles a ON a.id = c.article_id
            LEFT JOIN event_claims ec ON ec.claim_id = c.id
            WHERE (ec.claim_id IS NULL OR ec.fingerprint <> md5(c.record::text))
              AND (c.article_id, c.ordinal) > (%(aid)s, %(ord)s) {only}
            ORDER BY c.article_id, c.ordinal
            LIMIT %(limit)s
            """,
            {"aid": after[0], "ord": after[1], "ids": list(article_ids) if article_ids is not None else None,
             "limit": limit},
        )
        rows = cur.fetchall()
    return [ClaimFacts(r[0], r[1], r[2], r[3], r[4], tuple(r[5]), r[6], r[7], r[8], r[9]) for r in rows]


def events_in_groups(conn: Conn, groups: Sequence[str]) -> list[EventFacts]:
    """The stored events of these (type, actors) groups: the candidates for merging."""
    if not groups:
        return []
    with conn.cursor() as cur:
        cur.execute(
            "SELECT id, event_key, event_type, actors, event_date, date_precision, location_country"
            " FROM events WHERE group_key = ANY(%s) ORDER BY id",
            (list(groups),),
        )
        rows = cur.fetchall()
    return [EventFacts(key, etype, tuple(actors), day, prec, country, id=i) for i, key, etype, actors, day, prec, country in rows]


def save_merge(conn: Conn, claims: Sequence[ClaimFacts], merge: EventMerge) -> dict[str, int]:
    """Create the new events, link the claims, recount what changed (in the caller's transaction)."""
    facts = {c.claim_id: c for c in claims}
    with conn.cursor() as cur:
        created = execute_values(
            cur,
            """
            INSERT INTO events (event_key, group_key, event_type, actors, event_date, date_precision,
                                location_country)
            VALUES %s ON CONFLICT (event_key) DO NOTHING RETURNING id
            """,
            [(e.key, group_key(e.event_type, e.actors), e.event_type, list(e.actors), e.day, e.precision, e.country)
             for e in merge.new_events],
            fetch=True,
        )
        cur.execute("SELECT event_key, id FROM events WHERE event_key = ANY(%s)", (sorted(set(merge.links.values())),))
        ids = dict(cur.fetchall())
        # Claims whose link goes away (now unbacked, e.g. denied): drop it.
        unlinked = sorted(set(facts) - set(merge.links))
        cur.execute("DELETE FROM event_claims WHERE claim_id = ANY(%s) RETURNING event_id", (unlinked,))
        touched = {i for (i,) in cur.fetchall()}
        cur.execute("SELECT event_id FROM event_claims WHERE claim_id = ANY(%s)", (sorted(merge.links),))
        touched |= {i for (i,) in cur.fetchall()}
        execute_values(
            cur,
            """
            INSERT INTO event_claims (claim_id, event_id, article_id, fingerprint) VALUES %s
            ON CONFLICT (claim_id) DO UPDATE SET event_id = EXCLUDED.event_id, article_id = EXCLUDED.article_id,
                fingerprint = EXCLUDED.fingerprint
            WHERE (event_claims.event_id, event_claims.fingerprint) IS DISTINCT FROM (EXCLUDED.event_id, EXCLUDED.fingerprint)
            """,
            [(cid, ids[key], facts[cid].article_id, facts[cid].fingerprint) for cid, key in sorted(merge.links.items())],
        )
        touched |= {ids[key] for key in merge.links.values()}
        counts = _refresh(cur, sorted(touched))
    return {"events_created": len(created), **counts}


def refresh_all(conn: Conn) -> dict[str, int]:
    """Recount every event (claims deleted by re-extraction leave counts behind)."""
    with conn.cursor() as cur:
        return _refresh(cur, None)


def _refresh(cur: psycopg2.extensions.cursor, event_ids: list[int] | None) -> dict[str, int]:
    only = "" if event_ids is None else "WHERE ec.event_id = ANY(%(ids)s)"
    cur.execute(
        f"""
        UPDATE events e SET claims = c.claims, articles = c.articles, outlets = c.outlets,
               sources = c.sources, first_published_at = c.first_pub, updated_at = now()
        FROM (
            SELECT ec.event_id, count(*)::int AS claims, count(DISTINCT ec.article_id)::int AS articles,
                   count(DISTINCT COALESCE(NULLIF(a.outlet, ''), s.name, 'article:' || a.id))::int AS outlets,
                   count(DISTINCT COALESCE(d.story_id, a.id))::int AS sources,
                   min(a.published_at) AS first_pub
            FROM event_claims ec
            JOIN articles a ON a.id = ec.article_id
            LEFT JOIN sources s ON s.id = a.source_id
            LEFT JOIN article_dedup d ON d.article_id = a.id
            {only}
            GROUP BY ec.event_id
        ) c
        WHERE e.id = c.event_id
          AND (e.claims, e.articles, e.outlets, e.sources, e.first_published_at)
              IS DISTINCT FROM (c.claims, c.articles, c.outlets, c.sources, c.first_pub)
        """,
        {"ids": event_ids},
    )
    updated = cur.rowcount
    empty = "" if event_ids is None else "AND e.id = ANY(%(ids)s)"
    cur.execute(
        f"DELETE FROM events e WHERE NOT EXISTS (SELECT 1 FROM event_claims ec WHERE ec.event_id = e.id) {empty}",
        {"ids": event_ids},
    )
    return {"events_updated": updated, "events_deleted": cur.rowcount}
