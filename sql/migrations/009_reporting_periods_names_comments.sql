-- The period of the example questions (sql/reports/) and of `marsad report`, and actor
-- look-up by name. A fixed window such as `current_date - 30` answers nothing on data
-- that is not from this month (the bundled samples are from 2024), so the default period
-- is the latest weeks that hold data: the N most recent ISO weeks with at least one
-- claim, empty weeks skipped. For a nightly deployment that is the last N calendar weeks.

-- First day (a Monday) of the `weeks` most recent weeks holding a claim; null without claims.
CREATE FUNCTION report_default_since(weeks int DEFAULT 8) RETURNS date
LANGUAGE sql STABLE AS $$
    SELECT min(week)
    FROM (SELECT DISTINCT date_trunc('week', day)::date AS week
          FROM report_claims ORDER BY week DESC LIMIT weeks) AS w
$$;
COMMENT ON FUNCTION report_default_since(int) IS
    'First Monday of the N most recent ISO weeks holding a claim (empty weeks skipped); null without claims.';

-- The days of a report, both ends included: `since` and `until` as psql passes them
-- (text, '' when not given); no `since` means report_default_since(weeks), no `until`
-- no upper end. Used as `WHERE day <@ report_period(:'since', :'until')`.
CREATE FUNCTION report_period(since text DEFAULT '', until text DEFAULT '', weeks int DEFAULT 8)
RETURNS daterange
LANGUAGE sql STABLE AS $$
    SELECT daterange(COALESCE(NULLIF(btrim(since), '')::date, report_default_since(weeks)),
                     NULLIF(btrim(until), '')::date, '[]')
$$;
COMMENT ON FUNCTION report_period(text, text, int) IS
    'Days of a report, both ends included; empty since = the latest weeks holding data, empty until = open.';

-- An actor's code from its code, English name or Arabic name (actors.name_ar), so
-- questions can be asked as \set actor 'إيران' as well as \set actor IRN.
CREATE FUNCTION actor_code(name text) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT COALESCE(
        (SELECT code FROM actors
         WHERE code = upper(btrim(name)) OR name_ar = btrim(name) OR lower(name_en) = lower(btrim(name))
         ORDER BY code = upper(btrim(name)) DESC, code LIMIT 1),
        upper(btrim(name)))
$$;
COMMENT ON FUNCTION actor_code(text) IS
    'Actor code for a code, an English name or an Arabic name (actors.name_ar); the input upper-cased when unknown.';

-- Reading the views. report_claims gains the parties' Arabic names (actors.name_ar) so a
-- view can be searched as written in the articles: WHERE 'إيران' = ANY(parties_ar), or by
-- any name through actor_code(): WHERE actor_code('إيران') = ANY(parties). report_events
-- gains actors_ar likewise and drops n_sources and n_stories, 004's names that 006 kept as
-- copies of n_outlets and n_independent_sources (one meaning, one name); report_mediation
-- follows it and gains mediator_name_ar. The views that read report_events are dropped
-- and recreated with it, as in 006.
DROP VIEW report_mediation;
DROP VIEW report_actor_pairs;
DROP MATERIALIZED VIEW report_events;

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
       ec.event_id,
       COALESCE((SELECT array_agg(COALESCE(ac.name_ar, ca.actor_code) ORDER BY ca.actor_code)
                 FROM claim_actors ca LEFT JOIN actors ac ON ac.code = ca.actor_code
                 WHERE ca.claim_id = c.id AND ca.role = 'party'), '{}')::text[] AS parties_ar
FROM claims c
JOIN articles a ON a.id = c.article_id
LEFT JOIN sources s ON s.id = a.source_id
LEFT JOIN article_dedup d ON d.article_id = a.id
LEFT JOIN event_claims ec ON ec.claim_id = c.id;

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

CREATE VIEW report_mediation AS
SELECT e.event_key,
       e.day,
       e.mediator,
       ac.kind    AS mediator_kind,
       ac.name_en AS mediator_name,
       ac.name_ar AS mediator_name_ar,
       e.actors   AS parties,
       e.event_type,
       e.location_name,
       e.location_country,
       e.modality,
       e.n_claims,
       e.n_articles,
       e.n_outlets,
       e.n_independent_sources
FROM report_events e
LEFT JOIN actors ac ON ac.code = e.mediator
WHERE e.mediator IS NOT NULL;

