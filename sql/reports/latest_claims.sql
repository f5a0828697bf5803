-- The latest claims of the period with the sentence that carries each one, who it
-- is attributed to, its modality, and the article (URL, outlet) it was read in.
-- (default: the latest 8 weeks that hold data, see report_period in migration 009).
-- Period: psql "$DATABASE_URL" [-v since=YYYY-MM-DD] [-v until=YYYY-MM-DD] -f sql/reports/latest_claims.sql
\if :{?since} \else \set since '' \endif
\if :{?until} \else \set until '' \endif
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
       canonical_url AS url,
       outlet
FROM report_claims
WHERE day <@ report_period(:'since', :'until')
ORDER BY day DESC, published_at DESC NULLS LAST, claim_id
LIMIT 100;
