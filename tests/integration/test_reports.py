"""The reporting views and the example questions of sql/reports/, on a database with data.

A handful of articles and claims are loaded through the pipeline's own steps (the store's
UPSERTs, then dedup into stories and the merge of claims into events), dated relative to
today. Each example query is run with its psql variables (the period, the actor) and its
answer checked against what was loaded; tests/e2e/test_report_sample.py runs the same files
with psql itself on a database loaded by the sample pipeline.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import psycopg2.extensions
import pytest

from marsad.pipeline.events_step import merge_events
from marsad.settings import sql_dir
from marsad.store.claims import replace_claims
from marsad.store.reports import refresh_materialized_views
from support.report_data import DEMAND, TALKS_1, THREAT, VERSION, Sample, claim_quoting, day, load_sample, query

REPORTS = sql_dir() / "reports"

# `\if :{?name} \else \set name VALUE \endif`: the default each report file gives a variable.

PSQL_DEFAULT = re.compile(r"^\\if :\{\?(\w+)\} \\else \\set \1 (.*?) \\endif$", re.M)


def report_sql(name: str, **variables: str) -> tuple[str, dict[str, str]]:
    r"""A sql/reports file as psycopg2 runs it: psql's `:'name'` become parameters, with the
    values given here, else the file's own defaults (its `\set` lines, which are dropped)."""
    text = (REPORTS / name).read_text(encoding="utf-8")
    params = {k: v.strip("'") for k, v in PSQL_DEFAULT.findall(text)}
    unknown = set(variables) - set(params)
    assert not unknown, f"{name} takes no variable {unknown}"
    params.update(variables)
    sql = "\n".join(line for line in text.splitlines() if not line.startswith("\\"))
    return re.sub(r":'(\w+)'", r"%(\1)s", sql), params


def run_report(conn: psycopg2.extensions.connection, name: str, **variables: str) -> list[dict[str, Any]]:
    return query(conn, *report_sql(name, **variables))


@pytest.fixture
def sample(conn: psycopg2.extensions.connection) -> Sample:
    return load_sample(conn)


# ---------------------------------------------------------------- the views

def test_report_claims_carry_evidence_attribution_url_and_outlet(conn, sample: Sample) -> None:
    rows = query(conn, "SELECT * FROM report_claims ORDER BY claim_id")
    assert len(rows) == 8
    talks = next(r for r in rows if r["article_id"] == sample.article_ids["talks1"])
    assert talks["evidence_text"] == TALKS_1
    assert talks["attribution"] == "رويترز" and talks["modality"] == "reported"
    assert talks["article_url"] == "https://example.test/talks1?utm=x"
    assert talks["outlet"] == "وكالة الاختبار" and talks["source_key"] == "wakala"
    assert talks["parties"] == ["IRN", "USA"] and talks["day"] == day(10)


def test_report_claims_day_falls_back_to_publication(conn, sample: Sample) -> None:
    with conn, conn.cursor() as cur:
        cur.execute("UPDATE claims SET event_date = NULL WHERE article_id = %s", (sample.article_ids["demand"],))
    (row,) = query(conn, "SELECT day FROM report_claims WHERE article_id = %s", (sample.article_ids["demand"],))
    assert row["day"] == day(7)


def test_report_events_are_the_events_of_the_events_step(conn, sample: Sample) -> None:
    events = query(conn, "SELECT * FROM report_events ORDER BY day, event_type")
    stored = query(conn, "SELECT id, event_key, claims, articles, outlets, sources FROM events ORDER BY id")
    assert sorted((e["event_id"], e["event_key"]) for e in events) == [(r["id"], r["event_key"]) for r in stored]
    assert len(events) == 6
    talks = next(e for e in events if e["mediator"] == "OMN")
    assert talks["day"] == day(10) and talks["event_type"] == "CONSULT" and talks["actors"] == ["IRN", "USA"]
    assert (talks["n_claims"], talks["n_articles"], talks["n_outlets"], talks["n_independent_sources"]) == (2, 2, 2, 2)
    assert talks["location_name"] == "مسقط" and talks["location_country"] == "OMN"
    assert talks["is_diplomacy"] is True and talks["modality"] in ("asserted", "reported")
    assert talks["outlets"] == ["صحيفة الاختبار", "وكالة الاختبار"]
    linked = query(conn, "SELECT claim_id FROM report_claims WHERE event_id = %s ORDER BY 1", (talks["event_id"],))
    assert talks["claim_ids"] == [r["claim_id"] for r in linked] and len(linked) == 2
    threat = next(e for e in events if e["event_type"] == "THREATEN")
    assert (threat["source_actor"], threat["target_actor"], threat["n_outlets"]) == ("USA", "IRN", 1)
    assert threat["actors"] == ["IRN", "USA"] and threat["modality"] == "conditional"


