-- Which claims of the last 30 days are not plain assertions of fact: conditional threats
-- ("if ... then ...") and denials, with their evidence, to read before quoting them.
SELECT day,
       event_type,
       modality,
       parties,
       source_actor,
       target_actor,
       attribution,
       evidence_text,
       article_url,
       outlet
FROM report_claims
WHERE modality IN ('conditional', 'denied') AND day >= current_date - 30
ORDER BY day DESC, claim_id;
