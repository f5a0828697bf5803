-- What diplomacy events happened on each day of the last 30 days, by type: who took part,
-- who mediated, where, and how many sources reported each event (context types such as
-- ASSAULT are left out; drop the is_diplomacy filter to see them).
SELECT day,
       event_type,
       actors,
       source_actor,
       target_actor,
       mediator,
       CASE WHEN location_name IS NOT NULL OR location_country IS NOT NULL
            THEN concat_ws(' ', location_name, '(' || location_country || ')') END AS place,
       modality,
       n_sources,
       n_articles
FROM report_events
WHERE is_diplomacy AND day >= current_date - 30
ORDER BY day, event_type, actors;
