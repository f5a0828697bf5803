-- Event-level reporting on the pipeline's corroborated events (003: events, event_claims,
-- built by marsad.pipeline.events_step.merge_events) instead of the reporting layer's own
-- grouping of claims (004). One notion of "event" in the whole system: the events step
-- merges claims across articles (a day apart, no place on one side ...) and counts
-- articles, outlets and independent sources (syndicated copies of one story count once);
-- the views read those counts instead of recounting.
-- report_actor_pairs and report_mediation read report_events, so they are dropped and
-- recreated with it; report_claims gains the claim's event.

DROP VIEW report_mediation;
DROP VIEW report_actor_pairs;
DROP MATERIALIZED VIEW report_events;

-- One row per claim, as in 004, plus the event it was merged into (null until the events
-- step has run on it, or for claims that back no event, such as denials).
CREATE OR REPLACE VIEW report_claims AS
SELECT c.id                                                      AS claim_id,
       c.article_id,
       c.ordinal,
       c.extractor_version,
       COALESCE(c.event_date, (a.published_at AT TIME ZONE 'UTC')::date,
                (c.created_at AT TIME ZONE 'UTC')::date)         AS day,
       c.event_date,
       c.date_precision,
       c.event_type,
       c.mode,
       c.modality,
       COALESCE((SELECT array_agg(ca.actor_code ORDER BY ca.actor_code) FROM claim_actors ca
                 WHERE ca.claim_id = c.id AND ca.role = 'party'), '{}')::text[] AS parties,
       c.source_actor,
       c.target_actor,
       c.mediator,
       c.location_name,
       c.location_country,
       c.attribution,
       c.evidence_text,
       c.evidence,
       c.confidence,
       c.topics,
       a.title                                                   AS article_title,
       COALESCE(a.final_url, a.url, a.canonical_url)             AS article_url,
       a.canonical_url,
       a.published_at,
       COALESCE(a.outlet, s.name)                                AS outlet,
       s.key                                                     AS source_key,
       COALESCE(d.story_id, a.id)                                AS story_id,
       ec.event_id
FROM claims c
JOIN articles a ON a.id = c.article_id
LEFT JOIN sources s ON s.id = a.source_id
LEFT JOIN article_dedup d ON d.article_id = a.id
LEFT JOIN event_claims ec ON ec.claim_id = c.id;

-- One row per event of the events table. Facts that belong to the event (type, actors,
-- date, counts) come from `events`; what the merge does not key on (direction, mediator,
-- place name, modality) is the most frequent value among the event's claims. Counts are
-- the events step's: n_outlets distinct outlets, n_independent_sources distinct stories
-- (article_dedup, 002). n_sources and n_stories keep 004's names for those two counts.
CREATE MATERIALIZED VIEW report_events AS
SELECT e.event_key,
       e.id                                                          AS event_id,
       COALESCE(e.event_date, (e.first_published_at AT TIME ZONE 'UTC')::date,
                (e.created_at AT TIME ZONE 'UTC')::date)             AS day,
       e.date_precision,
       e.event_type,
       e.event_type IN ('CONSULT', 'AGREE', 'REQUEST', 'REJECT', 'THREATEN', 'ACCUSE', 'SANCTION',
                        'SUPPORT', 'COOPERATE', 'CONCEDE', 'AID')     AS is_diplomacy,
       e.actors,
       c.direction[1]                                                AS source_actor,
       c.direction[2]                                                AS target_actor,
       c.mediator,
       c.mediators,
       c.location_name,
       COALESCE(e.location_country, c.location_country)              AS location_country,
       c.modality,
       e.claims                                                      AS n_claims,
       e.articles                                                    AS n_articles,
       e.outlets                                                     AS n_outlets,
       e.sources                                                     AS n_independent_sources,
       e.outlets                                                     AS n_sources,
       e.sources                                                     AS n_stories,
       e.first_published_at,
       c.outlets,
       c.claim_ids
FROM events e
CROSS JOIN LATERAL (
    SELECT mode() WITHIN GROUP (ORDER BY ARRAY[cl.source_actor, cl.target_actor])
               FILTER (WHERE cl.source_actor IS NOT NULL AND cl.target_actor IS NOT NULL
                       AND cl.source_actor <> cl.target_actor)          AS direction,
           mode() WITHIN GROUP (ORDER BY cl.mediator)                    AS mediator,
           COALESCE(array_agg(DISTINCT cl.mediator) FILTER (WHERE cl.mediator IS NOT NULL),
                    '{}')::text[]                                        AS mediators,
           mode() WITHIN GROUP (ORDER BY cl.location_name)               AS location_name,
           mode() WITHIN GROUP (ORDER BY cl.location_country)            AS location_country,
           mode() WITHIN GROUP (ORDER BY cl.modality)                    AS modality,
           COALESCE(array_agg(DISTINCT COALESCE(NULLIF(a.outlet, ''), s.name))
                        FILTER (WHERE COALESCE(NULLIF(a.outlet, ''), s.name) IS NOT NULL),
                    '{}')::text[]                                        AS outlets,
           array_agg(ec.claim_id ORDER BY ec.claim_id)                   AS claim_ids
    FROM event_claims ec
    JOIN claims cl ON cl.id = ec.claim_id
    JOIN articles a ON a.id = ec.article_id
    LEFT JOIN sources s ON s.id = a.source_id
    WHERE ec.event_id = e.id
) c;
CREATE UNIQUE INDEX report_events_key ON report_events (event_key);
CREATE INDEX report_events_day_idx ON report_events (day, event_type);

-- Who did what to whom, per day and event type, as in 004: a directed event gives one
-- row source -> target (directed = true), a symmetric one every pair of its actors once,
-- in code order (directed = false). A plain view over report_events.
CREATE VIEW report_actor_pairs AS
WITH pairs AS (
    SELECT e.day, e.event_type, e.source_actor AS actor_a, e.target_actor AS actor_b, true AS directed,
           e.n_claims, e.n_articles, e.n_independent_sources
    FROM report_events e
    WHERE e.source_actor IS NOT NULL AND e.target_actor IS NOT NULL
    UNION ALL
    SELECT e.day, e.event_type, a.code, b.code, false, e.n_claims, e.n_articles, e.n_independent_sources
    FROM report_events e
    CROSS JOIN LATERAL unnest(e.actors) AS a(code)
    CROSS JOIN LATERAL unnest(e.actors) AS b(code)
    WHERE a.code < b.code AND (e.source_actor IS NULL OR e.target_actor IS NULL)
)
SELECT day, event_type, actor_a, actor_b, directed,
       count(*)::int                      AS n_events,
       sum(n_claims)::int                 AS n_claims,
       sum(n_articles)::int               AS n_articles,
       sum(n_independent_sources)::int    AS n_independent_sources
FROM pairs
GROUP BY day, event_type, actor_a, actor_b, directed;

-- Mediation: one row per event with a mediator (the most frequent among its claims).
CREATE VIEW report_mediation AS
SELECT e.event_key,
       e.day,
       e.mediator,
       ac.kind    AS mediator_kind,
       ac.name_en AS mediator_name,
       e.actors   AS parties,
       e.event_type,
       e.location_name,
       e.location_country,
       e.modality,
       e.n_claims,
       e.n_articles,
       e.n_sources,
       e.n_stories,
       e.n_outlets,
       e.n_independent_sources
FROM report_events e
LEFT JOIN actors ac ON ac.code = e.mediator
WHERE e.mediator IS NOT NULL;
