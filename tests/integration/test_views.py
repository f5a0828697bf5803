"""The repeatable views of sql/views/: created after the migrations, recreated in order when
a file changes, left alone (materialized rows included) when none does."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import psycopg2.extensions
import pytest

from marsad.settings import seeds_dir, sql_dir
from marsad.store import db
from marsad.store.actors import read_actors_csv, upsert_actors
from marsad.store.migrate import (
    MigrationError,
    apply_migrations,
    apply_views,
    discover_views,
)
from marsad.store.reports import refresh_materialized_views
from support.postgres import scratch_database
from support.report_data import load_sample, query

Conn = psycopg2.extensions.connection
VIEWS = {
    "report_claims": "v", "report_events": "m", "report_actor_pairs": "v", "report_mediation": "v",
    "report_source_nights": "v", "report_source_health": "v",
}


def relations(conn: Conn) -> dict[str, tuple[str, int]]:
    """Each report view's kind and oid: a new oid means the view was recreated."""
    rows = query(conn, "SELECT relname, relkind::text AS kind, oid::int AS oid FROM pg_class"
                       " WHERE relname LIKE 'report\\_%%' AND relkind IN ('v', 'm')")
    return {r["relname"]: (r["kind"], r["oid"]) for r in rows}


def view_rows(conn: Conn) -> dict[str, list[Any]]:
    return {v: sorted(map(repr, query(conn, f"SELECT * FROM {v}"))) for v in VIEWS}


@pytest.fixture
def views_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "views"
    shutil.copytree(sql_dir() / "views", folder)
    return folder


def test_one_file_per_view_in_dependency_order() -> None:
    assert [v.relation for v in discover_views()] == list(VIEWS)


def test_views_exist_after_migration_and_are_recorded(conn: Conn) -> None:
    assert {name: kind for name, (kind, _) in relations(conn).items()} == VIEWS
    recorded = query(conn, "SELECT file, relation FROM schema_views ORDER BY file")
    assert [r["relation"] for r in recorded] == list(VIEWS)
    # CONCURRENTLY needs the unique index, which the view file keeps.
    assert query(conn, "SELECT indexname FROM pg_indexes WHERE tablename = 'report_events' ORDER BY 1") == [
        {"indexname": "report_events_day_idx"}, {"indexname": "report_events_key"}]


def test_rerun_leaves_the_views_and_their_rows_alone(conn: Conn) -> None:
    load_sample(conn)
    before = relations(conn)
    with conn, conn.cursor() as cur:  # rows the materialized view does not hold yet
        cur.execute("DELETE FROM events")
    assert apply_migrations(conn) == [] and apply_views(conn) == []
    assert relations(conn) == before
    assert query(conn, "SELECT count(*) AS n FROM report_events")[0]["n"] == 6  # not recomputed


def test_a_changed_view_file_recreates_every_view_in_order(conn: Conn, views_copy: Path) -> None:
    load_sample(conn)
    before = relations(conn)
    rows = view_rows(conn)
    mediation = views_copy / "004_report_mediation.sql"
    mediation.write_text(mediation.read_text(encoding="utf-8").replace(
        "       e.n_independent_sources\nFROM report_events e",
        "       e.n_independent_sources,\n       true AS probe\nFROM report_events e"), encoding="utf-8")
    assert apply_views(conn, views_copy) == [v.file for v in discover_views(views_copy)]
    after = relations(conn)
    assert set(after) == set(before) and all(after[v][1] != before[v][1] for v in VIEWS)
    assert {r["probe"] for r in query(conn, "SELECT probe FROM report_mediation")} == {True}
    # The recreated materialized view is populated, and every other view reads as before.
    changed = view_rows(conn)
    assert {v: changed[v] for v in VIEWS if v != "report_mediation"} == \
        {v: rows[v] for v in VIEWS if v != "report_mediation"}
    assert len(changed["report_mediation"]) == len(rows["report_mediation"]) == 2
    assert apply_views(conn, views_copy) == []


def test_a_view_dropped_by_hand_is_recreated(conn: Conn) -> None:
    with conn, conn.cursor() as cur:
        cur.execute("DROP VIEW report_source_health")
    assert apply_views(conn) != []
    assert "report_source_health" in relations(conn)


def test_a_removed_view_file_drops_its_view(conn: Conn, views_copy: Path) -> None:
    (views_copy / "006_report_source_health.sql").unlink()
    apply_views(conn, views_copy)
    assert "report_source_health" not in relations(conn)
    apply_views(conn)
    assert "report_source_health" in relations(conn)


def test_a_file_that_creates_another_view_is_refused_and_changes_nothing(conn: Conn, views_copy: Path) -> None:
    before = relations(conn)
    (views_copy / "007_report_extra.sql").write_text("CREATE VIEW report_other AS SELECT 1 AS one;\n")
    with pytest.raises(MigrationError, match="report_extra"):
        apply_views(conn, views_copy)
    assert relations(conn) == before


def test_is_diplomacy_reads_event_types(conn: Conn) -> None:
    load_sample(conn)
    assert {r["event_type"]: r["is_diplomacy"] for r in query(conn, "SELECT * FROM report_events")}["CONSULT"]
    with conn, conn.cursor() as cur:
        cur.execute("UPDATE event_types SET is_diplomacy = false WHERE code = 'CONSULT'")
    refresh_materialized_views(conn)
    flags = {r["event_type"]: r["is_diplomacy"] for r in query(conn, "SELECT * FROM report_events")}
    assert flags == {"CONSULT": False, "REQUEST": True, "THREATEN": True, "AGREE": True}


def test_a_database_with_data_at_009_migrates_with_identical_view_rows(server_url: str, tmp_path: Path) -> None:
    """The move out of the migrations changes no row: load data under 001-009 (their views),
    migrate to the end (010 drops them, sql/views/ recreates them), compare every view."""
    old = tmp_path / "migrations"
    old.mkdir()
    for path in sorted((sql_dir() / "migrations").glob("*.sql")):
        if int(path.name[:3]) <= 9:
            shutil.copy(path, old)
    no_views = tmp_path / "no_views"
    no_views.mkdir()
    with scratch_database(server_url, "marsad_v009") as url:
        conn = db.connect(url)
        try:
            apply_migrations(conn, old, no_views)
            upsert_actors(conn, read_actors_csv(seeds_dir() / "actors.csv"))
            load_sample(conn)
            before = view_rows(conn)
            applied = apply_migrations(conn)
            assert applied == [p.name for p in sorted((sql_dir() / "migrations").glob("*.sql"))
                               if int(p.name[:3]) > 9]
            assert view_rows(conn) == before
        finally:
            conn.close()
