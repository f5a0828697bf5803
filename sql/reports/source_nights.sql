-- What each source's nightly ingest did over the last 14 nights: feed status, items in
-- the feed, pages fetched, already known, skipped by robots.txt, errors, new articles.
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
WHERE night >= current_date - 14
ORDER BY night DESC, source_key;
