-- Per source: the feed state, and over the last 30 days of ingest runs how often the feed
-- answered 304, how many new articles a night, and how many pages failed (fetch errors)
-- or yielded no article text (feed fallback).
CREATE VIEW report_source_health AS
WITH runs AS (
    SELECT * FROM report_source_nights WHERE started_at > now() - interval '30 days'
), per_source AS (
    SELECT source_key,
           count(*)::int                                             AS runs_30d,
           count(*) FILTER (WHERE status = 'not_modified')::int      AS not_modified_30d,
           count(*) FILTER (WHERE status = 'error')::int             AS error_runs_30d,
           count(DISTINCT night)::int                                AS nights_30d,
           sum(new)::int                                             AS new_30d,
           sum(errors)::int                                          AS page_errors_30d,
           max(started_at) FILTER (WHERE status = 'error')           AS last_error_run_at
    FROM runs GROUP BY source_key
), last_run AS (
    SELECT DISTINCT ON (source_key) source_key, started_at, status, new, errors
    FROM report_source_nights ORDER BY source_key, started_at DESC
), fallback AS (
    SELECT source_id, count(*)::int AS n
    FROM articles
    WHERE text_origin = 'feed' AND fetched_at > now() - interval '30 days'
    GROUP BY source_id
)
SELECT s.key                                                         AS source_key,
       s.name,
       s.active,
       s.last_status,
       s.last_http_status,
       s.last_fetched_at,
       s.last_success_at,
       s.last_error,
       p.last_error_run_at,
       lr.started_at                                                 AS last_run_at,
       lr.status                                                     AS last_run_status,
       COALESCE(lr.new, 0)                                           AS last_run_new,
       COALESCE(p.runs_30d, 0)                                       AS runs_30d,
       COALESCE(p.error_runs_30d, 0)                                 AS error_runs_30d,
       round(p.not_modified_30d::numeric / NULLIF(p.runs_30d, 0), 3) AS not_modified_rate_30d,
       round(p.new_30d::numeric / NULLIF(p.nights_30d, 0), 1)        AS articles_per_night_30d,
       COALESCE(p.page_errors_30d, 0)                                AS page_errors_30d,
       COALESCE(f.n, 0)                                              AS feed_fallback_30d,
       COALESCE(p.page_errors_30d, 0) + COALESCE(f.n, 0)             AS extraction_failures_30d
FROM sources s
LEFT JOIN per_source p ON p.source_key = s.key
LEFT JOIN last_run lr ON lr.source_key = s.key
LEFT JOIN fallback f ON f.source_id = s.id;

COMMENT ON VIEW report_source_health IS 'One row per source: the feed state of the last fetch, the latest run, and 30-day rates (304s, new articles per night, failures).';
COMMENT ON COLUMN report_source_health.not_modified_rate_30d IS 'share of the 30-day runs answered 304 (0..1)';
COMMENT ON COLUMN report_source_health.articles_per_night_30d IS 'new articles per night with a run, 30 days';
COMMENT ON COLUMN report_source_health.page_errors_30d IS 'article pages that failed to fetch, 30 days';
COMMENT ON COLUMN report_source_health.feed_fallback_30d IS 'articles of 30 days whose page gave no text (text_origin = feed)';
COMMENT ON COLUMN report_source_health.extraction_failures_30d IS 'page_errors_30d + feed_fallback_30d';
