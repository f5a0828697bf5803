-- Who demanded something of, threatened, accused or sanctioned whom in the last 90 days
-- (directed events only: source -> target), with how many events and articles.
SELECT actor_a             AS source_actor,
       event_type,
       actor_b             AS target_actor,
       sum(n_events)::int  AS n_events,
       sum(n_articles)::int AS n_articles,
       max(day)            AS last_day
FROM report_actor_pairs
WHERE directed AND day >= current_date - 90
  AND event_type IN ('REQUEST', 'THREATEN', 'ACCUSE', 'SANCTION', 'REJECT')
GROUP BY actor_a, event_type, actor_b
ORDER BY n_events DESC, source_actor, event_type, target_actor;
