"""`marsad train`: the same annotated folder gives the same model bytes, and the model loads fast.

Trains on a small folder built from the first articles of the shared training set (and
their gold); skipped where ``../shared/eval/train`` is absent.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from marsad.claims.decisions import MODEL_PATH, Decisions, load_decisions
from marsad.claims.linear import LinearModel

TRAIN = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "train"
N_ARTICLES = 80


def _marsad(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.run([sys.executable, "-m", "marsad", *args], env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def small_train(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (TRAIN / "articles.jsonl").is_file() or not (TRAIN / "gold.jsonl").is_file():
        pytest.skip(f"{TRAIN} is absent")
    folder = tmp_path_factory.mktemp("train")
    with (TRAIN / "articles.jsonl").open(encoding="utf-8") as f:
        lines = [line for line in f if line.strip()][:N_ARTICLES]
    ids = {str(json.loads(line)["id"]) for line in lines}
    (folder / "articles.jsonl").write_text("".join(lines), encoding="utf-8")
    with (TRAIN / "gold.jsonl").open(encoding="utf-8") as f:
        gold = [line for line in f if line.strip() and str(json.loads(line)["article_id"]) in ids]
    assert len(gold) == len(ids)
    (folder / "gold.jsonl").write_text("".join(gold), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def two_models(small_train: Path) -> tuple[Path, Path]:
    out = []
    for name in ("a.json", "b.json"):
        path = small_train / name
        done = _marsad("train", "--train", str(small_train), "--output", str(path))
        assert done.returncode == 0, done.stderr
        assert f"{N_ARTICLES} articles" in done.stderr
        out.append(path)
    return out[0], out[1]


def test_training_twice_gives_the_same_bytes(two_models: tuple[Path, Path]) -> None:
    a, b = two_models
    assert a.read_bytes() == b.read_bytes()
    assert not list(a.parent.glob("*.tmp"))


def test_the_trained_file_is_a_model_that_loads_fast(two_models: tuple[Path, Path]) -> None:
    path = two_models[0]
    t0 = time.perf_counter()
    decisions = Decisions.from_json(json.loads(path.read_text(encoding="utf-8")))
    assert time.perf_counter() - t0 < 1.0
    assert "NONE" in decisions.event.classes and len(decisions.event.classes) >= 3
    assert set(decisions.role.classes) <= {"NONE", "source", "target", "party", "mediator"}
    assert {"NONE", "party"} <= set(decisions.role.classes)
    assert decisions.event.weights and decisions.role.weights
    assert 0.0 < decisions.settings.event_threshold < 1.0
    # the bytes are the canonical form of what they hold
    text = json.dumps(decisions.to_json(), sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"
    assert path.read_text(encoding="utf-8") == text


def test_the_committed_model_is_small_and_loads_fast() -> None:
    assert MODEL_PATH.is_file()
    assert MODEL_PATH.stat().st_size < 20 * 1024 * 1024
    load_decisions.cache_clear()
    t0 = time.perf_counter()
    decisions = load_decisions()
    assert time.perf_counter() - t0 < 1.0
    assert isinstance(decisions.event, LinearModel) and isinstance(decisions.role, LinearModel)
    assert "CONSULT" in decisions.event.classes and "mediator" in decisions.role.classes
    assert decisions.screen is not None and decisions.screen.classes == ("drop", "keep")
    assert decisions.place is not None and decisions.place.classes == ("no", "yes")
    assert load_decisions() is decisions  # read once per process


def test_train_help() -> None:
    done = _marsad("train", "--help")
    assert done.returncode == 0
    assert "--train" in done.stdout and "--output" in done.stdout


def test_a_missing_training_folder_exits_2_with_one_line(tmp_path: Path) -> None:
    out = tmp_path / "model.json"
    done = _marsad("train", "--train", str(tmp_path / "nowhere"), "--output", str(out))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "nowhere" in lines[0], done.stderr
    assert not out.exists()


def test_the_place_ranking_puts_the_annotated_option_first() -> None:
    # Two claims: the annotated place is the one in the evidence, never the outlet's home.
    from marsad.claims.placing import PlaceOption, choose_place
    from marsad.claims.training import _fit_ranking
    from marsad.model import Location

    groups = [([{"bias", "ev"}, {"bias", "home"}], 0), ([{"bias", "home"}, {"bias", "ev", "dateline"}], 1)]
    model = _fit_ranking(groups, 1.0)
    assert model.intercept == (0.0, 0.0)
    options = [PlaceOption(Location("Cairo", "EGY"), features={"bias", "home"}),
               PlaceOption(Location("Gaza", "PSE"), features={"bias", "ev"})]
    assert choose_place(model, options) == Location("Gaza", "PSE")


def test_a_candidate_carrying_several_types_takes_a_required_ones() -> None:
    # The threat has no trigger of its own, so it falls to the condemnation's trigger,
    # which also carries the required accusation: the label is the accusation.
    from marsad.claims import load_gazetteer
    from marsad.claims.align import align
    from marsad.claims.extractor import analyse

    an = analyse(load_gazetteer(), {"id": "t", "text": "وأدانت قطر الهجوم التركي على السفارة."})
    assert an is not None
    threat = {"event_type": "THREATEN", "actors": ["QAT", "TUR"], "source_actor": "QAT", "required": False}
    accusation = {"event_type": "ACCUSE", "actors": ["QAT", "TUR"], "source_actor": "QAT", "target_actor": "TUR"}
    labels = dict(zip((c.lexicon_type for c in an.candidates), align(an.candidates, [threat, accusation])))
    assert labels["ACCUSE"].event == "ACCUSE"
    assert "source" in labels["ACCUSE"].roles
