-- Claims whose evidence spans fall outside their article's text (must be 0).
SELECT count(*) FROM claims c JOIN articles a ON a.id = c.article_id
WHERE EXISTS (
    SELECT 1 FROM jsonb_array_elements(c.evidence) AS e
    WHERE (e->>'start')::int < 0 OR (e->>'end')::int > length(a.text) OR (e->>'start')::int >= (e->>'end')::int
) OR jsonb_array_length(c.evidence) = 0
