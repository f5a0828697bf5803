-- What diplomacy events happened on each day of the last 30 days, by type: who took part,
-- who mediated, where, and how many articles, outlets and independent sources reported
-- each event (an agency story run by two outlets is two outlets but one independent
-- source). Events are the pipeline's merged events; context types such as ASSAULT are
-- left out (drop the is_diplomacy filter to see them).
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
WHERE is_diplomacy AND day >= current_date - 30
ORDER BY day, event_type, actors;
