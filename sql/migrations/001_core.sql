-- Core tables: sources with their feed state, articles with raw bytes and clean text,
-- the actors reference table, claims with their actors, and per-run counts.

CREATE TABLE sources (
    id               serial PRIMARY KEY,
    key              text NOT NULL UNIQUE,          -- natural key: a short slug
    name             text NOT NULL,
    feed_url         text NOT NULL,
    homepage         text,
    country          text,
    language         text NOT NULL DEFAULT 'ar',
    active           boolean NOT NULL DEFAULT true,
    etag             text,                           -- validators for conditional GET
    last_modified    text,
    last_status      text,                           -- ok | not_modified | error | skipped
    last_http_status integer,
    last_fetched_at  timestamptz,
    last_success_at  timestamptz,
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE articles (
    id              bigserial PRIMARY KEY,
    canonical_url   text NOT NULL UNIQUE,            -- natural key (urn:marsad:<id> for file input)
    ext_id          text UNIQUE,                     -- id given by a file input, if any
    source_id       integer REFERENCES sources(id),
    outlet          text,
    url             text,
    final_url       text,
    title           text,
    author          text,
    published_at    timestamptz,
    fetched_at      timestamptz,
    http_status     integer,
    http_headers    jsonb,
    content_type    text,
    raw             bytea,                           -- the bytes as served, for re-extraction
    text            text NOT NULL DEFAULT '',
    text_origin     text NOT NULL DEFAULT 'page',    -- page | feed (fallback to the description)
    text_hash       text,                            -- sha256 of the folded text
    processed_version text,                          -- extractor version last applied
    processed_at    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX articles_source_idx ON articles (source_id, published_at);
CREATE INDEX articles_unprocessed_idx ON articles (id) WHERE processed_version IS NULL;

CREATE TABLE actors (
    code     text PRIMARY KEY,
    kind     text NOT NULL,                          -- state | organization | group
    name_en  text NOT NULL,
    name_ar  text
);

CREATE TABLE claims (
    id                bigserial PRIMARY KEY,
    article_id        bigint NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    ordinal           integer NOT NULL,              -- natural key: (article_id, ordinal)
    extractor_version text NOT NULL,
    event_type        text NOT NULL,
    mode              text,
    modality          text NOT NULL,
    source_actor      text,
    target_actor      text,
    mediator          text,
    location_name     text,
    location_country  text,
    event_date        date,
    date_precision    text,
    attribution       text,
    topics            text[] NOT NULL DEFAULT '{}',
    participants      jsonb NOT NULL DEFAULT '[]',
    evidence          jsonb NOT NULL,                -- [{"start": int, "end": int}, ...] into articles.text
    evidence_text     text NOT NULL,                 -- the first evidence span, for reading
    confidence        real NOT NULL,
    record            jsonb NOT NULL,                -- the full claim record as extracted
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (article_id, ordinal)
);
CREATE INDEX claims_type_date_idx ON claims (event_type, event_date);

CREATE TABLE claim_actors (
    claim_id   bigint NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    actor_code text NOT NULL,
    role       text NOT NULL,                        -- party | source | target | mediator
    PRIMARY KEY (claim_id, actor_code, role)
);
CREATE INDEX claim_actors_code_idx ON claim_actors (actor_code);

CREATE TABLE pipeline_runs (
    run_id      text NOT NULL,
    dag_id      text NOT NULL,
    stage       text NOT NULL,
    source_key  text NOT NULL DEFAULT '',            -- '' for stages not per source
    started_at  timestamptz NOT NULL,
    finished_at timestamptz,
    counts      jsonb NOT NULL DEFAULT '{}',
    PRIMARY KEY (run_id, dag_id, stage, source_key)
);
