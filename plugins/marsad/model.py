"""Records that cross the library's boundaries, as frozen dataclasses.

Stages return them, the store maps them to rows, the CLI serialises them. This module is
the bottom layer: it imports nothing of marsad, so every stage and the store can share
these types without importing each other. A claim is the spec's record
(``../shared/spec/claims.md``): ``to_spec`` gives its JSON form, and ``from_spec`` reads
one back (files written by ``marsad extract``, stored records).

Sections: claims; articles; dedup decisions; events; report rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # the signatures are numpy arrays; the model itself needs no numpy
    import numpy as np

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
    def from_spec(cls, rec: Mapping[str, Any]) -> Claim:
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


# --- Articles ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Article:
    """One article: what fetch returns (a feed entry's page, a submitted URL) and what the
    store writes, with the raw bytes and fetch metadata kept. A file record (``marsad
    load``) has only the text fields. ``source_id`` and ``outlet`` are set by the pipeline,
    which knows the source; the field names are the ``articles`` columns."""

    canonical_url: str
    text: str
    title: str | None = None
    ext_id: str | None = None
    source_id: int | None = None
    outlet: str | None = None
    url: str | None = None
    final_url: str | None = None
    author: str | None = None
    published_at: datetime | None = None
    fetched_at: datetime | None = None
    http_status: int | None = None
    http_headers: dict[str, str] | None = None
    content_type: str | None = None
    raw: bytes | None = None
    text_origin: Literal["page", "feed", "file"] = "page"


# --- Dedup decisions --------------------------------------------------------------------

SegmentKey = tuple[str, int]  # (outlet, segment hash): one line or sentence of one outlet
DedupKind = Literal["original", "url", "exact", "near"]


@dataclass(frozen=True)
class DedupDoc:
    """An article to deduplicate: ids must grow in the order articles were fetched."""

    id: int
    url: str
    outlet: str
    text: str


@dataclass(frozen=True)
class DedupEntry:
    """What a dedup index keeps about a decided article to match later ones against it."""

    id: int
    story_id: int
    signature: np.ndarray | None  # uint32 MinHash values
    n_shingles: int


@dataclass(frozen=True)
class DedupDecision:
    """What dedup decides for one article, and what the index must remember about it.

    ``kind`` is original (it opens story ``story_id``, its own id), url, exact or near (a
    duplicate of ``duplicate_of``, whose story it joins)."""

    article_id: int
    story_id: int
    kind: DedupKind
    duplicate_of: int | None
    similarity: float | None
    url_key: str
    text_hash: str | None  # the exact-match key; None when the text is too short to match on
    content_hash: str  # the hash of the folded words, whatever the length
    signature: np.ndarray | None = None
    n_shingles: int = 0
    band_keys: tuple[int, ...] = ()
    segment_keys: tuple[SegmentKey, ...] = ()  # segments to count

    def entry(self) -> DedupEntry:
        return DedupEntry(self.article_id, self.story_id, self.signature, self.n_shingles)


# --- Events -----------------------------------------------------------------------------


def group_key(event_type: str, actors: Sequence[str]) -> str:
    """Claims and events are only compared within one (type, actors) group; stored as
    ``events.group_key``."""
    return f"{event_type}|{','.join(actors)}"


@dataclass(frozen=True)
class ClaimFacts:
    """What the events merge needs of one stored claim."""

    claim_id: int
    article_id: int
    ordinal: int
    event_type: str
    modality: str
    actors: tuple[str, ...]  # sorted distinct codes (parties, source, target; not mediator)
    day: date | None  # the event date, else the article's publication date
    precision: str | None  # day | month | year
    country: str | None
    fingerprint: str  # changes when the stored claim changes


@dataclass(frozen=True)
class EventFacts:
    """An event as matching sees it: founded by a claim, keyed by that claim's facts."""

    key: str
    event_type: str
    actors: tuple[str, ...]
    day: date | None
    precision: str | None
    country: str | None
    id: int | None = None  # None until stored
    founded_by: int | None = None  # claim id, for events created by this merge

    @property
    def group(self) -> str:
        return group_key(self.event_type, self.actors)


@dataclass(frozen=True)
class EventMerge:
    """The outcome of a merge: events to create and the event key of each claim."""

    new_events: list[EventFacts] = field(default_factory=list)
    links: dict[int, str] = field(default_factory=dict)  # claim id -> event key


# --- Report rows ------------------------------------------------------------------------


@dataclass(frozen=True)
class WeeklyCount:
    """Events of one type in the ISO week starting on ``week`` (a Monday)."""

    week: date
    event_type: str
    n_events: int


@dataclass(frozen=True)
class PairCount:
    """Interactions between two actors, either direction, over the period."""

    actor_a: str
    actor_b: str
    n_events: int


@dataclass(frozen=True)
class MediatorRow:
    mediator: str
    name: str | None
    kind: str | None
    n_events: int
    n_articles: int
    n_independent_sources: int  # summed over the events: distinct stories per event
    parties: list[str]
    places: list[str]


@dataclass(frozen=True)
class ClaimRow:
    day: date
    event_type: str
    modality: str
    parties: list[str]
    source_actor: str | None
    target_actor: str | None
    mediator: str | None
    location_name: str | None
    location_country: str | None
    attribution: str | None
    evidence_text: str
    article_title: str | None
    canonical_url: str  # the article's natural key: no tracking parameters
    outlet: str | None


@dataclass(frozen=True)
class SourceHealthRow:
    source_key: str
    name: str
    active: bool
    last_status: str | None
    last_success_at: datetime | None
    last_error: str | None
    runs_30d: int
    not_modified_rate_30d: float | None
    articles_per_night_30d: float | None
    extraction_failures_30d: int


@dataclass(frozen=True)
class ActorClaim:
    """One claim an actor takes part in, as its page lists it."""

    day: date
    event_type: str
    role: str  # party, source, target or mediator (claim_actors.role)
    counterparts: list[str]  # the claim's other actors
    modality: str
    evidence_text: str
    canonical_url: str


@dataclass(frozen=True)
class ActorPage:
    """An actor of the heat map and its claims over the period, oldest first."""

    code: str
    name_en: str | None
    name_ar: str | None
    claims: list[ActorClaim]


@dataclass(frozen=True)
class ReportData:
    """Everything one report page shows."""

    since: date
    generated_at: datetime
    weekly: list[WeeklyCount] = field(default_factory=list)
    pairs: list[PairCount] = field(default_factory=list)
    mediators: list[MediatorRow] = field(default_factory=list)
    claims: list[ClaimRow] = field(default_factory=list)
    sources: list[SourceHealthRow] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)
    actors: list[ActorPage] = field(default_factory=list)