def test_agency_copy_is_two_outlets_but_one_independent_source(conn, sample: Sample) -> None:
    (agree,) = query(conn, "SELECT * FROM report_events WHERE event_type = 'AGREE'")
    assert agree["actors"] == ["SAU", "YEM"] and agree["day"] == day(4)
    assert (agree["n_claims"], agree["n_articles"], agree["n_outlets"], agree["n_independent_sources"]) == (2, 2, 2, 1)
    # 004's names for those two counts are gone (migration 009): one name per meaning.
    assert "n_sources" not in agree and "n_stories" not in agree
    stories = query(conn, "SELECT story_id FROM report_claims WHERE event_type = 'AGREE'")
    assert [r["story_id"] for r in stories] == [sample.article_ids["agency1"]] * 2


def test_denied_claims_back_no_event(conn, sample: Sample) -> None:
    demand = sample.article_ids["demand"]
    replace_claims(conn, VERSION, {demand: [claim_quoting(DEMAND, DEMAND, event_type="REQUEST", actors=["EGY", "ISR"],
                                                   source_actor="EGY", target_actor="ISR", modality="denied",
                                                   event_date=day(7).isoformat())]}, {demand: DEMAND})
    merge_events(conn)
    refresh_materialized_views(conn)
    assert query(conn, "SELECT count(*) AS n FROM report_events WHERE event_type = 'REQUEST'")[0]["n"] == 0
    (claim,) = query(conn, "SELECT modality, event_id FROM report_claims WHERE article_id = %s", (demand,))
    assert claim == {"modality": "denied", "event_id": None}


def test_report_events_follow_the_events_step_after_a_refresh(conn, sample: Sample) -> None:
    with conn, conn.cursor() as cur:
        cur.execute("DELETE FROM claims WHERE article_id = %s", (sample.article_ids["talks2"],))
    merge_events(conn)  # recounts the event that lost a claim
    # Materialized: unchanged until refreshed, then current (a concurrent refresh, it has a unique index).
    assert query(conn, "SELECT n_outlets FROM report_events WHERE mediator = 'OMN'")[0]["n_outlets"] == 2
    assert "report_events" in refresh_materialized_views(conn)
    (talks,) = query(conn, "SELECT n_outlets, n_articles, claim_ids FROM report_events WHERE mediator = 'OMN'")
    assert (talks["n_outlets"], talks["n_articles"], len(talks["claim_ids"])) == (1, 1, 1)
    indexed = query(conn, "SELECT indexdef FROM pg_indexes"
                          " WHERE tablename = 'report_events' AND indexdef LIKE '%UNIQUE%'")
    assert indexed, "report_events needs a unique index to refresh concurrently"


def test_actor_pairs_directed_and_symmetric(conn, sample: Sample) -> None:
    rows = query(conn, "SELECT * FROM report_actor_pairs ORDER BY day")
    got = {(r["event_type"], r["actor_a"], r["actor_b"], r["directed"]): r["n_events"] for r in rows}
    assert got == {
        ("CONSULT", "IRN", "USA", False): 1,
        ("REQUEST", "EGY", "ISR", True): 1,
        ("THREATEN", "USA", "IRN", True): 1,
        ("CONSULT", "HAMAS", "ISR", False): 1,
        ("CONSULT", "SAU", "UN", False): 1,
        ("AGREE", "SAU", "YEM", False): 1,
    }
    talks = next(r for r in rows if r["event_type"] == "CONSULT" and r["actor_a"] == "IRN")
    assert talks["n_claims"] == 2 and talks["n_articles"] == 2 and talks["n_independent_sources"] == 2
    agree = next(r for r in rows if r["event_type"] == "AGREE")
    assert (agree["n_articles"], agree["n_independent_sources"]) == (2, 1)


