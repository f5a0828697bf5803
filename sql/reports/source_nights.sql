-- What each source's nightly ingest did, night by night: feed status, items in the feed,
-- pages fetched, already known, skipped by robots.txt, errors, new articles.
-- Period: the 14 nights up to the latest night with a run, or -v since=YYYY-MM-DD.
-- psql "$DATABASE_URL" [-v since=YYYY-MM-DD] -f sql/reports/source_nights.sql
\if :{?since} \else \set since '' \endif
SELECT night,
       source_key,
       status,
       http_status,
       items,
       fetched,
       known,
       skipped,
       errors,
       new,
       seconds,
       error
FROM report_source_nights
WHERE night >= COALESCE(NULLIF(:'since', '')::date, (SELECT max(night) - 13 FROM report_source_nights))
ORDER BY night DESC, source_key;
