"""The coded columns are constrained: event types (event_types, seeded from seeds/), modality,
actor roles and actor codes; the lexicon refuses a type the seeds file does not list."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import psycopg2
import psycopg2.extensions
import pytest

from marsad.claims.lexicon import TRIGGERS, LexiconError, checked_triggers, event_types
from marsad.pipeline.setup import prepare_database
from marsad.settings import seeds_dir
from marsad.store import db
from marsad.store.event_types import read_event_types_csv, upsert_event_types
from support.report_data import load_sample, query

Conn = psycopg2.extensions.connection
SPEC_TYPES = {
    "CONSULT", "AGREE", "REQUEST", "REJECT", "THREATEN", "ACCUSE", "SANCTION", "SUPPORT", "COOPERATE",
    "CONCEDE", "AID", "ASSAULT", "COERCE", "MOBILIZE", "PROTEST", "RETREAT",
}
# The diplomacy core of the spec; the views' is_diplomacy read it from event_types.
DIPLOMACY = SPEC_TYPES - {"ASSAULT", "COERCE", "MOBILIZE", "PROTEST", "RETREAT"}


def insert_claim(conn: Conn, article_id: int, *, event_type: str = "CONSULT", modality: str = "asserted") -> int:
    with conn, conn.cursor() as cur:
        cur.execute(
            """INSERT INTO claims (article_id, ordinal, extractor_version, event_type, modality, evidence,
                                   evidence_text, confidence, record)
               VALUES (%s, 99, 'test', %s, %s, '[{"start": 0, "end": 3}]', 'نص', 0.5, '{}') RETURNING id""",
            (article_id, event_type, modality),
        )
        return cur.fetchone()[0]


def insert_actor(conn: Conn, claim_id: int, code: str, role: str) -> None:
    with conn, conn.cursor() as cur:
        cur.execute("INSERT INTO claim_actors (claim_id, actor_code, role) VALUES (%s, %s, %s)", (claim_id, code, role))


@pytest.fixture
def article(conn: Conn) -> int:
    with conn, conn.cursor() as cur:
        cur.execute("INSERT INTO articles (canonical_url, text) VALUES ('https://example.test/c', 'نص الخبر') RETURNING id")
        return cur.fetchone()[0]


def test_seeds_file_lists_the_spec_types_and_its_diplomacy_core() -> None:
    rows = read_event_types_csv(seeds_dir() / "event_types.csv")
    assert {code for code, *_ in rows} == SPEC_TYPES and len(rows) == 16
    assert {code for code, _, _, diplomacy in rows if diplomacy} == DIPLOMACY
    assert all(name_ar and name_en for _, name_ar, name_en, _ in rows)


def test_migration_rows_are_the_seeds_file(conn: Conn) -> None:
    # A migrated, unseeded database already accepts every type, with the seeds' names.
    assert upsert_event_types(conn, read_event_types_csv(seeds_dir() / "event_types.csv")) == 0


def test_event_types_seeded_idempotently(db_url: str) -> None:
    with db.connection(db_url) as conn, conn.cursor() as cur:
        cur.execute("UPDATE event_types SET name_en = 'old name' WHERE code = 'AID'")
        conn.commit()
    assert prepare_database(db_url)["event_types_changed"] == 1
    assert prepare_database(db_url)["event_types_changed"] == 0
    with db.connection(db_url) as conn:
        rows = query(conn, "SELECT code, name_en, is_diplomacy FROM event_types ORDER BY code")
    assert len(rows) == 16 and {r["code"]: r["name_en"] for r in rows}["AID"] == "Aid"


@pytest.mark.parametrize(("field", "value", "constraint"), [
    ("event_type", "NEGOTIATE", "claims_event_type_fkey"),
    ("modality", "rumoured", "claims_modality_check"),
])
def test_claim_with_an_unknown_code_is_refused(conn: Conn, article: int, field: str, value: str,
                                               constraint: str) -> None:
    with pytest.raises(psycopg2.IntegrityError, match=constraint):
        insert_claim(conn, article, **{field: value})


def test_every_modality_of_the_spec_is_accepted(conn: Conn, article: int) -> None:
    for modality in ("asserted", "reported", "conditional", "denied", "planned"):
        with conn, conn.cursor() as cur:
            cur.execute("DELETE FROM claims")
        insert_claim(conn, article, modality=modality)


@pytest.mark.parametrize(("code", "role", "constraint"), [
    ("IRN", "witness", "claim_actors_role_check"),
    ("ATLANTIS", "party", "claim_actors_actor_code_fkey"),
])
def test_claim_actor_with_an_unknown_role_or_code_is_refused(conn: Conn, article: int, code: str, role: str,
                                                             constraint: str) -> None:
    claim = insert_claim(conn, article)
    for known in ("party", "source", "target", "mediator"):
        insert_actor(conn, claim, "OMN", known)
    with pytest.raises(psycopg2.IntegrityError, match=constraint):
        insert_actor(conn, claim, code, role)


def test_events_reference_event_types(conn: Conn) -> None:
    load_sample(conn)
    with pytest.raises(psycopg2.IntegrityError, match="events_event_type_fkey"), conn, conn.cursor() as cur:
        cur.execute("UPDATE events SET event_type = 'NEGOTIATE'")


def test_every_code_the_gazetteer_can_emit_is_an_actor() -> None:
    """Why the actor-code foreign key is safe: actor mentions come from actor_aliases.csv and
    the outlet's home state from outlet_home.csv, and both name only codes of actors.csv."""
    def column(name: str, col: str) -> set[str]:
        with (seeds_dir() / name).open(encoding="utf-8", newline="") as f:
            return {row[col] for row in csv.DictReader(f)}

    actors = column("actors.csv", "code")
    assert column("actor_aliases.csv", "code") <= actors
    assert column("outlet_home.csv", "country") <= actors


def test_lexicon_types_come_from_the_seeds_file() -> None:
    assert event_types(seeds_dir()) == SPEC_TYPES
    assert checked_triggers(seeds_dir()) is TRIGGERS


def test_lexicon_refuses_a_type_the_seeds_file_does_not_list(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(seeds_dir() / "event_types.csv", seeds)
    path = seeds / "event_types.csv"
    path.write_text("".join(line for line in path.read_text(encoding="utf-8").splitlines(keepends=True)
                            if not line.startswith("RETREAT,")), encoding="utf-8")
    with pytest.raises(LexiconError, match="RETREAT"):
        checked_triggers(seeds)
