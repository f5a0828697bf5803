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


# Stage results: what each pipeline step returns. ``as_dict`` is the small summary a DAG
# task returns through XCom and logs (ids and counts only, never texts), and what
# pipeline_runs keeps; its keys are the step's vocabulary in logs, tests and views.


@dataclass(frozen=True)
class IngestResult:
    """One source's ingest: the feed's outcome, the fetch counts, what the store changed.

    ``status`` is the feed's (``ok``, ``not_modified``, ``error``), or ``locked`` when
    another run holds the source (nothing else is set then).
    """

    source: str
    status: str
    http_status: int | None = None
    items: int = 0
    fetched: int = 0
    known: int = 0
    skipped: int = 0
    errors: int = 0
    deferred: int = 0
    new: int = 0
    updated: int = 0
    rejected: int = 0
    seconds: float = 0.0
    error: str | None = None

    def as_dict(self) -> dict[str, object]:
        if self.status == "locked":
            return {"source": self.source, "status": self.status, "new": self.new}
        out: dict[str, object] = {
            "source": self.source, "status": self.status, "http_status": self.http_status,
            "items": self.items, "fetched": self.fetched, "known": self.known, "skipped": self.skipped,
            "errors": self.errors, "deferred": self.deferred,
            "new": self.new, "updated": self.updated, "rejected": self.rejected, "seconds": self.seconds,
        }
        if self.error:
            out["error"] = self.error
        return out


@dataclass(frozen=True)
class DedupResult:
    """The dedup step's verdicts: articles decided, by kind, and texts re-hashed."""

    articles: int = 0
    url_dups: int = 0
    exact_dups: int = 0
    near_dups: int = 0
    stories: int = 0
    rehashed: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"articles": self.articles, "url_dups": self.url_dups, "exact_dups": self.exact_dups,
                "near_dups": self.near_dups, "stories": self.stories, "rehashed": self.rehashed}


@dataclass(frozen=True)
class ExtractResult:
    """Claims extraction over some articles: claims found, rows written and deleted."""

    articles: int = 0
    claims: int = 0
    claims_written: int = 0
    claims_deleted: int = 0

    def __add__(self, other: ExtractResult) -> ExtractResult:
        return ExtractResult(self.articles + other.articles, self.claims + other.claims,
                             self.claims_written + other.claims_written, self.claims_deleted + other.claims_deleted)

    def as_dict(self) -> dict[str, int]:
        return {"articles": self.articles, "claims": self.claims, "claims_written": self.claims_written,
                "claims_deleted": self.claims_deleted}


@dataclass(frozen=True)
class EventsResult:
    """The events step: claims merged, links made, events created, recounted, deleted."""

    claims: int = 0
    linked: int = 0
    events_created: int = 0
    events_updated: int = 0
    events_deleted: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"claims": self.claims, "linked": self.linked, "events_created": self.events_created,
                "events_updated": self.events_updated, "events_deleted": self.events_deleted}


@dataclass(frozen=True)
class BreakingFetchResult:
    """The breaking path's fetch: inbox rows claimed, fetched (``ids``) or failed."""

    ids: tuple[int, ...] = ()
    claimed: int = 0
    fetched: int = 0
    failed: int = 0
    new: int = 0
    updated: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, object]:
        return {"ids": list(self.ids), "claimed": self.claimed, "fetched": self.fetched, "failed": self.failed,
                "new": self.new, "updated": self.updated, "seconds": self.seconds}


@dataclass(frozen=True)
class RefreshResult:
    """The report step: the materialized views refreshed, in order."""

    refreshed: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {"refreshed": list(self.refreshed)}


@dataclass(frozen=True)
class ProcessResult:
    """The process steps over what is pending, and the inbox rows they finished."""

    dedup: DedupResult
    extract: ExtractResult
    events: EventsResult
    done: int = 0

    def as_dict(self) -> dict[str, object]:
        return {"dedup": self.dedup.as_dict(), "extract": self.extract.as_dict(),
                "events": self.events.as_dict(), "done": self.done}


@dataclass(frozen=True)
class RunResult:
    """The whole pipeline once (``marsad run``): each source's ingest, then processing."""

    run_id: str
    ingest: tuple[IngestResult, ...]
    process: ProcessResult
    report: RefreshResult

    def as_dict(self) -> dict[str, object]:
        return {"run_id": self.run_id, "ingest": [r.as_dict() for r in self.ingest],
                **self.process.as_dict(), **self.report.as_dict()}


@dataclass(frozen=True)
class SubmittedRunResult:
    """The breaking path without Airflow (``marsad submit --now``): the fetch, then processing."""

    fetch: BreakingFetchResult
    process: ProcessResult

    def as_dict(self) -> dict[str, object]:
        return {"fetch": self.fetch.as_dict(), **self.process.as_dict()}


__all__ += ["BreakingFetchResult", "DedupResult", "EventsResult", "ExtractResult", "IngestResult",
            "ProcessResult", "RefreshResult", "RunResult", "SubmittedRunResult"]
