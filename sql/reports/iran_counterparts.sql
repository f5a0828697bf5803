-- With whom did Iran (IRN) interact in the last 90 days, in which kind of event, how often
-- and where? Replace 'IRN' by any actor code of the actors table.
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
    WHERE 'IRN' = ANY (e.actors) AND other <> 'IRN' AND e.day >= current_date - 90
) AS x
GROUP BY counterpart, event_type
ORDER BY counterpart, event_type;
