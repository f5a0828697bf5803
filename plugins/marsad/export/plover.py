"""A stored claim as a PLOVER event record, so marsad's data joins POLECAT and ICEWS tools.

Field names are PLOVER's JSON data fields (Open Event Data Alliance, "PLOVER: Event,
Actor and Data Interchange Specification", chapter "JSON Data Fields"): ``id``, ``date``,
``actor`` and ``recipient`` (lists of actor objects with ``code``; PLOVER's first drafts
called the actor ``source``, POLECAT and later drafts ``actor``), ``event``, ``event_loc``,
``event_text``, ``quad_code``, ``mode``, ``context``, ``link``, ``text_info``,
``cite_info``, ``coder``, ``coded_date``. The flat fields POLECAT users filter on
(``event_type``, ``actor_country``, ``recipient_country``) are carried too, and what
PLOVER has no field for (mediator, modality, attribution, confidence, date precision)
under marsad's own names, as the specification invites.

Who is ``actor`` and who ``recipient``: a directed claim (REQUEST, THREATEN, ...) has its
source actor as actor and its target as recipient; a symmetric one (talks, an agreement)
has every party as actor and no recipient, as PLOVER codes a meeting. The mediator is
never a party. ``event_loc`` is a location object with PLOVER's ``cc3`` (alpha-3) country.
The record schema is ``plover_record.schema.json`` beside this module.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).with_name("plover_record.schema.json")
CODEBOOK = "PLOVER (POLECAT event types)"

# PLOVER's quad categories: 1 verbal cooperation, 2 material cooperation, 3 verbal
# conflict, 4 material conflict. REQUEST is POLECAT's name for PLOVER's DEMAND.
QUAD_CODES: dict[str, int] = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), 1),
    **dict.fromkeys(("COOPERATE", "AID", "RETREAT", "INVESTIGATE"), 2),
    **dict.fromkeys(("REQUEST", "DEMAND", "ACCUSE", "REJECT", "SANCTION", "THREATEN"), 3),
    **dict.fromkeys(("PROTEST", "MOBILIZE", "COERCE", "ASSAULT"), 4),
}


def _actor(a: Mapping[str, Any]) -> dict[str, Any]:
    """PLOVER actor object: ``code``, and ``actor_text`` (the English name), plus the
    Arabic name, the kind, and the ISO country of a state."""
    return {
        "code": a["code"],
        "actor_text": a.get("name_en"),
        "actor_text_ar": a.get("name_ar"),
        "kind": a.get("kind"),
        "country": a["code"] if a.get("kind") == "state" else None,
    }


def _by_role(actors: Sequence[Mapping[str, Any]], role: str) -> list[dict[str, Any]]:
    return [_actor(a) for a in actors if a["role"] == role]


def claim_id(row: Mapping[str, Any]) -> str:
    return f"marsad-claim-{row['claim_id']}"


def event_link(row: Mapping[str, Any]) -> str | None:
    """PLOVER's ``link``: the common reference of the claims merged into one event."""
    return f"marsad-event-{row['event_id']}" if row.get("event_id") is not None else None


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def plover_record(row: Mapping[str, Any]) -> dict[str, Any]:
    """One PLOVER record for one row of ``marsad.store.exports.claims_for_export``."""
    actors = row["actors"] or []
    sources, recipients = _by_role(actors, "source"), _by_role(actors, "target")
    if not sources:  # symmetric: every party is a source, no recipient
        sources, recipients = _by_role(actors, "party"), []
    spans = row["evidence"] or []
    coded: datetime | None = row.get("coded_at")
    return {
        "id": claim_id(row),
        "date": _iso(row["day"]),
        "date_precision": row.get("date_precision") if row.get("event_date") else None,
        "actor": sources,
        "recipient": recipients,
        "actor_country": sorted({a["country"] for a in sources if a["country"]}),
        "recipient_country": sorted({a["country"] for a in recipients if a["country"]}),
        "event": [row["event_type"]],
        "event_type": row["event_type"],
        "quad_code": QUAD_CODES.get(row["event_type"]),
        "mode": row.get("mode"),
        "context": list(row.get("topics") or []),
        "event_loc": (
            {"name": row.get("location_name"), "cc3": row.get("location_country")}
            if row.get("location_name") or row.get("location_country") else None
        ),
        "event_text": [s["text"] for s in spans],
        "text_info": [{"sequence": i, "start": s["start"], "end": s["end"]} for i, s in enumerate(spans)],
        "link": event_link(row),
        "mediator": _by_role(actors, "mediator"),
        "modality": row["modality"],
        "attribution": row.get("attribution"),
        "confidence": round(float(row["confidence"]), 3),
        "cite_info": {
            "corpus": "marsad",
            "url": row["canonical_url"],
            "title": row.get("article_title"),
            "publication": row.get("outlet"),
            "source_key": row.get("source_key"),
            "published": _iso(row.get("published_at")),
            "language": row.get("language") or "ar",
            "coder": f"marsad {row['extractor_version']}",
            "codebook": CODEBOOK,
        },
        "coder": f"marsad {row['extractor_version']}",
        "coded_date": _iso(coded.date()) if coded else None,
    }


# One row per claim; lists are joined with ";" (codes never contain it).
CSV_COLUMNS = (
    "id", "link", "date", "date_precision", "event_type", "quad_code", "mode", "modality",
    "actor", "actor_country", "recipient", "recipient_country", "mediator",
    "location_name", "location_country", "context", "attribution", "confidence",
    "event_text", "text_start", "text_end", "url", "title", "publication", "coder",
)


def csv_row(record: Mapping[str, Any]) -> dict[str, Any]:
    """The flat form of a PLOVER record (the first evidence span as event_text)."""
    def codes(actors: Sequence[Mapping[str, Any]]) -> str:
        return ";".join(a["code"] for a in actors)

    first = record["text_info"][0] if record["text_info"] else {"start": None, "end": None}
    loc = record["event_loc"] or {}
    cite = record["cite_info"]
    return {
        "id": record["id"], "link": record["link"], "date": record["date"],
        "date_precision": record["date_precision"], "event_type": record["event_type"],
        "quad_code": record["quad_code"], "mode": record["mode"], "modality": record["modality"],
        "actor": codes(record["actor"]), "actor_country": ";".join(record["actor_country"]),
        "recipient": codes(record["recipient"]), "recipient_country": ";".join(record["recipient_country"]),
        "mediator": codes(record["mediator"]), "location_name": loc.get("name"),
        "location_country": loc.get("cc3"), "context": ";".join(record["context"]),
        "attribution": record["attribution"], "confidence": record["confidence"],
        "event_text": record["event_text"][0] if record["event_text"] else None,
        "text_start": first["start"], "text_end": first["end"],
        "url": cite["url"], "title": cite["title"], "publication": cite["publication"],
        "coder": record["coder"],
    }
