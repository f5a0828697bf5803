-- Which events of the last 30 days were reported by at least two independent sources
-- (distinct stories: two outlets running one agency copy are one source), and by which
-- outlets; an event with a single independent source deserves more caution.
SELECT day,
       event_type,
       actors,
       mediator,
       location_name,
       n_articles,
       n_outlets,
       n_independent_sources,
       outlets
FROM report_events
WHERE n_independent_sources >= 2 AND day >= current_date - 30
ORDER BY n_independent_sources DESC, day DESC, event_type;
