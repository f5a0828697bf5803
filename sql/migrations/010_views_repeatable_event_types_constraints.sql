-- Three changes that belong together, because the coded columns are what the views read.
--
-- 1. The reporting views leave the migrations. 004 created them, 006 and 009 restated the
--    whole chain to change a few columns; from now on each view is one repeatable file of
--    sql/views/, recreated in dependency order by marsad.store.migrate after the migrations
--    whenever a file changes. The views the old migrations created are dropped here, so the
--    files own them (on an empty database too: 004-009 create them, this drops them, the
--    view files recreate them, identical but for is_diplomacy reading event_types).
DROP VIEW report_mediation;
DROP VIEW report_actor_pairs;
DROP MATERIALIZED VIEW report_events;
DROP VIEW report_source_health;
DROP VIEW report_source_nights;
DROP VIEW report_claims;

-- 2. The PLOVER event types as a reference table. The 16 rows are inserted here, not only by
--    `marsad setup`, because claims reference them from this migration on: a database that is
--    migrated but not seeded must accept the claims of the 16 types. seeds/event_types.csv is
--    the source of truth: setup UPSERTs it on code (names and the diplomacy flag may change
--    there; a new type is a new row there, which the extractor's lexicon needs before a
--    trigger may name it). These rows are the seeds file as of this migration.
CREATE TABLE event_types (
    code         text PRIMARY KEY,                   -- PLOVER type, as in claims.event_type
    name_ar      text NOT NULL,
    name_en      text NOT NULL,
    is_diplomacy boolean NOT NULL                    -- core diplomacy type; false: context type
);
INSERT INTO event_types (code, name_ar, name_en, is_diplomacy) VALUES
    ('CONSULT', 'تشاور', 'Consult', true),
    ('AGREE', 'اتفاق', 'Agree', true),
    ('REQUEST', 'طلب', 'Request', true),
    ('REJECT', 'رفض', 'Reject', true),
    ('THREATEN', 'تهديد', 'Threaten', true),
    ('ACCUSE', 'اتهام', 'Accuse', true),
    ('SANCTION', 'عقوبات', 'Sanction', true),
    ('SUPPORT', 'تأييد', 'Support', true),
    ('COOPERATE', 'تعاون', 'Cooperate', true),
    ('CONCEDE', 'تنازل', 'Concede', true),
    ('AID', 'مساعدة', 'Aid', true),
    ('ASSAULT', 'اعتداء', 'Assault', false),
    ('COERCE', 'إكراه', 'Coerce', false),
    ('MOBILIZE', 'حشد', 'Mobilize', false),
    ('PROTEST', 'احتجاج', 'Protest', false),
    ('RETREAT', 'انسحاب', 'Retreat', false);
COMMENT ON TABLE event_types IS 'PLOVER event types (seeds/event_types.csv): claims.event_type and events.event_type reference code; is_diplomacy is report_events.is_diplomacy.';

-- 3. Constraints on the coded columns, in the vocabularies of the claims spec and of the
--    extractor (marsad.claims.modality, marsad.model.Claim.claim_actors). Added validated:
--    a database whose rows follow the spec migrates; one that does not fails here, naming
--    the constraint, instead of holding rows the views and exports misread.
--    claim_actors.actor_code references actors: every code the extractor emits comes from
--    the gazetteer, which is built from seeds/actors.csv and seeds/actor_aliases.csv (every
--    alias names a code of actors.csv), the same file `marsad setup` loads into actors. So
--    setup must run before claims are written (it does: migrations, then seeds), and the
--    check sql/checks/actor_codes_known.sql, which counted unknown codes, is gone.
ALTER TABLE claims
    ADD CONSTRAINT claims_event_type_fkey FOREIGN KEY (event_type) REFERENCES event_types (code),
    ADD CONSTRAINT claims_modality_check
        CHECK (modality IN ('asserted', 'reported', 'conditional', 'denied', 'planned'));
ALTER TABLE events
    ADD CONSTRAINT events_event_type_fkey FOREIGN KEY (event_type) REFERENCES event_types (code);
ALTER TABLE claim_actors
    ADD CONSTRAINT claim_actors_role_check CHECK (role IN ('party', 'source', 'target', 'mediator')),
    ADD CONSTRAINT claim_actors_actor_code_fkey FOREIGN KEY (actor_code) REFERENCES actors (code);
