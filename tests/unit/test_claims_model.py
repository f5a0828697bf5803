"""The claim record (``marsad.model.Claim``): its spec JSON, read back, and its roles."""

from __future__ import annotations

import json

from marsad.model import ROLES, Claim, ClaimActor, Evidence, Location, Participant

SPEC_KEYS = {
    "event_type", "mode", "actors", "source_actor", "target_actor", "mediator", "mediators",
    "location", "event_date", "date_precision", "modality", "topics", "participants",
    "attribution", "evidence", "confidence",
}


def _muscat() -> Claim:
    return Claim(
        event_type="CONSULT",
        actors=("IRN", "USA"),
        mode="third-party",
        mediators=("OMN", "QAT"),
        location=Location("Muscat", "OMN"),
        event_date="2024-01-10",
        date_precision="day",
        modality="reported",
        attribution="New York Times",
        evidence=(Evidence(412, 742), Evidence(800, 900)),
        confidence=0.9,
        topics=("Red Sea shipping",),
        participants=(Participant("Brett McGurk", "USA"),),
    )


def _demand() -> Claim:
    return Claim(event_type="REQUEST", actors=("USA", "IRN"), source_actor="USA", target_actor="IRN",
                 event_date="2024-01-10", date_precision="day", evidence=(Evidence(0, 10),), confidence=0.7)


def test_to_spec_has_every_field_of_the_spec_and_is_json() -> None:
    spec = _muscat().to_spec()
    assert set(spec) == SPEC_KEYS
    assert spec["location"] == {"name": "Muscat", "country": "OMN"}
    assert spec["evidence"] == [{"start": 412, "end": 742}, {"start": 800, "end": 900}]
    assert spec["mediator"] == "OMN" and spec["mediators"] == ["OMN", "QAT"]
    assert json.loads(json.dumps(spec, ensure_ascii=False)) == spec


def test_spec_round_trip_gives_an_equal_claim() -> None:
    for claim in (_muscat(), _demand(), Claim("PROTEST", ("IRQ",))):
        text = json.dumps(claim.to_spec(), ensure_ascii=False)
        back = Claim.from_spec(json.loads(text))
        assert back == claim
        assert back.to_spec() == claim.to_spec()


def test_from_spec_reads_a_record_with_only_the_single_mediator() -> None:
    rec = _muscat().to_spec()
    del rec["mediators"]
    back = Claim.from_spec(rec)
    assert back.mediators == ("OMN",) and back.mediator == "OMN"
    rec["mediator"] = None
    assert Claim.from_spec(rec).mediators == () and Claim.from_spec(rec).mediator is None


def test_mediator_is_the_first_of_mediators() -> None:
    assert _muscat().mediator == "OMN"
    assert Claim("CONSULT", ("A", "B"), mediators=("QAT", "EGY")).mediator == "QAT"
    assert Claim("CONSULT", ("A", "B")).mediator is None


def test_claim_actors_lists_each_go_between_as_mediator_never_as_party() -> None:
    claim = Claim("CONSULT", ("ISR", "HAMAS"), mediators=("EGY", "QAT", "USA"))
    rows = claim.claim_actors()
    assert [r for r in rows if r.role == "mediator"] == [ClaimActor(code, "mediator") for code in ("EGY", "QAT", "USA")]
    assert [r.code for r in rows if r.role == "party"] == ["ISR", "HAMAS"]
    mediators = set(claim.mediators)
    assert not [r for r in rows if r.code in mediators and r.role != "mediator"]
    assert all(r.role in ROLES for r in rows)


def test_claim_actors_gives_directed_roles_once_each() -> None:
    rows = _demand().claim_actors()
    assert rows == [ClaimActor("USA", "party"), ClaimActor("IRN", "party"), ClaimActor("USA", "source"),
                    ClaimActor("IRN", "target")]
    assert len(rows) == len(set(rows))


def test_claims_are_hashable_values() -> None:
    """Frozen records are values: equal claims hash equal (a dict of participants broke it)."""
    a = Claim("CONSULT", ("IRN", "USA"), participants=(Participant("Ali Bagheri Kani", "IRN"),))
    b = Claim.from_spec(a.to_spec())
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