@dataclass(frozen=True)
class LatestClaim:
    """A claim as ``marsad summary`` lists it: actors, place, date and evidence sentence."""

    event_type: str
    mode: str | None
    modality: str
    actors: str | None  # the party codes, comma-separated
    source_actor: str | None
    target_actor: str | None
    mediator: str | None
    location_name: str | None
    location_country: str | None
    event_date: date | None
    attribution: str | None
    evidence_text: str
    canonical_url: str


__all__ = [
    "ROLES",
    "ActorClaim",
    "ActorPage",
    "Article",
    "Claim",
    "ClaimActor",
    "ClaimFacts",
    "ClaimRow",
    "DedupDecision",
    "DedupDoc",
    "DedupEntry",
    "DedupKind",
    "EventFacts",
    "EventMerge",
    "Evidence",
    "LatestClaim",
    "Location",
    "MediatorRow",
    "PairCount",
    "Participant",
    "ReportData",
    "SegmentKey",
    "SourceHealthRow",
    "WeeklyCount",
    "group_key",
]
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
        return asdict(self)  # the fields are the summary's keys, in order


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
        return asdict(self)  # the fields are the summary's keys, in order


@dataclass(frozen=True)
class EventsResult:
    """The events step: claims merged, links made, events created, recounted, deleted."""

    claims: int = 0
    linked: int = 0
    events_created: int = 0
    events_updated: int = 0
    events_deleted: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)  # the fields are the summary's keys, in order


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
