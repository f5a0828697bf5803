"""A multinomial logistic model over binary string features, scored without numpy.

The training library (scikit-learn) is needed only by ``marsad train``; the extractor
reads the exported weights (one row of class weights per feature name) and scores a
feature list with a dot product and a softmax. Unknown features carry no weight.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class LinearModel:
    classes: tuple[str, ...]
    intercept: tuple[float, ...]
    weights: Mapping[str, tuple[float, ...]]

    def probabilities(self, features: Sequence[str]) -> list[float]:
        """Class probabilities, in the order of ``classes``."""
        rows = filter(None, map(self.weights.get, features))  # unknown features: no row
        z = list(map(sum, zip(self.intercept, *rows)))  # one column per class
        top = max(z)
        exp = [math.exp(v - top) for v in z]
        total = sum(exp)
        return [v / total for v in exp]

    def to_json(self) -> dict[str, Any]:
        return {
            "classes": list(self.classes),
            "intercept": list(self.intercept),
            "weights": {k: list(v) for k, v in sorted(self.weights.items())},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> LinearModel:
        return cls(
            tuple(data["classes"]),
            tuple(float(x) for x in data["intercept"]),
            {k: tuple(v) for k, v in data["weights"].items()},
        )


__all__ = ["LinearModel"]
