-- Reporting views. Columns are a stable interface, documented in docs/reporting.md.
-- The heavy aggregate, report_events, is a materialized view with a unique index, so the
-- report DAG's refresh task refreshes it CONCURRENTLY (readers are never blocked); the
-- others are plain views: always current, or as current as the report_events they read.
-- Every row carries a non-null `day`: the event date when the claim gives one, else the
-- article's publication date (UTC), else the day the claim was stored.

-- One row per claim: the evidence sentence with who said it, how, and where it was read.
CREATE VIEW report_claims AS
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
       COALESCE(d.story_id, a.id)                                AS story_id
FROM claims c
JOIN articles a ON a.id = c.article_id
LEFT JOIN sources s ON s.id = a.source_id
LEFT JOIN article_dedup d ON d.article_id = a.id;

-- Diplomacy events: the claims of all articles about one real-world event, grouped on
-- day, type, parties, direction, mediator and place country. One row per event, with the
-- number of articles, of distinct sources (outlets) that reported it, and of distinct
-- stories (article_dedup, 002): copies of one agency text count as one story.
CREATE MATERIALIZED VIEW report_events AS
SELECT md5(concat_ws('|', rc.day, rc.event_type, array_to_string(rc.parties, ','),
                     quote_nullable(rc.source_actor), quote_nullable(rc.target_actor),
                     quote_nullable(rc.mediator), quote_nullable(rc.location_country))) AS event_key,
       rc.day,
       rc.event_type,
       rc.event_type IN ('CONSULT', 'AGREE', 'REQUEST', 'REJECT', 'THREATEN', 'ACCUSE', 'SANCTION',
                         'SUPPORT', 'COOPERATE', 'CONCEDE', 'AID')    AS is_diplomacy,
       rc.parties                                                    AS actors,
       rc.source_actor,
       rc.target_actor,
       rc.mediator,
       mode() WITHIN GROUP (ORDER BY rc.location_name)               AS location_name,
       rc.location_country,
       mode() WITHIN GROUP (ORDER BY rc.modality)                    AS modality,
       count(*)::int                                                 AS n_claims,
       count(DISTINCT rc.article_id)::int                            AS n_articles,
       count(DISTINCT COALESCE(rc.source_key, rc.outlet, rc.canonical_url))::int AS n_sources,
       count(DISTINCT rc.story_id)::int                              AS n_stories,
       min(rc.published_at)                                          AS first_published_at,
       array_agg(rc.claim_id ORDER BY rc.claim_id)                   AS claim_ids
FROM report_claims rc
GROUP BY rc.day, rc.event_type, rc.parties, rc.source_actor, rc.target_actor, rc.mediator,
         rc.location_country;
CREATE UNIQUE INDEX report_events_key ON report_events (event_key);
CREATE INDEX report_events_day_idx ON report_events (day, event_type);

-- Who did what to whom, per day and event type. A directed event (a source and a
-- target: REQUEST, THREATEN, ACCUSE ...) gives one row source -> target with
-- directed = true; a symmetric one (talks, agreements) gives every pair of its parties
-- once, in code order, with directed = false. Sum over days for "over a period".
-- A plain view over report_events (so it is as current as that view's last refresh and
-- needs no refresh order of its own).
CREATE VIEW report_actor_pairs AS
WITH pairs AS (
    SELECT e.day, e.event_type, e.source_actor AS actor_a, e.target_actor AS actor_b, true AS directed,
           e.n_claims, e.n_articles
    FROM report_events e
    WHERE e.source_actor IS NOT NULL AND e.target_actor IS NOT NULL AND e.source_actor <> e.target_actor
    UNION ALL
    SELECT e.day, e.event_type, a.code, b.code, false, e.n_claims, e.n_articles
    FROM report_events e
    CROSS JOIN LATERAL unnest(e.actors) AS a(code)
    CROSS JOIN LATERAL unnest(e.actors) AS b(code)
    WHERE a.code < b.code
      AND NOT (e.source_actor IS NOT NULL AND e.target_actor IS NOT NULL AND e.source_actor <> e.target_actor)
)
SELECT day, event_type, actor_a, actor_b, directed,
       count(*)::int        AS n_events,
       sum(n_claims)::int   AS n_claims,
       sum(n_articles)::int AS n_articles
