-- Which claims of the period are not plain assertions of fact, to read before quoting
-- them: denials, conditional threats ("if ... then ..."), plans, and claims reported on
-- someone's word, with who they are attributed to and their evidence. Denied and
-- conditional first.
-- (default: the latest 8 weeks that hold data, see report_period in migration 009).
-- Period: psql "$DATABASE_URL" [-v since=YYYY-MM-DD] [-v until=YYYY-MM-DD] -f sql/reports/contested_claims.sql
\if :{?since} \else \set since '' \endif
\if :{?until} \else \set until '' \endif
SELECT day,
       event_type,
       modality,
       parties,
       source_actor,
       target_actor,
       attribution,
       evidence_text,
       canonical_url AS url,
       outlet
FROM report_claims
WHERE modality <> 'asserted' AND day <@ report_period(:'since', :'until')
ORDER BY modality IN ('denied', 'conditional') DESC, day DESC, claim_id;
