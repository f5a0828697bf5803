-- The LSH band index is the dedup step's largest write: 42 rows per article. Its primary
-- key (checked with ON CONFLICT), its foreign key to articles and its article_id index
-- cost three index probes per row; one plain index on band_key answers the look-up at
-- about a third of the CPU (docs/performance.md). Nothing is lost by dropping them:
-- band rows are written only together with their article's first decision (the
-- article_dedup insert of the same transaction), so a re-run cannot double them, and
-- the look-up joins article_dedup, so rows of a deleted article are never candidates.
ALTER TABLE dedup_bands DROP CONSTRAINT dedup_bands_pkey;
ALTER TABLE dedup_bands DROP CONSTRAINT dedup_bands_article_id_fkey;
DROP INDEX dedup_bands_article_idx;
CREATE INDEX dedup_bands_key_idx ON dedup_bands (band_key);
