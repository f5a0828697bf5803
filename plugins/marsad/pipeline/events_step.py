"""The events step of the process DAG: merge pending claims into events, in a fixed order.

Runs after dedup (independent sources are counted by story) and after claims
extraction. Claims already linked, and unchanged since, are left alone, so a re-run
changes no row. One transaction per batch of claims: its reads, the merge and its writes.
"""

from __future__ import annotations

from collections.abc import Sequence

import psycopg2.extensions

from marsad.events import merge_claims
from marsad.model import EventsResult, group_key
from marsad.pipeline.settings import PipelineSettings
from marsad.pipeline.transaction import transaction
from marsad.store.events import events_in_groups, pending_claims, refresh_all, save_merge
from marsad.store.planner import analyze_if_stale

# What the events look-ups read: their statistics must keep up with a long run.
TABLES = ("claims", "claim_actors", "events", "event_claims")


def merge_events(
    conn: psycopg2.extensions.connection,
    article_ids: Sequence[int] | None = None,
    settings: PipelineSettings | None = None,
) -> EventsResult:
    """Merge the pending claims (of these articles, default all) into events; return counts.
    One transaction per ``settings.events_batch`` claims, then one to recount every event."""
    settings = settings or PipelineSettings.from_env()
    counts = {"claims": 0, "linked": 0, "events_created": 0, "events_updated": 0, "events_deleted": 0}
    after = (0, -1)
    with transaction(conn):
        analyze_if_stale(conn, TABLES)
    while True:
        with transaction(conn):
            claims = pending_claims(conn, article_ids, after, settings.events_batch)
            if not claims:
                break
            after = (claims[-1].article_id, claims[-1].ordinal)
            groups = sorted({group_key(c.event_type, c.actors) for c in claims})
            merge = merge_claims(claims, events_in_groups(conn, groups))
            saved = save_merge(conn, claims, merge)
        counts["claims"] += len(claims)
        counts["linked"] += len(merge.links)
        for key, value in saved.items():
            counts[key] += value
        with transaction(conn):
            analyze_if_stale(conn, TABLES)
    with transaction(conn):
        recounted = refresh_all(conn)
    for key, value in recounted.items():
        counts[key] += value
    return EventsResult(**counts)
