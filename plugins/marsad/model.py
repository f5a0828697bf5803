"""Records that cross the library's boundaries, as frozen dataclasses.

Stages return them, the store maps them to rows, the CLI serialises them. A claim is the
spec's record (``../shared/spec/claims.md``): ``to_spec`` gives its JSON form, and
``from_spec`` reads one back (files written by ``marsad extract``, stored records).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

ROLES = ("party", "source", "target", "mediator")


@dataclass(frozen=True)
class Location:
    """Where an event took place: an English place name and the ISO alpha-3 country."""

    name: str
    country: str

    def to_spec(self) -> dict[str, str]:
        return {"name": self.name, "country": self.country}


@dataclass(frozen=True)
class Evidence:
    """A span of the stored article text that reports the claim (half-open offsets)."""

    start: int
    end: int

    def to_spec(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end}


@dataclass(frozen=True)
class Participant:
    """A named person taking part in the event, with the actor they stand for."""

    name: str
    actor: str

    def to_spec(self) -> dict[str, str]:
        return {"name": self.name, "actor": self.actor}


@dataclass(frozen=True)
class ClaimActor:
    """One actor of a claim in one role: party, source, target or mediator."""

    code: str
    role: str


@dataclass(frozen=True)
class Claim:
    """One real-world political event an article reports, coded in PLOVER."""

    event_type: str
    actors: tuple[str, ...]
    mode: str | None = None
    source_actor: str | None = None
    target_actor: str | None = None
    mediators: tuple[str, ...] = ()
    location: Location | None = None
    event_date: str | None = None
    date_precision: str | None = None
    modality: str = "asserted"
    attribution: str | None = None
    evidence: tuple[Evidence, ...] = ()
    confidence: float = 0.0
    topics: tuple[str, ...] = ()
    participants: tuple[Participant, ...] = ()

    @property
    def mediator(self) -> str | None:
        """The first-named go-between (the spec's single ``mediator`` field)."""
        return self.mediators[0] if self.mediators else None

    def claim_actors(self) -> list[ClaimActor]:
        """Every actor with its role, parties first; each go-between as a mediator."""
        rows = [ClaimActor(code, "party") for code in self.actors]
        if self.source_actor:
            rows.append(ClaimActor(self.source_actor, "source"))
        if self.target_actor:
            rows.append(ClaimActor(self.target_actor, "target"))
        rows.extend(ClaimActor(code, "mediator") for code in self.mediators)
        return list(dict.fromkeys(rows))

    def to_spec(self) -> dict[str, Any]:
        """The spec's JSON record (``mediators`` beside ``mediator`` keeps every go-between)."""
        return {
            "event_type": self.event_type,
            "mode": self.mode,
            "actors": list(self.actors),
            "source_actor": self.source_actor,
            "target_actor": self.target_actor,
            "mediator": self.mediator,
            "mediators": list(self.mediators),
            "location": self.location.to_spec() if self.location else None,
            "event_date": self.event_date,
            "date_precision": self.date_precision,
            "modality": self.modality,
            "topics": list(self.topics),
            "participants": [p.to_spec() for p in self.participants],
            "attribution": self.attribution,
            "evidence": [e.to_spec() for e in self.evidence],
            "confidence": self.confidence,
        }

    @classmethod
    def from_spec(cls, rec: Mapping[str, Any]) -> "Claim":
        loc = rec.get("location") or None
        mediators = rec.get("mediators") or ([rec["mediator"]] if rec.get("mediator") else [])
        return cls(
            event_type=str(rec["event_type"]),
            actors=tuple(str(a) for a in rec.get("actors") or ()),
            mode=rec.get("mode"),
            source_actor=rec.get("source_actor"),
            target_actor=rec.get("target_actor"),
            mediators=tuple(str(m) for m in mediators),
            location=Location(str(loc.get("name") or ""), str(loc.get("country") or "")) if loc else None,
            event_date=rec.get("event_date"),
            date_precision=rec.get("date_precision"),
            modality=rec.get("modality") or "asserted",
            attribution=rec.get("attribution"),
            evidence=tuple(Evidence(int(e["start"]), int(e["end"])) for e in rec.get("evidence") or ()),
            confidence=float(rec.get("confidence") or 0.0),
            topics=tuple(rec.get("topics") or ()),
            participants=tuple(Participant(str(p.get("name") or ""), str(p.get("actor") or ""))
                               for p in rec.get("participants") or ()),
        )


__all__ = ["Claim", "ClaimActor", "Evidence", "Location", "Participant", "ROLES"]
