-- One row per event of the events table (claims of several articles merged by the events
-- step). Facts that belong to the event (type, actors, date, counts) come from `events`;
-- what the merge does not key on (direction, mediator, place name, modality) is the most
-- frequent value among the event's claims. is_diplomacy reads event_types (seeds/
-- event_types.csv). Materialized: the unique index on event_key lets the report DAG
-- refresh it CONCURRENTLY, so readers are never blocked.
CREATE MATERIALIZED VIEW report_events AS
SELECT e.event_key,
       e.id                                                          AS event_id,
       COALESCE(e.event_date, (e.first_published_at AT TIME ZONE 'UTC')::date,
                (e.created_at AT TIME ZONE 'UTC')::date)             AS day,
       e.date_precision,
       e.event_type,
       e.event_type IN (SELECT code FROM event_types WHERE is_diplomacy) AS is_diplomacy,
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
       e.first_published_at,
       c.outlets,
       c.claim_ids,
       ARRAY(SELECT COALESCE(ac.name_ar, x.code) FROM unnest(e.actors) WITH ORDINALITY AS x(code, n)
             LEFT JOIN actors ac ON ac.code = x.code ORDER BY x.n)::text[] AS actors_ar
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

COMMENT ON MATERIALIZED VIEW report_events IS 'One row per event of the events step (claims of several articles merged), with its counts. Refreshed by marsad_report.refresh_views or marsad report --refresh.';
COMMENT ON COLUMN report_events.event_key IS 'events.event_key; unique';
COMMENT ON COLUMN report_events.event_id IS 'events.id; join report_claims.event_id';
COMMENT ON COLUMN report_events.day IS 'the event date, else the first publication day, else the day stored';
COMMENT ON COLUMN report_events.date_precision IS 'day, month or year';
COMMENT ON COLUMN report_events.event_type IS 'PLOVER event type';
COMMENT ON COLUMN report_events.is_diplomacy IS 'a core diplomacy type (event_types.is_diplomacy); false for context types (ASSAULT, COERCE, MOBILIZE, PROTEST, RETREAT)';
COMMENT ON COLUMN report_events.actors IS 'parties, source and target, sorted codes';
COMMENT ON COLUMN report_events.source_actor IS 'most frequent direction among the claims: who acts; null for a symmetric event';
COMMENT ON COLUMN report_events.target_actor IS 'most frequent direction among the claims: on whom';
COMMENT ON COLUMN report_events.mediator IS 'most frequent mediator among the claims';
COMMENT ON COLUMN report_events.mediators IS 'every mediator named by a claim, sorted';
COMMENT ON COLUMN report_events.location_name IS 'most frequent place name among the claims';
COMMENT ON COLUMN report_events.location_country IS 'events.location_country, else the most frequent among the claims';
COMMENT ON COLUMN report_events.modality IS 'most frequent modality among the claims';
COMMENT ON COLUMN report_events.n_claims IS 'claims merged into the event';
COMMENT ON COLUMN report_events.n_articles IS 'articles carrying those claims';
COMMENT ON COLUMN report_events.n_outlets IS 'distinct outlets that carried it';
COMMENT ON COLUMN report_events.n_independent_sources IS 'distinct stories: copies of one agency text count once';
COMMENT ON COLUMN report_events.first_published_at IS 'earliest article';
COMMENT ON COLUMN report_events.outlets IS 'the outlets, sorted';
COMMENT ON COLUMN report_events.claim_ids IS 'the event''s claims (report_claims.claim_id)';
COMMENT ON COLUMN report_events.actors_ar IS 'Arabic names of the actors (actors.name_ar, else the code), in the order of actors';
