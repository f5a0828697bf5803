-- Mediation: one row per event with a mediator (the most frequent among its claims), with
-- the mediator's kind and names. A plain view over report_events.
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

COMMENT ON VIEW report_mediation IS 'One row per event that has a mediator, with the mediator''s kind and names from actors.';
COMMENT ON COLUMN report_mediation.mediator_kind IS 'state, organization or group (actors.kind)';
COMMENT ON COLUMN report_mediation.mediator_name IS 'English name (actors.name_en)';
COMMENT ON COLUMN report_mediation.mediator_name_ar IS 'Arabic name (actors.name_ar)';
COMMENT ON COLUMN report_mediation.parties IS 'the event''s actors (report_events.actors)';
