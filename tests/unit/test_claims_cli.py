"""`marsad extract` on files: one output line per input line, in order; exit codes."""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

import pytest

from marsad.claims import extract_claims
from marsad.cli import extract_cmd


def _args(tmp_path: Path, inp: Path) -> argparse.Namespace:
    return argparse.Namespace(input=inp, output=tmp_path / "out.jsonl")


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


ROWS = [
    {"id": "b", "title": "", "text": "التقى وزير الخارجية المصري نظيره السعودي في الرياض أمس.",
     "published": "2023-05-02", "url": None},
    {"id": "a", "title": "", "text": "أعلنت الشركة أرباحها.", "published": None},
    "not an object",
    {"id": 7, "text": "وطالبت فرنسا إيران بالإفراج عن مواطنيها المحتجزين.", "published": "2023-05-02"},
]


def _write(path: Path) -> None:
    text = "\n".join(json.dumps(r, ensure_ascii=False) for r in ROWS) + "\n{broken\n\n"
    if path.suffix == ".gz":
        with gzip.open(path, "wt", encoding="utf-8") as f:
            f.write(text)
    else:
        path.write_text(text, encoding="utf-8")


def test_parser_registers_extract_with_help() -> None:
    parser = argparse.ArgumentParser(prog="marsad")
    sub = parser.add_subparsers(dest="command")
    extract_cmd.add_parser(sub)
    args = parser.parse_args(["extract", "--input", "a.jsonl", "--output", "c.jsonl"])
    assert args.input == Path("a.jsonl") and args.run is extract_cmd.run
    assert "extract" in parser.format_help()


@pytest.mark.parametrize("name", ["a.jsonl", "a.jsonl.gz"])
def test_writes_one_line_per_article_in_order(tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    inp = tmp_path / name
    _write(inp)
    assert extract_cmd.run(_args(tmp_path, inp)) == 0
    out = _read(tmp_path / "out.jsonl")
    assert [o["article_id"] for o in out] == ["b", "a", "line-3", "7", "line-5"]  # blank lines give nothing
    assert all(set(o) == {"article_id", "claims"} for o in out)
    # each line is the library's records in the spec's JSON form
    for row, o in zip(ROWS, out, strict=False):
        expected = [c.to_spec() for c in extract_claims(row)] if isinstance(row, dict) else []
        assert o["claims"] == expected
    meeting = [c for c in out[0]["claims"] if c["event_type"] == "CONSULT"]
    assert meeting and set(meeting[0]["actors"]) == {"EGY", "SAU"}
    assert meeting[0]["event_date"] == "2023-05-01"  # أمس, against the publication day
    assert out[1]["claims"] == [] and out[2]["claims"] == [] and out[4]["claims"] == []
    err = capsys.readouterr().err
    assert "line 5" in err and "5 articles" in err


def test_unreadable_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert extract_cmd.run(_args(tmp_path, tmp_path / "missing.jsonl")) == 2
    assert "cannot read" in capsys.readouterr().err
    bad = tmp_path / "bad.jsonl.gz"
    bad.write_bytes(b"not gzip at all")
    assert extract_cmd.run(_args(tmp_path, bad)) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("marsad extract: ") and "gzip" in err[0]
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes(b'{"id": "x", "text": "\xe9\xe9"}\n')
    # A line that is not UTF-8 is skipped and counted (the shared reader's rule), and
    # still gets its output line so the output aligns with the input.
    assert extract_cmd.run(_args(tmp_path, latin)) == 0
    assert "line 1: not UTF-8" in capsys.readouterr().err
    assert json.loads((tmp_path / "out.jsonl").read_text()) == {"article_id": "line-1", "claims": []}