-- What each view and column means, where an analyst looks first (\d+ in psql, any SQL
-- client's column tooltips): the same text as docs/reporting.md, shortened.
COMMENT ON VIEW report_claims IS 'One row per claim, with its evidence sentence, actors, place, attribution, article (canonical URL, outlet) and event. Always current.';
COMMENT ON COLUMN report_claims.claim_id IS 'claims.id';
COMMENT ON COLUMN report_claims.article_id IS 'articles.id; (article_id, ordinal) is the natural key';
COMMENT ON COLUMN report_claims.ordinal IS 'position of the claim in its article';
COMMENT ON COLUMN report_claims.extractor_version IS 'extractor that produced the claim';
COMMENT ON COLUMN report_claims.day IS 'the event date, else the article''s publication day (UTC), else the day stored; never null';
COMMENT ON COLUMN report_claims.event_date IS 'event date as extracted (may be null)';
COMMENT ON COLUMN report_claims.date_precision IS 'day, month or year';
COMMENT ON COLUMN report_claims.event_type IS 'PLOVER event type (CONSULT, AGREE, REQUEST, ...)';
COMMENT ON COLUMN report_claims.mode IS 'PLOVER mode, e.g. third-party, visit';
COMMENT ON COLUMN report_claims.modality IS 'asserted, reported (on someone''s word), conditional, denied, planned';
COMMENT ON COLUMN report_claims.parties IS 'principal actors (role party), sorted codes';
COMMENT ON COLUMN report_claims.source_actor IS 'who acts, for directed types';
COMMENT ON COLUMN report_claims.target_actor IS 'on whom, for directed types';
COMMENT ON COLUMN report_claims.mediator IS 'actor code of the mediator';
COMMENT ON COLUMN report_claims.location_name IS 'where the event took place';
COMMENT ON COLUMN report_claims.location_country IS 'ISO alpha-3 country of the place';
COMMENT ON COLUMN report_claims.attribution IS 'who the article attributes the claim to';
COMMENT ON COLUMN report_claims.evidence_text IS 'the first evidence span: the sentence carrying the claim';
COMMENT ON COLUMN report_claims.evidence IS 'all spans [{"start","end"}], character offsets into articles.text';
COMMENT ON COLUMN report_claims.confidence IS 'extractor confidence, 0..1';
COMMENT ON COLUMN report_claims.topics IS 'topics of the claim';
COMMENT ON COLUMN report_claims.article_title IS 'title of the article';
COMMENT ON COLUMN report_claims.article_url IS 'URL as fetched (final URL, else URL): may carry tracking parameters';
COMMENT ON COLUMN report_claims.canonical_url IS 'the article''s canonical URL (natural key, no tracking parameters): link to this';
COMMENT ON COLUMN report_claims.published_at IS 'article publication time';
COMMENT ON COLUMN report_claims.outlet IS 'article outlet, else the source''s name';
COMMENT ON COLUMN report_claims.source_key IS 'source slug (null for file input)';
COMMENT ON COLUMN report_claims.story_id IS 'story of the article (article_dedup), else the article id';
COMMENT ON COLUMN report_claims.event_id IS 'event the claim was merged into (events.id); null before the events step or when denied';
COMMENT ON COLUMN report_claims.parties_ar IS 'Arabic names of the parties (actors.name_ar, else the code), in the order of parties';

COMMENT ON MATERIALIZED VIEW report_events IS 'One row per event of the events step (claims of several articles merged), with its counts. Refreshed by marsad_report.refresh_views or marsad report --refresh.';
COMMENT ON COLUMN report_events.event_key IS 'events.event_key; unique';
COMMENT ON COLUMN report_events.event_id IS 'events.id; join report_claims.event_id';
COMMENT ON COLUMN report_events.day IS 'the event date, else the first publication day, else the day stored';
COMMENT ON COLUMN report_events.date_precision IS 'day, month or year';
COMMENT ON COLUMN report_events.event_type IS 'PLOVER event type';
COMMENT ON COLUMN report_events.is_diplomacy IS 'a core diplomacy type; false for context types (ASSAULT, COERCE, MOBILIZE, PROTEST, RETREAT)';
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

COMMENT ON VIEW report_actor_pairs IS 'Who did what to whom, per day and event type: a directed event gives source -> target, a symmetric one each pair of its actors (actor_a < actor_b). Sum over day for a period.';
COMMENT ON COLUMN report_actor_pairs.directed IS 'true: actor_a acted on actor_b; false: a symmetric event between them';
COMMENT ON COLUMN report_actor_pairs.n_events IS 'events of that day, type and pair';
COMMENT ON COLUMN report_actor_pairs.n_independent_sources IS 'summed over the events: distinct stories per event';

COMMENT ON VIEW report_mediation IS 'One row per event that has a mediator, with the mediator''s kind and names from actors.';
COMMENT ON COLUMN report_mediation.mediator_kind IS 'state, organization or group (actors.kind)';
COMMENT ON COLUMN report_mediation.mediator_name IS 'English name (actors.name_en)';
COMMENT ON COLUMN report_mediation.mediator_name_ar IS 'Arabic name (actors.name_ar)';
COMMENT ON COLUMN report_mediation.parties IS 'the event''s actors (report_events.actors)';

COMMENT ON VIEW report_source_nights IS 'One row per ingest run of one source (pipeline_runs, stage ingest), its counts unpacked; missing counts read as 0.';
COMMENT ON COLUMN report_source_nights.night IS 'UTC date the run started';
COMMENT ON COLUMN report_source_nights.status IS 'ok, not_modified (HTTP 304) or error';
COMMENT ON COLUMN report_source_nights.items IS 'entries in the feed';
COMMENT ON COLUMN report_source_nights.fetched IS 'article pages fetched';
COMMENT ON COLUMN report_source_nights.known IS 'entries already stored, not fetched again';
COMMENT ON COLUMN report_source_nights.skipped IS 'pages refused by robots.txt or the URL rules';
COMMENT ON COLUMN report_source_nights.errors IS 'pages that failed to fetch or extract';
COMMENT ON COLUMN report_source_nights.new IS 'articles inserted';
COMMENT ON COLUMN report_source_nights.error IS 'the feed''s error, when status is error';

COMMENT ON VIEW report_source_health IS 'One row per source: the feed state of the last fetch, the latest run, and 30-day rates (304s, new articles per night, failures).';
COMMENT ON COLUMN report_source_health.not_modified_rate_30d IS 'share of the 30-day runs answered 304 (0..1)';
COMMENT ON COLUMN report_source_health.articles_per_night_30d IS 'new articles per night with a run, 30 days';
COMMENT ON COLUMN report_source_health.page_errors_30d IS 'article pages that failed to fetch, 30 days';
COMMENT ON COLUMN report_source_health.feed_fallback_30d IS 'articles of 30 days whose page gave no text (text_origin = feed)';
COMMENT ON COLUMN report_source_health.extraction_failures_30d IS 'page_errors_30d + feed_fallback_30d';
