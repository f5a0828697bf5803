-- Which states and organisations mediated between which parties in the last 180 days,
-- where, and how often (one row per mediator and pair of parties).
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
WHERE day >= current_date - 180
GROUP BY mediator, mediator_name, mediator_kind, parties
ORDER BY n_events DESC, mediator, parties;