FROM pairs
GROUP BY day, event_type, actor_a, actor_b, directed;

-- Mediation: which state or organisation mediated between which parties, where. One row
-- per mediated event (a plain view over report_events, as current as its last refresh).
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
       e.n_stories
FROM report_events e
LEFT JOIN actors ac ON ac.code = e.mediator
WHERE e.mediator IS NOT NULL;

-- Per source: the feed state, and over the last 30 days of ingest runs (pipeline_runs,
-- stage 'ingest'): how often the feed answered 304, how many new articles a night, and
-- how many pages failed (fetch errors) or yielded no article text (feed fallback).
CREATE VIEW report_source_nights AS
SELECT pr.source_key,
       (pr.started_at AT TIME ZONE 'UTC')::date                      AS night,
       pr.run_id,
       pr.dag_id,
       pr.started_at,
       pr.finished_at,
       pr.counts->>'status'                                          AS status,
       (pr.counts->>'http_status')::int                              AS http_status,
       COALESCE((pr.counts->>'items')::int, 0)                       AS items,
       COALESCE((pr.counts->>'fetched')::int, 0)                     AS fetched,
       COALESCE((pr.counts->>'known')::int, 0)                       AS known,
       COALESCE((pr.counts->>'skipped')::int, 0)                     AS skipped,
       COALESCE((pr.counts->>'errors')::int, 0)                      AS errors,
       COALESCE((pr.counts->>'new')::int, 0)                         AS new,
       COALESCE((pr.counts->>'updated')::int, 0)                     AS updated,
       (pr.counts->>'seconds')::double precision                     AS seconds,
       pr.counts->>'error'                                           AS error
FROM pipeline_runs pr
WHERE pr.stage = 'ingest' AND pr.source_key <> '';

CREATE VIEW report_source_health AS
WITH runs AS (
    SELECT * FROM report_source_nights WHERE started_at > now() - interval '30 days'
), per_source AS (
    SELECT source_key,
           count(*)::int                                             AS runs_30d,
           count(*) FILTER (WHERE status = 'not_modified')::int      AS not_modified_30d,
           count(*) FILTER (WHERE status = 'error')::int             AS error_runs_30d,
           count(DISTINCT night)::int                                AS nights_30d,
           sum(new)::int                                             AS new_30d,
           sum(errors)::int                                          AS page_errors_30d,
           max(started_at) FILTER (WHERE status = 'error')           AS last_error_run_at
    FROM runs GROUP BY source_key
), last_run AS (
    SELECT DISTINCT ON (source_key) source_key, started_at, status, new, errors
    FROM report_source_nights ORDER BY source_key, started_at DESC
), fallback AS (
    SELECT source_id, count(*)::int AS n
    FROM articles
    WHERE text_origin = 'feed' AND fetched_at > now() - interval '30 days'
    GROUP BY source_id
)
SELECT s.key                                                         AS source_key,
       s.name,
       s.active,
       s.last_status,
       s.last_http_status,
       s.last_fetched_at,
       s.last_success_at,
       s.last_error,
       p.last_error_run_at,
       lr.started_at                                                 AS last_run_at,
       lr.status                                                     AS last_run_status,
       COALESCE(lr.new, 0)                                           AS last_run_new,
       COALESCE(p.runs_30d, 0)                                       AS runs_30d,
       COALESCE(p.error_runs_30d, 0)                                 AS error_runs_30d,
       round(p.not_modified_30d::numeric / NULLIF(p.runs_30d, 0), 3) AS not_modified_rate_30d,
       round(p.new_30d::numeric / NULLIF(p.nights_30d, 0), 1)        AS articles_per_night_30d,
       COALESCE(p.page_errors_30d, 0)                                AS page_errors_30d,
       COALESCE(f.n, 0)                                              AS feed_fallback_30d,
       COALESCE(p.page_errors_30d, 0) + COALESCE(f.n, 0)             AS extraction_failures_30d
FROM sources s
LEFT JOIN per_source p ON p.source_key = s.key
LEFT JOIN last_run lr ON lr.source_key = s.key
LEFT JOIN fallback f ON f.source_id = s.id;
