"""The data-quality checks of sql/checks/: 0 on clean data, > 0 once a breaking row is in.

The report DAG runs each file with SQLValueCheckOperator(pass_value=0); here each one is
run as-is on the sample data of test_reports, then again after rows that break exactly
that rule were written straight into the tables.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import psycopg2.extensions
import pytest

from marsad.settings import sql_dir
from support.report_data import Sample, load_sample

CHECKS = sql_dir() / "checks"
Conn = psycopg2.extensions.connection


def run_check(conn: Conn, name: str) -> int:
    with conn.cursor() as cur:
        cur.execute((CHECKS / f"{name}.sql").read_text(encoding="utf-8"))
        rows = cur.fetchall()
    conn.commit()
    assert len(rows) == 1 and len(rows[0]) == 1, "a check returns exactly one count"
    return int(rows[0][0])


def execute(conn: Conn, sql: str, params: object = None) -> None:
    with conn, conn.cursor() as cur:
        cur.execute(sql, params)


def break_articles_text(conn: Conn, s: Sample) -> None:
    # Whitespace of every kind is no text: spaces, newlines, tabs.
    execute(conn, "INSERT INTO articles (canonical_url, text) VALUES ('https://example.test/empty', %s)",
            (" \n\t \r\n ",))


def break_event_dates(conn: Conn, s: Sample) -> None:
    execute(conn, "UPDATE claims SET event_date = (SELECT (published_at AT TIME ZONE 'UTC')::date + 5"
                  " FROM articles WHERE id = %s) WHERE article_id = %s",
            (s.article_ids["demand"], s.article_ids["demand"]))


def break_evidence_past_end(conn: Conn, s: Sample) -> None:
    execute(conn, """UPDATE claims SET evidence = '[{"start": 0, "end": 100000}]' WHERE article_id = %s""",
            (s.article_ids["demand"],))


def break_evidence_empty(conn: Conn, s: Sample) -> None:
    execute(conn, "UPDATE claims SET evidence = '[]' WHERE article_id = %s", (s.article_ids["demand"],))


def break_evidence_reversed(conn: Conn, s: Sample) -> None:
    execute(conn, """UPDATE claims SET evidence = '[{"start": 10, "end": 4}]' WHERE article_id = %s""",
            (s.article_ids["demand"],))


def break_source_collapse(conn: Conn, s: Sample) -> None:
    """A source that brought 8 articles on earlier nights this week and nothing today."""
    now = datetime.now(UTC)
    execute(conn, "UPDATE sources SET last_status = 'ok' WHERE key = 'sahifa'")
    for i in range(8):
        execute(conn, "INSERT INTO articles (canonical_url, text, source_id, fetched_at) VALUES (%s, 'نص', %s, %s)",
                (f"https://example.test/sahifa/{i}", s.source_ids["sahifa"], now - timedelta(days=2 + i % 4)))


BREAKERS: dict[str, list[Callable[[Conn, Sample], None]]] = {
    "articles_have_text": [break_articles_text],
    "event_dates_not_future": [break_event_dates],
    "evidence_in_text": [break_evidence_past_end, break_evidence_empty, break_evidence_reversed],
    "sources_not_collapsing": [break_source_collapse],
}


def test_every_check_is_covered() -> None:
    assert sorted(p.stem for p in CHECKS.glob("*.sql")) == sorted(BREAKERS)


def test_all_checks_pass_on_clean_data(conn: Conn) -> None:
    load_sample(conn)
    assert {name: run_check(conn, name) for name in BREAKERS} == {name: 0 for name in BREAKERS}


def test_all_checks_pass_on_an_empty_database(conn: Conn) -> None:
    assert {name: run_check(conn, name) for name in BREAKERS} == {name: 0 for name in BREAKERS}


@pytest.mark.parametrize(
    ("name", "breaker"),
    [(name, b) for name, bs in BREAKERS.items() for b in bs],
    ids=[b.__name__ for bs in BREAKERS.values() for b in bs],
)
def test_check_counts_breaking_rows(conn: Conn, name: str, breaker: Callable[[Conn, Sample], None]) -> None:
    sample = load_sample(conn)
    breaker(conn, sample)
    assert run_check(conn, name) > 0
    # ...and only that check fires: the others still pass.
    others = {n: run_check(conn, n) for n in BREAKERS if n != name}
    if name != "sources_not_collapsing":  # its 8 bare articles are fine for every other rule
        assert others == {n: 0 for n in others}


def test_planned_events_may_be_in_the_future(conn: Conn) -> None:
    sample = load_sample(conn)
    break_event_dates(conn, sample)
    execute(conn, "UPDATE claims SET modality = 'planned' WHERE article_id = %s", (sample.article_ids["demand"],))
    assert run_check(conn, "event_dates_not_future") == 0


def test_one_day_of_slack_for_time_zones(conn: Conn) -> None:
    sample = load_sample(conn)
    execute(conn, "UPDATE claims SET event_date = (SELECT (published_at AT TIME ZONE 'UTC')::date + 1"
                  " FROM articles WHERE id = %s) WHERE article_id = %s",
            (sample.article_ids["demand"], sample.article_ids["demand"]))
    assert run_check(conn, "event_dates_not_future") == 0


def test_a_quiet_source_that_answered_304_is_not_collapsing(conn: Conn) -> None:
    sample = load_sample(conn)
    break_source_collapse(conn, sample)
    execute(conn, "UPDATE sources SET last_status = 'not_modified' WHERE key = 'sahifa'")
    assert run_check(conn, "sources_not_collapsing") == 0
