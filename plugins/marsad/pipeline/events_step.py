"""The events step of the process DAG: merge pending claims into events, in a fixed order.

Runs after dedup (independent sources are counted by story) and after claims
extraction. Claims already linked, and unchanged since, are left alone, so a re-run
changes no row.
"""

from __future__ import annotations

from collections.abc import Sequence

import psycopg2.extensions

from marsad.events import merge_claims
from marsad.model import group_key
from marsad.store.events import events_in_groups, pending_claims, refresh_all, save_merge
from marsad.store.planner import analyze_if_stale

BATCH_CLAIMS = 5000
# What the events look-ups read: their statistics must keep up with a long run.
TABLES = ("claims", "claim_actors", "events", "event_claims")


def merge_events(
    conn: psycopg2.extensions.connection,
    article_ids: Sequence[int] | None = None,
    batch_size: int | None = None,
) -> dict[str, int]:
    """Merge the pending claims (of these articles, default all) into events; return counts.
    One transaction per ``batch_size`` claims (default ``BATCH_CLAIMS``)."""
    batch_size = batch_size or BATCH_CLAIMS
    counts = {"claims": 0, "linked": 0, "events_created": 0, "events_updated": 0, "events_deleted": 0}
    after = (0, -1)
    analyze_if_stale(conn, TABLES)
    while claims := pending_claims(conn, article_ids, after, batch_size):
        after = (claims[-1].article_id, claims[-1].ordinal)
        groups = sorted({group_key(c.event_type, c.actors) for c in claims})
        merge = merge_claims(claims, events_in_groups(conn, groups))
        saved = save_merge(conn, claims, merge)
        counts["claims"] += len(claims)
        counts["linked"] += len(merge.links)
        for key, value in saved.items():
            counts[key] += value
        analyze_if_stale(conn, TABLES)
    for key, value in refresh_all(conn).items():
        counts[key] += value
    return counts
