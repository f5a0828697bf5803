"""`marsad dedup` on a JSON Lines file, and its pairwise F1 on the shared dev groups."""

from __future__ import annotations

import argparse
import json
from itertools import combinations
from pathlib import Path

import pytest

from marsad.cli import dedup_cmd

VISIT = (
    "وصل صاحب السمو الأمير فيصل بن فرحان وزير الخارجية إلى العاصمة العمانية مسقط اليوم في زيارة رسمية "
    "تستغرق يومين يلتقي خلالها عددا من كبار المسؤولين لبحث العلاقات الثنائية بين البلدين الشقيقين."
)
MARKET = (
    "ارتفع المؤشر العام لسوق الأسهم السعودية في ختام تعاملات اليوم بمقدار خمسين نقطة ليغلق عند مستوى "
    "أحد عشر ألف نقطة بتداولات بلغت قيمتها أربعة مليارات ريال."
)


def _run(tmp_path: Path, rows: list[dict], extra: list[str] | None = None) -> list[list[str]]:
    src, out = tmp_path / "articles.jsonl", tmp_path / "groups.json"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    parser = argparse.ArgumentParser()
    dedup_cmd.add_parser(parser.add_subparsers())
    args = parser.parse_args(["dedup", "--input", str(src), "--output", str(out), *(extra or [])])
    assert dedup_cmd.run(args) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def test_groups_url_exact_and_near_copies(tmp_path):
    rows = [
        {"id": "a", "source_outlet": "واس", "url": "https://spa.gov.sa/1", "text": VISIT},
        {"id": "b", "source_outlet": "أرقام", "url": "https://argaam.com/2", "text": MARKET},
        {"id": "c", "source_outlet": "عكاظ", "url": "https://okaz.com.sa/3", "text": VISIT.replace("اليوم", "أمس")},
        {"id": "d", "source_outlet": "اليوم", "url": "https://alyaum.com/4", "text": MARKET + " "},
        {"id": "e", "source_outlet": "واس", "url": "https://spa.gov.sa/1?utm_source=feed", "text": "نص محدث قصير"},
        {"id": "f", "source_outlet": "سبق", "url": "https://sabq.org/6",
         "text": "خبر آخر لا علاقة له بما سبق إطلاقا ولا يشبهه"},
    ]
    assert _run(tmp_path, rows) == [["a", "c", "e"], ["b", "d"]]


def test_help_and_missing_input(tmp_path, capsys):
    parser = argparse.ArgumentParser()
    dedup_cmd.add_parser(parser.add_subparsers())
    with pytest.raises(SystemExit):
        parser.parse_args(["dedup", "--help"])
    assert "--input" in capsys.readouterr().out
    args = parser.parse_args(["dedup", "--input", str(tmp_path / "none.jsonl"), "--output", str(tmp_path / "g.json")])
    assert dedup_cmd.run(args) == 2


def _pairs(groups: list[list[str]], keep: set[str]) -> set[tuple[str, str]]:
    return {p for g in groups for p in combinations(sorted(i for i in g if i in keep), 2)}


def test_dev_groups_pairwise_f1(tmp_path, shared):
    dev = shared / "eval" / "dev"
    rows = [json.loads(line) for line in (dev / "articles.jsonl").read_text(encoding="utf-8").splitlines() if line]
    keep = {str(r["id"]) for r in rows}
    gold = _pairs(json.loads((dev / "dup_groups.json").read_text(encoding="utf-8")), keep)
    pred = _pairs(_run(tmp_path, rows), keep)
    tp = len(gold & pred)
    precision, recall = tp / len(pred), tp / len(gold)
    assert 2 * precision * recall / (precision + recall) >= 0.95
