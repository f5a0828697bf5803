-- Which pairs of actors interacted in the last 90 days, and how: who met, demanded,
-- threatened whom, how often (directed rows read actor_a -> actor_b), most frequent first.
SELECT actor_a,
       actor_b,
       directed,
       event_type,
       sum(n_events)::int   AS n_events,
       sum(n_articles)::int AS n_articles,
       min(day)             AS first_day,
       max(day)             AS last_day
FROM report_actor_pairs
WHERE day >= current_date - 90
GROUP BY actor_a, actor_b, directed, event_type
ORDER BY n_events DESC, actor_a, actor_b, event_type;
