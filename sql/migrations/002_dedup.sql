-- Deduplication: one decision per article, the stories they form, the LSH index of
-- MinHash band keys, and per-outlet counts of recurring segments (boilerplate).

CREATE TABLE stories (
    id              bigint PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,  -- = its original article
    articles        integer NOT NULL,                -- articles in the story
    outlets         integer NOT NULL,                -- distinct outlets that carried it
    first_published_at timestamptz,
    last_published_at  timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE article_dedup (
    article_id      bigint PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    story_id        bigint NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    kind            text NOT NULL CHECK (kind IN ('original', 'url', 'exact', 'near')),
    duplicate_of    bigint REFERENCES articles(id) ON DELETE SET NULL,  -- NULL for originals
    similarity      real,                            -- estimated Jaccard with duplicate_of
    url_key         text NOT NULL,                   -- the URL without tracking, scheme, www.
    text_hash       text,                            -- sha256 of the folded words; NULL: too short
    n_shingles      integer NOT NULL DEFAULT 0,
    signature       bytea,                           -- MinHash values, uint32 little-endian
    dedup_config    text NOT NULL,                   -- parameters the decision was taken with
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (kind <> 'original' OR duplicate_of IS NULL)
);
CREATE INDEX article_dedup_story_idx ON article_dedup (story_id);
CREATE INDEX article_dedup_url_idx ON article_dedup (url_key, article_id);
CREATE INDEX article_dedup_hash_idx ON article_dedup (text_hash, article_id) WHERE text_hash IS NOT NULL;

-- LSH: one row per (band key, article); articles sharing a key are candidate duplicates.
CREATE TABLE dedup_bands (
    band_key    bigint NOT NULL,
    article_id  bigint NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (band_key, article_id)
);
CREATE INDEX dedup_bands_article_idx ON dedup_bands (article_id);

-- How many distinct texts of an outlet carried a segment (line or sentence): segments
-- carried by many are boilerplate and are left out of the shingles.
CREATE TABLE dedup_segments (
    outlet        text NOT NULL,
    segment_hash  bigint NOT NULL,
    texts         integer NOT NULL,
    PRIMARY KEY (outlet, segment_hash)
);
