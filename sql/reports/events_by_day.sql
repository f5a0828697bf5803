-- What diplomacy events happened on each day of the period, by type: who took part,
-- who mediated, where, and how many articles, outlets and independent sources reported
-- each event (an agency story run by two outlets is two outlets but one independent
-- source). Events are the pipeline's merged events; context types such as ASSAULT are
-- left out (drop the is_diplomacy filter to see them).
-- (default: the latest 8 weeks that hold data, see report_period in migration 009).
-- Period: psql "$DATABASE_URL" [-v since=YYYY-MM-DD] [-v until=YYYY-MM-DD] -f sql/reports/events_by_day.sql
\if :{?since} \else \set since '' \endif
\if :{?until} \else \set until '' \endif
SELECT day,
       event_type,
       actors,
       source_actor,
       target_actor,
       mediator,
       CASE WHEN location_name IS NOT NULL OR location_country IS NOT NULL
            THEN concat_ws(' ', location_name, '(' || location_country || ')') END AS place,
       modality,
       n_articles,
       n_outlets,
       n_independent_sources
FROM report_events
WHERE is_diplomacy AND day <@ report_period(:'since', :'until')
ORDER BY day, event_type, actors;
