"""Claims and their actors: an article's claim set is replaced atomically.

Rows are keyed by (article_id, ordinal) and only rewritten when they differ, so a re-run
with the same extractor changes nothing, and a new extractor version replaces the whole
set of an article inside the caller's one transaction (never appends).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import psycopg2.extensions
from psycopg2.extras import Json, execute_values

from marsad.model import Claim

Conn = psycopg2.extensions.connection

_COLS = (
    "article_id", "ordinal", "extractor_version", "event_type", "mode", "modality", "source_actor",
    "target_actor", "mediator", "location_name", "location_country", "event_date", "date_precision",
    "attribution", "topics", "participants", "evidence", "evidence_text", "confidence", "record",
)


def _row(article_id: int, ordinal: int, version: str, claim: Claim, text: str) -> tuple[Any, ...]:
    first = claim.evidence[0] if claim.evidence else None
    location = claim.location
    return (
        article_id, ordinal, version, claim.event_type, claim.mode, claim.modality,
        claim.source_actor, claim.target_actor, claim.mediator,
        location.name if location else None, location.country if location else None,
        date.fromisoformat(claim.event_date) if claim.event_date else None, claim.date_precision,
        claim.attribution, list(claim.topics), Json([p.to_spec() for p in claim.participants]),
        Json([e.to_spec() for e in claim.evidence]), text[first.start:first.end] if first else "",
        float(claim.confidence), Json(claim.to_spec()),
    )


def replace_claims(
    conn: Conn,
    version: str,
    claims_by_article: Mapping[int, Sequence[Claim]],
    texts: Mapping[int, str],
) -> dict[str, int]:
    """Make each article's stored claims equal ``claims_by_article[id]``, atomically.

    Also marks the articles as processed at ``version``, in the same (the caller's) transaction.
    """
    article_ids = list(claims_by_article)
    if not article_ids:
        return {"claims_written": 0, "claims_deleted": 0}
    rows = [
        _row(aid, i, version, claim, texts[aid])
        for aid, claims in claims_by_article.items()
        for i, claim in enumerate(claims)
    ]
    counts = {aid: len(c) for aid, c in claims_by_article.items()}
    cols = ", ".join(_COLS)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in _COLS[2:])
    distinct = " OR ".join(f"claims.{c} IS DISTINCT FROM EXCLUDED.{c}" for c in _COLS[2:])
    with conn.cursor() as cur:
        cur.execute(
            "DELETE FROM claims c USING unnest(%s::bigint[], %s::int[]) AS k(aid, n)"
            " WHERE c.article_id = k.aid AND c.ordinal >= k.n",
            (list(counts), list(counts.values())),
        )
        deleted = cur.rowcount
        written = 0
        if rows:
            changed = execute_values(
                cur,
                f"INSERT INTO claims ({cols}) VALUES %s ON CONFLICT (article_id, ordinal) DO UPDATE SET"
                f" {updates}, updated_at = now() WHERE {distinct} RETURNING id",
                rows,
                page_size=1000,
                fetch=True,
            )
            written = len(changed)
        # Claim ids of the batch, to make claim_actors match the new records.
        cur.execute(
            "SELECT id, article_id, ordinal FROM claims WHERE article_id = ANY(%s)", (article_ids,)
        )
        ids = {(aid, n): cid for cid, aid, n in cur.fetchall()}
        actor_rows = sorted(
            (ids[(aid, i)], code, role)
            for aid, claims in claims_by_article.items()
            for i, claim in enumerate(claims)
            for code, role in {(a.code, a.role) for a in claim.claim_actors()}
        )
        claim_ids = list(ids.values())
        cur.execute(
            "DELETE FROM claim_actors WHERE claim_id = ANY(%s) AND (claim_id, actor_code, role) NOT IN"
            " (SELECT * FROM unnest(%s::bigint[], %s::text[], %s::text[]))",
            (claim_ids, [r[0] for r in actor_rows], [r[1] for r in actor_rows], [r[2] for r in actor_rows]),
        )
        if actor_rows:
            execute_values(
                cur,
                "INSERT INTO claim_actors (claim_id, actor_code, role) VALUES %s ON CONFLICT DO NOTHING",
                actor_rows,
                page_size=2000,
            )
        cur.execute(
            "UPDATE articles SET processed_version = %s, processed_at = now()"
            " WHERE id = ANY(%s) AND processed_version IS DISTINCT FROM %s",
            (version, article_ids, version),
        )
    return {"claims_written": written, "claims_deleted": deleted}
