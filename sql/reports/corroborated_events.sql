-- Which events of the last 30 days were reported by at least two different sources, and
-- by which outlets (a single-source event deserves more caution); n_stories says how many
-- independent texts there were (two outlets running one agency copy are one story).
SELECT e.day,
       e.event_type,
       e.actors,
       e.mediator,
       e.location_name,
       e.n_sources,
       e.n_stories,
       ARRAY(SELECT DISTINCT rc.outlet FROM report_claims rc
             WHERE rc.claim_id = ANY (e.claim_ids) AND rc.outlet IS NOT NULL ORDER BY 1) AS outlets
FROM report_events e
WHERE e.n_sources >= 2 AND e.day >= current_date - 30
ORDER BY e.n_sources DESC, e.day DESC, e.event_type;