def test_mediation_names_mediator_parties_and_place(conn, sample: Sample) -> None:
    rows = query(conn, "SELECT * FROM report_mediation ORDER BY mediator")
    assert [(r["mediator"], r["mediator_kind"], r["parties"], r["location_country"]) for r in rows] == [
        ("OMN", "state", ["IRN", "USA"], "OMN"),
        ("QAT", "state", ["HAMAS", "ISR"], "QAT"),
    ]
    assert rows[0]["mediator_name"] == "Oman" and rows[0]["n_outlets"] == 2 and rows[0]["n_independent_sources"] == 2


def test_source_health(conn, sample: Sample) -> None:
    rows = {r["source_key"]: r for r in query(conn, "SELECT * FROM report_source_health")}
    wakala, sahifa = rows["wakala"], rows["sahifa"]
    assert wakala["runs_30d"] == 3 and float(wakala["not_modified_rate_30d"]) == pytest.approx(1 / 3, abs=1e-3)
    assert float(wakala["articles_per_night_30d"]) == pytest.approx(5 / 3, abs=0.05)
    assert wakala["page_errors_30d"] == 1 and wakala["feed_fallback_30d"] == 1
    assert wakala["extraction_failures_30d"] == 2
    assert wakala["last_status"] == "ok" and wakala["last_success_at"] is not None and wakala["last_error"] is None
    assert sahifa["last_status"] == "error" and sahifa["last_error"] == "feed returned HTTP 503"
    assert sahifa["last_run_status"] == "error" and sahifa["error_runs_30d"] == 1
    assert sahifa["last_success_at"] is None  # it never answered in this history
    assert float(sahifa["not_modified_rate_30d"]) == 0.0


def test_views_are_searchable_by_arabic_actor_name(conn, sample: Sample) -> None:
    (talks,) = query(conn, "SELECT parties, parties_ar FROM report_claims WHERE article_id = %s",
                     (sample.article_ids["talks1"],))
    assert talks["parties"] == ["IRN", "USA"] and talks["parties_ar"][0] == "إيران"
    by_name = query(conn, "SELECT claim_id FROM report_claims WHERE 'إيران' = ANY(parties_ar) ORDER BY 1")
    by_code = query(conn, "SELECT claim_id FROM report_claims WHERE actor_code('إيران') = ANY(parties) ORDER BY 1")
    assert by_name == by_code and len(by_name) == 3  # the two Muscat talks and the threat
    events = query(conn, "SELECT actors, actors_ar FROM report_events WHERE 'مصر' = ANY(actors_ar)")
    assert [e["actors"] for e in events] == [["EGY", "ISR"]] and events[0]["actors_ar"][0] == "مصر"
    (omn,) = query(conn, "SELECT mediator_name_ar FROM report_mediation WHERE mediator = 'OMN'")
    assert omn["mediator_name_ar"] == "عمان"


def test_every_view_and_column_has_a_comment(conn) -> None:
    rows = query(conn, """
        SELECT c.relname, a.attname, obj_description(c.oid, 'pg_class') AS view_comment,
               col_description(c.oid, a.attnum) AS column_comment
        FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE c.relname LIKE 'report\\_%%' AND c.relkind IN ('v', 'm')""")
    assert {r["relname"] for r in rows} == {"report_claims", "report_events", "report_actor_pairs",
                                           "report_mediation", "report_source_nights", "report_source_health"}
    assert all(r["view_comment"] for r in rows)
    # The wide views document every column; the narrow ones what is not obvious from the name.
    for view in ("report_claims", "report_events"):
        missing = [r["attname"] for r in rows if r["relname"] == view and not r["column_comment"]]
        assert missing == [], f"{view}: {missing}"


