-- One row per claim: the evidence sentence with who said it, how, and where it was read,
-- and the event the claim was merged into (null until the events step has run on it, or
-- for claims that back no event, such as denials). Every row carries a non-null `day`: the
-- event date when the claim gives one, else the article's publication date (UTC), else
-- the day the claim was stored. Always current.
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
