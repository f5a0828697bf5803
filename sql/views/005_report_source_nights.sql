-- One row per ingest run of one source (pipeline_runs, stage 'ingest'), its counts
-- unpacked; missing counts read as 0. Always current.
CREATE VIEW report_source_nights AS
SELECT pr.source_key,
       (pr.started_at AT TIME ZONE 'UTC')::date                      AS night,
       pr.run_id,
       pr.dag_id,
       pr.started_at,
       pr.finished_at,
       pr.counts->>'status'                                          AS status,
       (pr.counts->>'http_status')::int                              AS http_status,
       COALESCE((pr.counts->>'items')::int, 0)                       AS items,
       COALESCE((pr.counts->>'fetched')::int, 0)                     AS fetched,
       COALESCE((pr.counts->>'known')::int, 0)                       AS known,
       COALESCE((pr.counts->>'skipped')::int, 0)                     AS skipped,
       COALESCE((pr.counts->>'errors')::int, 0)                      AS errors,
       COALESCE((pr.counts->>'new')::int, 0)                         AS new,
       COALESCE((pr.counts->>'updated')::int, 0)                     AS updated,
       (pr.counts->>'seconds')::double precision                     AS seconds,
       pr.counts->>'error'                                           AS error
FROM pipeline_runs pr
WHERE pr.stage = 'ingest' AND pr.source_key <> '';

COMMENT ON VIEW report_source_nights IS 'One row per ingest run of one source (pipeline_runs, stage ingest), its counts unpacked; missing counts read as 0.';
COMMENT ON COLUMN report_source_nights.night IS 'UTC date the run started';
COMMENT ON COLUMN report_source_nights.status IS 'ok, not_modified (HTTP 304) or error';
COMMENT ON COLUMN report_source_nights.items IS 'entries in the feed';
COMMENT ON COLUMN report_source_nights.fetched IS 'article pages fetched';
COMMENT ON COLUMN report_source_nights.known IS 'entries already stored, not fetched again';
COMMENT ON COLUMN report_source_nights.skipped IS 'pages refused by robots.txt or the URL rules';
COMMENT ON COLUMN report_source_nights.errors IS 'pages that failed to fetch or extract';
COMMENT ON COLUMN report_source_nights.new IS 'articles inserted';
COMMENT ON COLUMN report_source_nights.error IS 'the feed''s error, when status is error';