def test_views_are_empty_not_broken_on_an_empty_database(conn) -> None:
    refresh_materialized_views(conn)
    for view in ("report_claims", "report_events", "report_actor_pairs", "report_mediation",
                 "report_source_nights", "report_source_health"):
        assert query(conn, f"SELECT count(*) AS n FROM {view}")[0]["n"] == 0, view


# ---------------------------------------------------------------- sql/reports/*.sql

Check = Callable[[list[dict[str, Any]], Sample], None]


def _events_by_day(rows: list[dict[str, Any]], s: Sample) -> None:
    assert [(r["day"], r["event_type"]) for r in rows] == [
        (day(10), "CONSULT"), (day(7), "REQUEST"), (day(4), "AGREE"), (day(2), "CONSULT"), (day(1), "THREATEN")]
    talks, agree = rows[0], rows[2]
    assert talks["mediator"] == "OMN" and talks["place"] == "مسقط (OMN)" and talks["actors"] == ["IRN", "USA"]
    assert (talks["n_articles"], talks["n_outlets"], talks["n_independent_sources"]) == (2, 2, 2)
    # One agency story carried by two outlets: 2 outlets, 1 independent source.
    assert (agree["n_articles"], agree["n_outlets"], agree["n_independent_sources"]) == (2, 2, 1)
    assert agree["place"] == "الرياض (SAU)" and agree["mediator"] is None


def _actor_pairs(rows: list[dict[str, Any]], s: Sample) -> None:
    pairs = {(r["actor_a"], r["actor_b"], r["event_type"]): r["n_events"] for r in rows}
    assert pairs[("IRN", "USA", "CONSULT")] == 1 and pairs[("USA", "IRN", "THREATEN")] == 1
    assert ("SAU", "UN", "CONSULT") not in pairs  # 120 days ago: outside the period


def _who_demanded_threatened(rows: list[dict[str, Any]], s: Sample) -> None:
    assert [(r["source_actor"], r["event_type"], r["target_actor"], r["n_events"]) for r in rows] == [
        ("EGY", "REQUEST", "ISR", 1), ("USA", "THREATEN", "IRN", 1)]


def _iran_counterparts(rows: list[dict[str, Any]], s: Sample) -> None:
    assert [(r["counterpart"], r["event_type"], r["n_events"]) for r in rows] == [
        ("USA", "CONSULT", 1), ("USA", "THREATEN", 1)]
    assert "مسقط" in rows[0]["places"]


def _mediators(rows: list[dict[str, Any]], s: Sample) -> None:
    assert [(r["mediator"], r["parties"], r["n_events"]) for r in rows] == [
        ("OMN", ["IRN", "USA"], 1), ("QAT", ["HAMAS", "ISR"], 1)]
    assert rows[0]["places"] == ["مسقط"]


def _latest_claims(rows: list[dict[str, Any]], s: Sample) -> None:
    assert len(rows) == 7  # the 120-day-old claim is out of the period
    assert rows[0]["event_type"] == "THREATEN" and rows[0]["modality"] == "conditional"
    assert rows[0]["evidence_text"] == THREAT and rows[0]["outlet"] == "صحيفة الاختبار"
    # The canonical URL, not the one fetched with its tracking parameters.
    assert all(r["url"].startswith("https://example.test/") and "?" not in r["url"] for r in rows)


def _contested(rows: list[dict[str, Any]], s: Sample) -> None:
    # Conditional first, then what is only reported on someone's word.
    assert [(r["event_type"], r["modality"], r["evidence_text"]) for r in rows] == [
        ("THREATEN", "conditional", THREAT), ("CONSULT", "reported", TALKS_1)]
    assert rows[1]["attribution"] == "رويترز"


def _corroborated(rows: list[dict[str, Any]], s: Sample) -> None:
    # The agency story (two outlets, one text) is not corroboration: only the Muscat talks are.
    got = [(r["event_type"], r["actors"], r["n_outlets"], r["n_independent_sources"], r["corroborated"])
           for r in rows]
    assert got[:2] == [("CONSULT", ["IRN", "USA"], 2, 2, True), ("AGREE", ["SAU", "YEM"], 2, 1, False)]
    assert len(rows) == 5 and not any(r[-1] for r in got[1:])
    assert rows[0]["outlets"] == ["صحيفة الاختبار", "وكالة الاختبار"]


