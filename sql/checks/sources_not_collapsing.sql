-- Active sources that fetched articles on earlier nights of the last week but none in the
-- last 24 hours, although their feed answered (must be 0): a parser or site change.
SELECT count(*) FROM sources s
WHERE s.active
  AND EXISTS (SELECT 1 FROM articles a WHERE a.source_id = s.id
              AND a.fetched_at BETWEEN now() - interval '7 days' AND now() - interval '1 day')
  AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.source_id = s.id AND a.fetched_at > now() - interval '1 day')
  AND s.last_status = 'ok'
  AND (SELECT count(*) FROM articles a WHERE a.source_id = s.id
       AND a.fetched_at > now() - interval '7 days') >= 7
