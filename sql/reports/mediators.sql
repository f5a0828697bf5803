-- Which states and organisations mediated between which parties in the period,
-- where, and how often (one row per mediator and pair of parties).
-- (default: the latest 8 weeks that hold data, see report_period in migration 009).
-- Period: psql "$DATABASE_URL" [-v since=YYYY-MM-DD] [-v until=YYYY-MM-DD] -f sql/reports/mediators.sql
\if :{?since} \else \set since '' \endif
\if :{?until} \else \set until '' \endif
SELECT mediator,
       mediator_name,
       mediator_kind,
       parties,
       count(*)::int                                                   AS n_events,
       sum(n_articles)::int                                            AS n_articles,
       array_remove(array_agg(DISTINCT location_name), NULL)          AS places,
       min(day)                                                        AS first_day,
       max(day)                                                        AS last_day
FROM report_mediation
WHERE day <@ report_period(:'since', :'until')
GROUP BY mediator, mediator_name, mediator_kind, parties
ORDER BY n_events DESC, mediator, parties;
