"""The seed article (the Muscat talks): its required claims, field by field.

Reads the shared evaluation folder next to the repository; skipped where it is absent.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from marsad.claims import extract_claims

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "dev" / "seed_articles.jsonl"


@pytest.fixture(scope="module")
def claims() -> list[dict[str, Any]]:
    if not SEED.exists():
        pytest.skip(f"{SEED} is absent")
    article = json.loads(SEED.read_text(encoding="utf-8").splitlines()[0])
    out = [c.to_spec() for c in extract_claims(article)]
    for c in out:  # evidence points into the text, never the title
        for ev in c["evidence"]:
            assert 0 <= ev["start"] < ev["end"] <= len(article["text"])
    return out


def _find(claims: list[dict[str, Any]], etype: str, actors: set[str], source: str | None = None) -> dict[str, Any]:
    for c in claims:
        if c["event_type"] == etype and set(c["actors"]) == actors and (source is None or c["source_actor"] == source):
            return c
    found = [(c["event_type"], c["actors"], c["source_actor"]) for c in claims]
    raise AssertionError(f"no {etype} {actors} {source} in {found}")


def test_consult_third_party_in_muscat(claims: list[dict[str, Any]]) -> None:
    c = _find(claims, "CONSULT", {"IRN", "USA"})
    assert c["mode"] == "third-party"
    assert c["mediator"] == "OMN" and "OMN" not in c["actors"]
    assert c["location"] == {"name": "Muscat", "country": "OMN"}
    assert c["event_date"] == "2024-01-10"
    assert c["date_precision"] == "day"
    assert c["modality"] == "reported"
    assert c["source_actor"] is None and c["target_actor"] is None
    assert len(c["evidence"]) >= 2


def test_the_talks_are_one_claim(claims: list[dict[str, Any]]) -> None:
    talks = [c for c in claims if c["event_type"] == "CONSULT" and {"IRN", "USA"} <= set(c["actors"])]
    assert len(talks) == 1


def test_conditional_threat(claims: list[dict[str, Any]]) -> None:
    c = _find(claims, "THREATEN", {"USA", "IRN"}, "USA")
    assert c["target_actor"] == "IRN"
    assert c["modality"] == "conditional"


def test_every_required_claim_is_found(claims: list[dict[str, Any]]) -> None:
    # Matched as the shared scorer matches: same type, actor Jaccard >= 0.5, one to one.
    import importlib.util

    spec = importlib.util.spec_from_file_location("seed_score", SEED.parent.parent / "score.py")
    assert spec and spec.loader
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    gold = json.loads((SEED.parent / "seed_gold.jsonl").read_text(encoding="utf-8").splitlines()[0])["claims"]
    matched = {g for g, _ in scorer.match(gold, claims)}
    missed = [(g["event_type"], g["actors"]) for i, g in enumerate(gold) if g.get("required", True) and i not in matched]
    assert sum(g.get("required", True) for g in gold) == 5
    assert not missed, missed
