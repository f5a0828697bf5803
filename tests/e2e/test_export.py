"""`marsad export` on the data the sample pipeline loads: every record validates against
the PLOVER record schema, its evidence is the article's text at its offsets, its citation
is the canonical URL and the outlet; the claims of one event come out with their evidence;
the CSV carries the same claims.

Only what the sample guarantees is asserted: some claims, among them the seed's Muscat
talks (CONSULT between IRN and USA, mediated by OMN).
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import jsonschema

from marsad.export.plover import SCHEMA_PATH
from marsad.store import db

MARSAD = [sys.executable, "-m", "marsad"]


def export(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*MARSAD, "export", "--database-url", url, *args],
                          capture_output=True, text=True, check=False)


def records(url: str, *args: str) -> list[dict]:
    done = export(url, *args)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def article_texts(url: str) -> dict[str, str]:
    with db.connection(url) as conn, conn.cursor() as cur:
        cur.execute("SELECT canonical_url, text FROM articles")
        return dict(cur.fetchall())


def muscat_talks(recs: list[dict]) -> dict:
    found = [r for r in recs if r["event_type"] == "CONSULT" and {"IRN", "USA"} <= {a["code"] for a in r["actor"]}
             and "seed-muscat-talks" in r["cite_info"]["url"]]
    assert found, "the seed's Muscat talks are not in the export"
    return found[0]


def test_every_record_validates_against_the_plover_fields(sample_db: str) -> None:
    recs = records(sample_db, "--format", "plover-json", "--since", "2024-01-01")
    assert recs
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")),
                                                format_checker=jsonschema.FormatChecker())
    texts = article_texts(sample_db)
    for rec in recs:
        errors = sorted(validator.iter_errors(rec), key=str)
        assert not errors, f"{rec['id']}: {errors[0].message} at {list(errors[0].absolute_path)}"
        # Event text and offsets agree with the stored article; the citation is canonical.
        text = texts[rec["cite_info"]["url"]]
        assert [text[s["start"]:s["end"]] for s in rec["text_info"]] == rec["event_text"]
        assert "utm_" not in rec["cite_info"]["url"] and rec["cite_info"]["publication"]
        if rec["recipient"]:  # directed: one actor acts on another
            assert {a["code"] for a in rec["actor"]}.isdisjoint({a["code"] for a in rec["recipient"]})
    assert len({r["id"] for r in recs}) == len(recs)

    talks = muscat_talks(recs)
    assert [m["code"] for m in talks["mediator"]] == ["OMN"]
    assert talks["mode"] == "third-party" and talks["quad_code"] == 1 and talks["recipient"] == []
    assert talks["date"] == "2024-01-10" and talks["event_loc"]["cc3"] == "OMN"
    assert {a["code"]: a["country"] for a in talks["actor"]}.items() >= {("IRN", "IRN"), ("USA", "USA")}
    assert talks["link"] and talks["link"].startswith("marsad-event-")


def test_the_claims_of_one_event_with_their_evidence(sample_db: str) -> None:
    talks = muscat_talks(records(sample_db))
    event_id = talks["link"].removeprefix("marsad-event-")
    of_event = records(sample_db, "--event", event_id)
    assert talks["id"] in {r["id"] for r in of_event}
    assert all(r["link"] == talks["link"] and r["event_text"] for r in of_event)
    # No such event: an error line and a non-zero exit, not an empty file.
    missing = export(sample_db, "--event", "999999")
    assert missing.returncode == 1 and missing.stderr.startswith("marsad export: no claims for event 999999")


def test_csv_carries_the_same_claims_and_a_period(sample_db: str, tmp_path: Path) -> None:
    out = tmp_path / "claims.csv"
    done = export(sample_db, "--format", "csv", "--since", "2024-01-01", "--output", str(out))
    assert done.returncode == 0 and "exported" in done.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    recs = records(sample_db, "--since", "2024-01-01")
    assert [r["id"] for r in rows] == [r["id"] for r in recs]
    talks = next(r for r in rows if r["id"] == muscat_talks(recs)["id"])
    assert talks["mediator"] == "OMN" and set(talks["actor"].split(";")) >= {"IRN", "USA"}
    assert talks["url"].endswith("seed-muscat-talks.html") and talks["publication"]
    assert int(talks["text_end"]) > int(talks["text_start"]) >= 0
    # A period after the data: no rows, still a header.
    later = export(sample_db, "--format", "csv", "--since", "2030-01-01")
    assert later.returncode == 0 and later.stdout.splitlines() == [",".join(rows[0].keys())]
