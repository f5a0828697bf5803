"""Evaluation query: do the articles of a story group share an event row?"""

from __future__ import annotations

from collections.abc import Sequence

import psycopg2.extensions


def story_groups_sharing_events(
    conn: psycopg2.extensions.connection, groups: Sequence[Sequence[str]]
) -> list[list[int]]:
    """For each group of article ext ids, the events that claims of at least two of its
    articles were merged into (empty when the group's claims stayed apart)."""
    out: list[list[int]] = []
    with conn.cursor() as cur:
        for group in groups:
            cur.execute(
                """
                SELECT ec.event_id FROM event_claims ec JOIN articles a ON a.id = ec.article_id
                WHERE a.ext_id = ANY(%s)
                GROUP BY ec.event_id HAVING count(DISTINCT ec.article_id) >= 2
                ORDER BY ec.event_id
                """,
                (list(group),),
            )
            out.append([e for (e,) in cur.fetchall()])
    return out
