-- Actor codes in claims that are not in the actors reference table (must be 0).
SELECT count(*) FROM claim_actors ca LEFT JOIN actors ac ON ac.code = ca.actor_code
WHERE ac.code IS NULL
