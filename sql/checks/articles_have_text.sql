-- Articles stored without any text (must be 0).
SELECT count(*) FROM articles WHERE length(btrim(text)) = 0
