-- How well corroborated is each event of the period: how many independent sources
-- (distinct stories: two outlets running one agency copy are one source), articles and
-- outlets reported it, and by which outlets. Most corroborated first; an event with a
-- single independent source (corroborated = false) deserves more caution before quoting.
-- (default: the latest 8 weeks that hold data, see report_period in migration 009).
-- Period: psql "$DATABASE_URL" [-v since=YYYY-MM-DD] [-v until=YYYY-MM-DD] -f sql/reports/corroborated_events.sql
\if :{?since} \else \set since '' \endif
\if :{?until} \else \set until '' \endif
SELECT day,
       event_type,
       actors,
       mediator,
       location_name,
       n_independent_sources >= 2 AS corroborated,
       n_independent_sources,
       n_outlets,
       n_articles,
       outlets
FROM report_events
WHERE day <@ report_period(:'since', :'until')
ORDER BY n_independent_sources DESC, n_outlets DESC, day DESC, event_type, actors;
