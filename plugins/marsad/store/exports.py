"""Read claims for export, with everything a PLOVER record carries: the actors by role
with their names and kinds, every evidence span with its text, the event the claim was
merged into, and the article it was read in (canonical URL, title, outlet).

Rows are plain dicts; ``marsad.export.plover`` turns them into records. The period is
the claim's reporting day (``report_claims.day``: the event date, else the publication
day, else the day stored), the same day the reports filter on.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import psycopg2.extensions

_CLAIMS = """
SELECT rc.claim_id, rc.article_id, rc.ordinal, rc.extractor_version, rc.day, rc.event_date,
       rc.date_precision, rc.event_type, rc.mode, rc.modality, rc.source_actor, rc.target_actor,
       rc.mediator, rc.location_name, rc.location_country, rc.attribution, rc.topics,
       rc.confidence, c.created_at AS coded_at, rc.event_id, e.event_key,
       COALESCE((SELECT jsonb_agg(jsonb_build_object(
                            'role', ca.role, 'code', ca.actor_code, 'kind', ac.kind,
                            'name_en', ac.name_en, 'name_ar', ac.name_ar)
                        ORDER BY ca.role, ca.actor_code)
                 FROM claim_actors ca LEFT JOIN actors ac ON ac.code = ca.actor_code
                 WHERE ca.claim_id = rc.claim_id), '[]') AS actors,
       (SELECT jsonb_agg(jsonb_build_object(
                    'start', (span->>'start')::int, 'end', (span->>'end')::int,
                    'text', substr(a.text, (span->>'start')::int + 1,
                                   (span->>'end')::int - (span->>'start')::int))
                ORDER BY n)
        FROM jsonb_array_elements(rc.evidence) WITH ORDINALITY AS s(span, n)) AS evidence,
       rc.canonical_url, rc.article_title, rc.outlet, rc.source_key, rc.published_at,
       COALESCE(s.language, 'ar') AS language
FROM report_claims rc
JOIN claims c ON c.id = rc.claim_id
JOIN articles a ON a.id = rc.article_id
LEFT JOIN sources s ON s.key = rc.source_key
LEFT JOIN events e ON e.id = rc.event_id
WHERE rc.day >= %(since)s AND (%(until)s::date IS NULL OR rc.day <= %(until)s::date)
  AND (%(event_id)s::bigint IS NULL OR rc.event_id = %(event_id)s::bigint)
ORDER BY rc.day, rc.claim_id
"""


def claims_for_export(
    conn: psycopg2.extensions.connection,
    since: date = date.min,
    until: date | None = None,
    event_id: int | None = None,
) -> list[dict[str, Any]]:
    """Claims whose day is in [since, until] (and of one event when given), oldest first."""
    with conn.cursor() as cur:
        cur.execute(_CLAIMS, {"since": since, "until": until, "event_id": event_id})
        cols = [d[0] for d in cur.description or ()]
        rows = [dict(zip(cols, r)) for r in cur.fetchall()]
    return rows
