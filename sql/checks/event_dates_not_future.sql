-- Claims dated after their article's publication (beyond one day of slack), unless planned (must be 0).
SELECT count(*) FROM claims c JOIN articles a ON a.id = c.article_id
WHERE c.event_date IS NOT NULL AND a.published_at IS NOT NULL AND c.modality <> 'planned'
  AND c.event_date > (a.published_at AT TIME ZONE 'UTC')::date + 1
