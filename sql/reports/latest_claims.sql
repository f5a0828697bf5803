-- The latest claims of the last 30 days with the sentence that carries each one, who it
-- is attributed to, its modality, and the article (URL, outlet) it was read in.
SELECT day,
       event_type,
       modality,
       parties,
       source_actor,
       target_actor,
       mediator,
       location_name,
       attribution,
       evidence_text,
       article_title,
       article_url,
       outlet
FROM report_claims
WHERE day >= current_date - 30
ORDER BY day DESC, published_at DESC NULLS LAST, claim_id
LIMIT 100;
