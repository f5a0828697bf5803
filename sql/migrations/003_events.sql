-- Events: claims of one real-world event from different articles, merged. An event is
-- keyed by the facts of the claim that founded it (type, actors, date, country); it
-- counts its articles, the distinct outlets that carried them, and its independent
-- sources (articles of one story, i.e. syndicated copies, count once).

CREATE TABLE events (
    id               bigserial PRIMARY KEY,
    event_key        text NOT NULL UNIQUE,            -- natural key: hash of the founding facts
    group_key        text NOT NULL,                   -- event_type|ACTOR,ACTOR: what claims must match
    event_type       text NOT NULL,
    actors           text[] NOT NULL,                 -- sorted codes: parties, source, target
    event_date       date,                            -- the founding claim's date (or its article's)
    date_precision   text,
    location_country text,
    claims           integer NOT NULL DEFAULT 0,
    articles         integer NOT NULL DEFAULT 0,
    outlets          integer NOT NULL DEFAULT 0,
    sources          integer NOT NULL DEFAULT 0,      -- independent: distinct stories
    first_published_at timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_group_idx ON events (group_key, event_date);
CREATE INDEX events_date_idx ON events (event_date, event_type);

CREATE TABLE event_claims (
    claim_id     bigint PRIMARY KEY REFERENCES claims(id) ON DELETE CASCADE,
    event_id     bigint NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    article_id   bigint NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    fingerprint  text NOT NULL,                       -- md5 of the claim record when linked
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX event_claims_event_idx ON event_claims (event_id);
CREATE INDEX event_claims_article_idx ON event_claims (article_id);
