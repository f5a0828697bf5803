-- Breaking-news inbox: article URLs submitted by hand (`marsad submit`), fetched and
-- processed by the marsad_breaking DAG, which an AssetWatcher on this table starts.
-- Status: new -> processing (claimed by a run; a stale claim is taken over after a lease)
-- -> fetched (article stored) -> done (claims extracted), or failed (with the error).

CREATE TABLE inbox (
    id            bigserial PRIMARY KEY,
    url           text NOT NULL,
    canonical_url text NOT NULL,
    status        text NOT NULL DEFAULT 'new'
                  CHECK (status IN ('new', 'processing', 'fetched', 'done', 'failed')),
    submitted_at  timestamptz NOT NULL DEFAULT now(),
    claimed_at    timestamptz,
    finished_at   timestamptz,
    article_id    bigint REFERENCES articles(id) ON DELETE SET NULL,
    error         text
);
-- Natural key while open: the same URL submitted twice before it is handled is one row;
-- once done it can be submitted again (a breaking story is often updated in place).
CREATE UNIQUE INDEX inbox_open_url_idx ON inbox (canonical_url) WHERE status IN ('new', 'processing');
CREATE INDEX inbox_new_idx ON inbox (id) WHERE status = 'new';
