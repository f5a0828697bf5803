"""Planner statistics kept fresh while a step fills a table (store.planner)."""

from __future__ import annotations

import time

from marsad.pipeline.transaction import transaction
from marsad.store.planner import MIN_CHANGED_ROWS, analyze_if_stale


def _analyze(conn, tables: tuple[str, ...]) -> list[str]:
    """One call in a transaction of its own, as the steps make it (the statistics a
    transaction reads are those of its start)."""
    with transaction(conn):
        return analyze_if_stale(conn, tables)


def _stale_after_flush(conn, tables: tuple[str, ...]) -> list[str]:
    """analyze_if_stale once the statistics collector has this session's counts."""
    with conn.cursor() as cur:
        cur.execute("SELECT pg_stat_force_next_flush()")
    conn.commit()
    deadline = time.monotonic() + 10
    while not (analyzed := _analyze(conn, tables)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return analyzed


def test_a_table_filled_past_the_threshold_is_analyzed_once(conn):
    with conn, conn.cursor() as cur:
        cur.execute(
            "INSERT INTO dedup_segments (outlet, segment_hash, texts)"
            " SELECT 'o', g, 1 FROM generate_series(1, %s) AS g",
            (MIN_CHANGED_ROWS * 2,),
        )
    assert _stale_after_flush(conn, ("dedup_segments", "stories")) == ["dedup_segments"]
    with conn.cursor() as cur:
        cur.execute("SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = 'dedup_segments'")
        assert cur.fetchone()[0]
    conn.commit()
    assert _analyze(conn, ("dedup_segments", "stories")) == []


def test_a_few_changed_rows_do_not_trigger_analyze(conn):
    with conn, conn.cursor() as cur:
        cur.execute("INSERT INTO dedup_segments (outlet, segment_hash, texts) VALUES ('o', 1, 1)")
        cur.execute("SELECT pg_stat_force_next_flush()")
    time.sleep(0.5)
    assert _analyze(conn, ("dedup_segments",)) == []
