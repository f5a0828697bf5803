-- Who did what to whom, per day and event type. A directed event (a source and a target)
-- gives one row source -> target with directed = true; a symmetric one (talks, agreements)
-- gives every pair of its actors once, in code order, with directed = false. Sum over days
-- for "over a period". A plain view over report_events: as current as its last refresh.
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

COMMENT ON VIEW report_actor_pairs IS 'Who did what to whom, per day and event type: a directed event gives source -> target, a symmetric one each pair of its actors (actor_a < actor_b). Sum over day for a period.';
COMMENT ON COLUMN report_actor_pairs.directed IS 'true: actor_a acted on actor_b; false: a symmetric event between them';
COMMENT ON COLUMN report_actor_pairs.n_events IS 'events of that day, type and pair';
COMMENT ON COLUMN report_actor_pairs.n_independent_sources IS 'summed over the events: distinct stories per event';
