-- Which sources need attention: failing ones first, then by key, with the last success,
-- the last error, the share of 304 answers, new articles per night and extraction
-- failures over the last 30 days.
SELECT source_key,
       name,
       active,
       last_status,
       last_success_at,
       last_error,
       last_run_at,
       runs_30d,
       not_modified_rate_30d,
       articles_per_night_30d,
       page_errors_30d,
       feed_fallback_30d,
       extraction_failures_30d
FROM report_source_health
ORDER BY (last_status = 'error') DESC NULLS LAST, active DESC, source_key;
