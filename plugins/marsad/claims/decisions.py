"""The learned decisions and the decoding settings, loaded from the committed model file.

``claims-model.json`` (written by ``marsad train``) holds four linear models, what a
candidate is (NONE or a PLOVER type), what a slot is (NONE, source, target, party,
mediator), whether a decoded claim is kept and which country on offer is its place, and
the decoding thresholds.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from marsad.claims.linear import LinearModel

MODEL_PATH = Path(__file__).with_name("claims-model.json")


@dataclass(frozen=True)
class DecodeSettings:
    """Thresholds of the decoder: the least event probability of a candidate, the actor
    overlap (Jaccard) at which two drafts are one event, the least probability that a
    decoded claim is kept."""

    event_threshold: float = 0.55
    merge_overlap: float = 0.5
    claim_threshold: float = 0.5

    def to_json(self) -> dict[str, float]:
        return {"event_threshold": self.event_threshold, "merge_overlap": self.merge_overlap,
                "claim_threshold": self.claim_threshold}


@dataclass(frozen=True)
class Decisions:
    event: LinearModel
    role: LinearModel
    settings: DecodeSettings
    screen: LinearModel | None = None  # claim level: keep or drop (marsad.claims.screening)
    place: LinearModel | None = None  # where: ranks the countries on offer (marsad.claims.placing)

    def to_json(self) -> dict[str, Any]:
        out = {"event": self.event.to_json(), "role": self.role.to_json(), "settings": self.settings.to_json()}
        for name, model in (("screen", self.screen), ("place", self.place)):
            if model is not None:
                out[name] = model.to_json()
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Decisions:
        return cls(LinearModel.from_json(data["event"]), LinearModel.from_json(data["role"]),
                   DecodeSettings(**data.get("settings", {})),
                   LinearModel.from_json(data["screen"]) if "screen" in data else None,
                   LinearModel.from_json(data["place"]) if "place" in data else None)


@lru_cache(maxsize=1)
def load_decisions(path: Path = MODEL_PATH) -> Decisions:
    """The committed model, read once per process."""
    with path.open(encoding="utf-8") as f:
        return Decisions.from_json(json.load(f))


__all__ = ["MODEL_PATH", "Decisions", "DecodeSettings", "load_decisions"]