def _source_health(rows: list[dict[str, Any]], s: Sample) -> None:
    assert [r["source_key"] for r in rows] == ["sahifa", "wakala"]  # failing first
    assert rows[0]["last_error"] == "feed returned HTTP 503"


def _source_nights(rows: list[dict[str, Any]], s: Sample) -> None:
    assert [(r["night"], r["source_key"], r["status"]) for r in rows][:2] == [
        (day(1), "sahifa", "error"), (day(1), "wakala", "ok")]
    assert len(rows) == 5


EXPECTED: dict[str, Check] = {
    "events_by_day.sql": _events_by_day,
    "actor_pairs.sql": _actor_pairs,
    "who_demanded_or_threatened_whom.sql": _who_demanded_threatened,
    "iran_counterparts.sql": _iran_counterparts,
    "mediators.sql": _mediators,
    "latest_claims.sql": _latest_claims,
    "contested_claims.sql": _contested,
    "corroborated_events.sql": _corroborated,
    "source_health.sql": _source_health,
    "source_nights.sql": _source_nights,
}


def test_every_report_file_is_tested_and_says_what_it_answers() -> None:
    files = sorted(p.name for p in REPORTS.glob("*.sql"))
    assert files == sorted(EXPECTED)
    for name in files:
        first = (REPORTS / name).read_text(encoding="utf-8").lstrip()
        assert first.startswith("--"), f"{name} must open with a comment saying what it answers"


# The files that take a period; source_health.sql has none (its windows are the view's 30 days).
PERIODIC = sorted(set(EXPECTED) - {"source_health.sql"})


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_report_query(conn, sample: Sample, name: str) -> None:
    since = {"since": day(30).isoformat()} if name in PERIODIC else {}
    rows = run_report(conn, name, **since)
    EXPECTED[name](rows, sample)


def test_every_period_file_takes_since_as_a_psql_variable() -> None:
    for name in PERIODIC:
        sql, params = report_sql(name)
        assert params.get("since") == "", f"{name} must default since to '' (the latest weeks with data)"
        assert "%(since)s" in sql, name


def test_default_period_is_the_latest_weeks_that_hold_data(conn, sample: Sample) -> None:
    def monday(d: date) -> date:
        return d - timedelta(days=d.weekday())

    weeks = sorted({monday(day(o)) for o in (1, 2, 4, 7, 9, 10)}, reverse=True)
    since = {n: query(conn, "SELECT report_default_since(%s) AS d", (n,))[0]["d"] for n in (1, 2, 8)}
    assert since[1] == weeks[0] and since[2] == weeks[1]
    # Fewer weeks hold data than asked: from the oldest one, 120 days back, empty weeks skipped.
    assert since[8] == monday(day(120))
    # Without a since the files answer on that period: the 120-day-old claim is in it.
    assert len(run_report(conn, "latest_claims.sql")) == 8
    assert ("SAU", "UN", "CONSULT") in {(r["actor_a"], r["actor_b"], r["event_type"])
                                        for r in run_report(conn, "actor_pairs.sql")}
    assert len(run_report(conn, "latest_claims.sql", since=day(5).isoformat(), until=day(2).isoformat())) == 3


def test_actor_question_takes_a_code_or_an_arabic_name(conn, sample: Sample) -> None:
    by_code = run_report(conn, "iran_counterparts.sql", since=day(30).isoformat())
    assert by_code == run_report(conn, "iran_counterparts.sql", since=day(30).isoformat(), actor="إيران")
    egypt = run_report(conn, "iran_counterparts.sql", actor="مصر")
    assert [(r["counterpart"], r["event_type"]) for r in egypt] == [("ISR", "REQUEST")]


def test_report_queries_answer_empty_on_an_empty_database(conn) -> None:
    refresh_materialized_views(conn)
    for path in sorted(REPORTS.glob("*.sql")):
        assert run_report(conn, path.name) == [], path.name
