-- With whom did Iran interact in the period, in which kind of event, how often and where?
-- Another actor: -v actor=SAU, or by its Arabic or English name: -v actor='السعودية'
-- (actor_code, migration 009). Period: default the latest 8 weeks that hold data.
-- psql "$DATABASE_URL" [-v actor=IRN] [-v since=YYYY-MM-DD] [-v until=YYYY-MM-DD] -f sql/reports/iran_counterparts.sql
\if :{?actor} \else \set actor IRN \endif
\if :{?since} \else \set since '' \endif
\if :{?until} \else \set until '' \endif
SELECT counterpart,
       event_type,
       count(*)::int                                                   AS n_events,
       array_remove(array_agg(DISTINCT location_name), NULL)          AS places,
       array_remove(array_agg(DISTINCT mediator), NULL)               AS mediators,
       max(day)                                                        AS last_day
FROM (
    SELECT e.*, other AS counterpart
    FROM report_events e
    CROSS JOIN LATERAL unnest(e.actors) AS other
    WHERE actor_code(:'actor') = ANY (e.actors) AND other <> actor_code(:'actor')
      AND e.day <@ report_period(:'since', :'until')
) AS x
GROUP BY counterpart, event_type
ORDER BY counterpart, event_type;
