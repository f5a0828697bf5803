-- Which pairs of actors interacted in the period, and how: who met, demanded,
-- threatened whom, how often (directed rows read actor_a -> actor_b), most frequent first.
-- (default: the latest 8 weeks that hold data, see report_period in migration 009).
-- Period: psql "$DATABASE_URL" [-v since=YYYY-MM-DD] [-v until=YYYY-MM-DD] -f sql/reports/actor_pairs.sql
\if :{?since} \else \set since '' \endif
\if :{?until} \else \set until '' \endif
SELECT actor_a,
       actor_b,
       directed,
       event_type,
       sum(n_events)::int   AS n_events,
       sum(n_articles)::int AS n_articles,
       min(day)             AS first_day,
       max(day)             AS last_day
FROM report_actor_pairs
WHERE day <@ report_period(:'since', :'until')
GROUP BY actor_a, actor_b, directed, event_type
ORDER BY n_events DESC, actor_a, actor_b, event_type;
