"""`marsad extract` on files: one output line per input line, in order; exit codes."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from marsad.cli import extract_cmd


def _args(tmp_path: Path, inp: Path) -> argparse.Namespace:
    return argparse.Namespace(input=inp, output=tmp_path / "out.jsonl")


def test_parser_registers_extract_with_help() -> None:
    parser = argparse.ArgumentParser(prog="marsad")
    sub = parser.add_subparsers(dest="command")
    extract_cmd.add_parser(sub)
    args = parser.parse_args(["extract", "--input", "a.jsonl", "--output", "c.jsonl"])
    assert args.input == Path("a.jsonl") and args.run is extract_cmd.run
    assert "extract" in parser.format_help()


def test_writes_one_line_per_article_in_order(tmp_path: Path) -> None:
    inp = tmp_path / "a.jsonl"
    rows = [
        {"id": "b", "title": "", "text": "التقى وزير الخارجية المصري نظيره السعودي في الرياض أمس.", "published": "2023-05-02", "url": None},
        {"id": "a", "title": "", "text": "أعلنت الشركة أرباحها.", "published": None},
        "not an object",
    ]
    inp.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n{broken\n", encoding="utf-8")
    assert extract_cmd.run(_args(tmp_path, inp)) == 0
    out = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [o["article_id"] for o in out] == ["b", "a", "line-3", "line-4"]
    assert out[0]["claims"][0]["event_type"] == "CONSULT"
    assert out[0]["claims"][0]["event_date"] == "2023-05-01"
    assert out[1]["claims"] == []


def test_unreadable_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert extract_cmd.run(_args(tmp_path, tmp_path / "missing.jsonl")) == 2
    assert "cannot read" in capsys.readouterr().err
    bad = tmp_path / "bad.jsonl.gz"
    bad.write_bytes(b"not gzip at all")
    assert extract_cmd.run(_args(tmp_path, bad)) == 2
