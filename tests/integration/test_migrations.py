"""Migrations apply once, are a no-op when re-run, and refuse a changed file."""

from __future__ import annotations

import shutil

import pytest

from marsad.settings import sql_dir
from marsad.store.migrate import MigrationError, apply_migrations


def test_rerun_is_noop(conn) -> None:
    # The template already applied everything: a second run applies nothing, and leaves
    # the views (sql/views/, unchanged) as they were.
    with conn.cursor() as cur:
        cur.execute("SELECT file, checksum, applied_at FROM schema_views ORDER BY file")
        views = cur.fetchall()
    conn.commit()
    assert apply_migrations(conn) == []
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM schema_migrations")
        (n,) = cur.fetchone()
        cur.execute("SELECT file, checksum, applied_at FROM schema_views ORDER BY file")
        assert cur.fetchall() == views
    assert n == len(list((sql_dir() / "migrations").glob("*.sql")))
    assert [file for file, _, _ in views] == sorted(p.name for p in (sql_dir() / "views").glob("*.sql"))


def test_changed_checksum_is_refused(conn, tmp_path) -> None:
    folder = tmp_path / "migrations"
    shutil.copytree(sql_dir() / "migrations", folder)
    first = sorted(folder.glob("*.sql"))[0]
    first.write_text(first.read_text() + "\n-- edited\n")
    with pytest.raises(MigrationError, match="changed"):
        apply_migrations(conn, folder)


def test_arabic_round_trips_byte_for_byte(conn) -> None:
    text = "أجرت إيران والولايات المتحدة محادثات\u200f في مسقط ـ ١٠ كانون الثاني"
    with conn, conn.cursor() as cur:
        cur.execute(
            "INSERT INTO articles (canonical_url, text) VALUES (%s, %s) RETURNING text",
            ("https://example.org/a", text),
        )
        (back,) = cur.fetchone()
    assert back.encode("utf-8") == text.encode("utf-8")
