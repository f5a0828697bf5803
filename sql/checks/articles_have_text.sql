-- Articles stored without any text (must be 0); whitespace alone (newlines, tabs) is no text.
SELECT count(*) FROM articles WHERE text !~ '[^[:space:]]'
