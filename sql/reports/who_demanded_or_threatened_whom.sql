-- Who demanded something of, threatened, accused or sanctioned whom in the period
-- (directed events only: source -> target), with how many events and articles.
-- (default: the latest 8 weeks that hold data, see report_period in migration 009).
-- Period: psql "$DATABASE_URL" [-v since=YYYY-MM-DD] [-v until=YYYY-MM-DD] -f sql/reports/who_demanded_or_threatened_whom.sql
\if :{?since} \else \set since '' \endif
\if :{?until} \else \set until '' \endif
SELECT actor_a             AS source_actor,
       event_type,
       actor_b             AS target_actor,
       sum(n_events)::int  AS n_events,
       sum(n_articles)::int AS n_articles,
       max(day)            AS last_day
FROM report_actor_pairs
WHERE directed AND day <@ report_period(:'since', :'until')
  AND event_type IN ('REQUEST', 'THREATEN', 'ACCUSE', 'SANCTION', 'REJECT')
GROUP BY actor_a, event_type, actor_b
ORDER BY n_events DESC, source_actor, event_type, target_actor;
