"""The extractor's linear scorer gives what scikit-learn gives for the model it was fitted as.

``marsad.claims.training._fit`` exports a scikit-learn logistic regression as a
``LinearModel`` (weights rounded to 4 digits); scoring that export without numpy must
reproduce ``predict_proba``, also for two classes, where scikit-learn keeps one row.
"""

from __future__ import annotations

import json
import random

import pytest

pytest.importorskip("sklearn")

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from marsad.claims.linear import LinearModel
from marsad.claims.training import _fit

FEATURES = [f"f{i}" for i in range(12)]


def _data(classes: list[str], n: int, seed: int) -> tuple[list[list[str]], list[str]]:
    """Feature lists whose label leans on a few features, so the weights are not zero."""
    rng = random.Random(seed)
    rows, labels = [], []
    for i in range(n):
        label = classes[i % len(classes)]
        k = classes.index(label)
        feats = {f"f{k}", f"f{k + len(classes)}"} if rng.random() < 0.8 else set()
        feats |= {f for f in FEATURES if rng.random() < 0.25}
        rows.append(sorted(feats))
        labels.append(label)
    return rows, labels


@pytest.fixture
def fitted(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The vectoriser and estimator ``_fit`` builds, recorded as it builds them, so the
    export is compared with the very model scikit-learn fitted (whatever its settings)."""
    import sklearn.feature_extraction
    import sklearn.linear_model

    seen: list[object] = []

    class Vectorizer(DictVectorizer):
        def fit_transform(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            seen.append(self)
            return super().fit_transform(*args, **kwargs)

    class Regression(LogisticRegression):
        def fit(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            seen.append(self)
            return super().fit(*args, **kwargs)

    monkeypatch.setattr(sklearn.feature_extraction, "DictVectorizer", Vectorizer)
    monkeypatch.setattr(sklearn.linear_model, "LogisticRegression", Regression)
    return seen


def _sklearn_proba(seen: list[object], probe: list[list[str]]) -> tuple[list[str], list[list[float]]]:
    vec, clf = seen
    assert isinstance(vec, DictVectorizer) and isinstance(clf, LogisticRegression)
    px = vec.transform([dict.fromkeys(r, 1) for r in probe])  # unknown names are ignored
    return [str(k) for k in clf.classes_], clf.predict_proba(px).tolist()


@pytest.mark.parametrize("classes", [["NONE", "CONSULT"], ["NONE", "CONSULT", "REQUEST"],
                                     ["NONE", "party", "source", "target", "mediator"]])
def test_probabilities_equal_predict_proba(classes: list[str], fitted: list[object]) -> None:
    rows, labels = _data(classes, 120, seed=len(classes))
    model = _fit(rows, labels, 1.0)
    assert len(fitted) == 2, "_fit no longer builds one DictVectorizer and one LogisticRegression"
    assert list(model.classes) == sorted(classes)
    assert len(model.intercept) == len(classes)
    assert all(len(w) == len(classes) for w in model.weights.values())
    probe = [*rows[:30], [], ["f0", "f3", "f5"], FEATURES, ["f1", "unknown"]]
    sk_classes, expected = _sklearn_proba(fitted, probe)
    assert sk_classes == list(model.classes)
    for feats, want in zip(probe, expected, strict=True):
        got = model.probabilities(feats)
        assert abs(sum(got) - 1.0) < 1e-9
        assert got == pytest.approx(want, abs=1e-3), feats


def test_two_classes_put_their_mass_on_the_right_class() -> None:
    rows = [["yes"]] * 20 + [["no"]] * 20
    model = _fit(rows, ["CONSULT"] * 20 + ["NONE"] * 20, 1.0)
    consult = model.classes.index("CONSULT")
    assert model.probabilities(["yes"])[consult] > 0.8
    assert model.probabilities(["no"])[consult] < 0.2


def test_unknown_features_carry_no_weight() -> None:
    rows, labels = _data(["NONE", "CONSULT", "REQUEST"], 90, seed=5)
    model = _fit(rows, labels, 1.0)
    assert not {"never-seen", "f0=x"} & set(model.weights)
    for feats in (["f0"], ["f1", "f4"], []):
        assert model.probabilities([*feats, "never-seen", "f0=x"]) == model.probabilities(feats)
    assert model.probabilities(["never-seen"]) == model.probabilities([])


def test_softmax_of_a_hand_made_model() -> None:
    model = LinearModel(("A", "B"), (0.0, 0.0), {"x": (0.0, 2.0)})
    assert model.probabilities([]) == pytest.approx([0.5, 0.5])
    b = model.probabilities(["x"])[1]
    assert b == pytest.approx(1 / (1 + 2.718281828459045 ** -2))
    huge = LinearModel(("A", "B"), (0.0, 0.0), {"x": (0.0, 5000.0)})
    assert huge.probabilities(["x"]) == pytest.approx([0.0, 1.0])  # no overflow


def test_json_round_trip() -> None:
    rows, labels = _data(["NONE", "CONSULT", "REQUEST"], 90, seed=9)
    model = _fit(rows, labels, 0.5)
    data = json.loads(json.dumps(model.to_json()))
    assert list(data["weights"]) == sorted(data["weights"])
    back = LinearModel.from_json(data)
    assert back == model
    for feats in rows[:10]:
        assert back.probabilities(feats) == model.probabilities(feats)
