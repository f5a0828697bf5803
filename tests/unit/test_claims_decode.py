"""Decoding the decisions into drafts, and drafts into one record per event.

The probabilities are written by hand, so each test states what the decoder must do
with a given verdict of the models, whatever model is committed.
"""

from __future__ import annotations

from marsad.claims.candidates import Candidate, Slot
from marsad.claims.decisions import DecodeSettings
from marsad.claims.decode import Draft, drafts_of, merge_events
from marsad.claims.gazetteer import Entry, Match
from marsad.claims.mentions import ActorMention

EVENTS = ("NONE", "CONSULT", "REQUEST", "ACCUSE")
ROLES = ("NONE", "mediator", "party", "source", "target")
SETTINGS = DecodeSettings(event_threshold=0.65, merge_overlap=0.5)


def _cand(lexicon_type: str, codes: list[str], at: int = 100, listed: int = 0) -> Candidate:
    """A candidate whose first ``listed`` slots are named in one list (chain 0)."""
    trig = Match(at, at + 5, Entry("trigger", lexicon_type, "", False, "", False))
    slots = [Slot(code, ActorMention(at + 10 * (i + 1), at + 10 * (i + 1) + 4, code, "name"), "sentence", 1,
                  chain=0 if i < listed else -1)
             for i, code in enumerate(codes)]
    return Candidate(trig, at // 100, (0, 500), slots)  # one sentence per 100 characters


def _event(etype: str, p: float = 0.9) -> list[float]:
    rest = (1.0 - p) / (len(EVENTS) - 1)
    return [p if c == etype else rest for c in EVENTS]


def _role(role: str) -> list[float]:
    return [0.8 if r == role else 0.05 for r in ROLES]


def _drafts(cand: Candidate, etype: str, roles: list[str], p: float = 0.9) -> list[Draft]:
    return drafts_of(cand, EVENTS, _event(etype, p), ROLES, [_role(r) for r in roles], SETTINGS)


def test_several_sources_of_a_directed_act_give_one_draft_each() -> None:
    # أدانت السعودية والإمارات والبحرين الهجوم الإيراني: three condemnations
    cand = _cand("ACCUSE", ["SAU", "ARE", "BHR", "IRN"], listed=3)
    drafts = _drafts(cand, "ACCUSE", ["source", "source", "source", "target"])
    assert [(d.source, d.target) for d in drafts] == [("SAU", "IRN"), ("ARE", "IRN"), ("BHR", "IRN")]
    for d in drafts:
        assert d.event_type == "ACCUSE"
        assert set(d.actors) == {d.source, "IRN"}
        assert d.candidates == [cand]


def test_a_directed_act_has_one_acting_side() -> None:
    # اتهمت إيران ... الولايات المتحدة: two slots called source, not listed together; the
    # likelier source acts and the other is dropped, not made a one-party claim of its own
    cand = _cand("ACCUSE", ["IRN", "USA", "ISR"])
    probs = [[0.05, 0.05, 0.05, 0.8, 0.05], [0.1, 0.05, 0.05, 0.6, 0.2], [0.1, 0.05, 0.05, 0.05, 0.75]]
    (draft,) = drafts_of(cand, EVENTS, _event("ACCUSE"), ROLES, probs, SETTINGS)
    assert (draft.source, draft.target, draft.actors) == ("IRN", "ISR", ["IRN", "ISR"])
    # a party beside the source counts as acting too
    (draft,) = _drafts(_cand("REQUEST", ["FRA", "DEU", "IRN"]), "REQUEST", ["source", "party", "target"])
    assert (draft.source, draft.actors) == ("FRA", ["FRA", "IRN"])
    # with no slot called source, the parties of a directed act stay one draft
    (draft,) = _drafts(_cand("REQUEST", ["USA", "IRN"]), "REQUEST", ["party", "party"])
    assert draft.source is None and draft.actors == ["USA", "IRN"]
    # a joint act (not directed) keeps all its parties
    (joint,) = _drafts(_cand("CONSULT", ["FRA", "DEU", "IRN"]), "CONSULT", ["party", "party", "party"])
    assert joint.actors == ["FRA", "DEU", "IRN"]


def test_one_source_gives_one_directed_draft() -> None:
    drafts = _drafts(_cand("REQUEST", ["FRA", "IRN"]), "REQUEST", ["source", "target"])
    assert len(drafts) == 1
    assert (drafts[0].source, drafts[0].target, set(drafts[0].actors)) == ("FRA", "IRN", {"FRA", "IRN"})


def test_a_joint_act_stays_one_draft_with_all_parties() -> None:
    drafts = _drafts(_cand("CONSULT", ["EGY", "JOR", "IRQ"]), "CONSULT", ["party", "party", "party"])
    assert len(drafts) == 1
    assert set(drafts[0].actors) == {"EGY", "JOR", "IRQ"}
    assert drafts[0].source is None and drafts[0].target is None


def test_slots_labelled_mediator_are_never_parties() -> None:
    cand = _cand("CONSULT", ["ISR", "EGY", "HAMAS", "QAT"])
    (draft,) = _drafts(cand, "CONSULT", ["party", "mediator", "party", "mediator"])
    assert set(draft.actors) == {"ISR", "HAMAS"}
    assert draft.mediators == ["EGY", "QAT"]
    (directed,) = _drafts(_cand("REQUEST", ["USA", "OMN", "IRN"]), "REQUEST", ["source", "mediator", "target"])
    assert "OMN" not in directed.actors and directed.mediators == ["OMN"]
    assert (directed.source, directed.target) == ("USA", "IRN")


def test_no_event_or_a_weak_one_gives_nothing() -> None:
    cand = _cand("CONSULT", ["TUR", "AZE"])
    assert _drafts(cand, "NONE", ["party", "party"]) == []
    assert _drafts(cand, "CONSULT", ["party", "party"], p=0.6) == []  # below the threshold
    assert _drafts(cand, "CONSULT", ["party", "party"], p=0.7)  # above it
    assert _drafts(cand, "CONSULT", ["NONE", "NONE"]) == []  # an event with no party
    assert _drafts(cand, "CONSULT", ["mediator", "mediator"]) == []  # only go-betweens


def test_merge_joins_one_type_with_overlapping_actors_and_keeps_the_evidence() -> None:
    first, second, third = (_cand("CONSULT", ["TUR", "SYR"], at) for at in (100, 300, 500))
    drafts = [d for c in (first, second, third) for d in _drafts(c, "CONSULT", ["party", "party"])]
    merged = merge_events(drafts, SETTINGS)
    assert len(merged) == 1
    assert set(merged[0].actors) == {"TUR", "SYR"}
    assert merged[0].candidates == [first, second, third]


def test_merge_needs_enough_actor_overlap() -> None:
    pair = _drafts(_cand("CONSULT", ["TUR", "SYR"], 100), "CONSULT", ["party", "party"])
    wider = _drafts(_cand("CONSULT", ["TUR", "SYR", "RUS"], 300), "CONSULT", ["party", "party", "party"])
    apart = _drafts(_cand("CONSULT", ["TUR", "IRQ"], 500), "CONSULT", ["party", "party"])
    merged = merge_events(pair + wider + apart, SETTINGS)  # Jaccard 2/3 joins, 1/3 does not
    assert [set(d.actors) for d in merged] == [{"TUR", "SYR"}, {"TUR", "IRQ"}]
    assert len(merged[0].candidates) == 2


def test_merge_gathers_the_mediators_of_the_merged_drafts() -> None:
    a = _drafts(_cand("CONSULT", ["ISR", "HAMAS"], 100), "CONSULT", ["party", "party"])
    b = _drafts(_cand("CONSULT", ["ISR", "HAMAS", "QAT"], 300), "CONSULT", ["party", "party", "mediator"])
    (merged,) = merge_events(a + b, SETTINGS)
    assert merged.mediators == ["QAT"] and "QAT" not in merged.actors


def test_merge_keeps_other_types_and_disjoint_actors_apart() -> None:
    consult = _drafts(_cand("CONSULT", ["TUR", "SYR"], 100), "CONSULT", ["party", "party"])
    request = _drafts(_cand("REQUEST", ["TUR", "SYR"], 300), "REQUEST", ["source", "target"])
    other = _drafts(_cand("CONSULT", ["EGY", "ETH"], 500), "CONSULT", ["party", "party"])
    merged = merge_events(consult + request + other, SETTINGS)
    assert [(d.event_type, set(d.actors)) for d in merged] == [
        ("CONSULT", {"TUR", "SYR"}), ("REQUEST", {"TUR", "SYR"}), ("CONSULT", {"EGY", "ETH"})]
    assert all(len(d.candidates) == 1 for d in merged)


def test_a_demand_each_way_stays_two_events() -> None:
    usa = _drafts(_cand("REQUEST", ["USA", "IRN"], 100), "REQUEST", ["source", "target"])
    irn = _drafts(_cand("REQUEST", ["IRN", "USA"], 300), "REQUEST", ["source", "target"])
    again = _drafts(_cand("REQUEST", ["USA", "IRN"], 500), "REQUEST", ["source", "target"])
    merged = merge_events(usa + irn + again, SETTINGS)
    assert [(d.source, d.target) for d in merged] == [("USA", "IRN"), ("IRN", "USA")]
    assert len(merged[0].candidates) == 2 and len(merged[1].candidates) == 1


def test_merge_does_not_change_its_input() -> None:
    a = _drafts(_cand("CONSULT", ["TUR", "SYR"], 100), "CONSULT", ["party", "party"])
    b = _drafts(_cand("CONSULT", ["TUR", "SYR"], 300), "CONSULT", ["party", "party"])
    merge_events(a + b, SETTINGS)
    assert len(a[0].candidates) == 1 and len(b[0].candidates) == 1


def test_talks_of_one_sentence_are_one_event_with_both_sides() -> None:
    """وصل ... حيث أجرى محادثات مع ...: two triggers of one sentence, each seeing one side,
    are one CONSULT with both parties; a go-between of either never becomes a party."""
    first = drafts_of(_cand("CONSULT", ["IRN"], at=100), EVENTS, _event("CONSULT"), ROLES, [_role("party")], SETTINGS)
    second = drafts_of(_cand("CONSULT", ["USA", "OMN"], at=150), EVENTS, _event("CONSULT"), ROLES,
                       [_role("party"), _role("mediator")], SETTINGS)
    merged = merge_events(first + second, SETTINGS)
    assert len(merged) == 1
    assert merged[0].actors == ["IRN", "USA"] and merged[0].mediators == ["OMN"]


def test_strikes_in_different_cities_stay_apart() -> None:
    taiz, sanaa, unnamed, taiz_again = (_cand("ASSAULT", ["SAU", "HOUTHIS"], at) for at in (100, 300, 500, 700))
    drafts = [Draft("ASSAULT", ["SAU", "HOUTHIS"], "SAU", "HOUTHIS", [], [c], 0.9) for c in (taiz, sanaa, unnamed, taiz_again)]
    where = {taiz.sentence: {"Taiz"}, sanaa.sentence: {"Sanaa"}, taiz_again.sentence: {"Taiz"}}

    def cities(d: Draft) -> set[str]:
        return set().union(*(where.get(c.sentence, set()) for c in d.candidates))

    merged = merge_events(drafts, SETTINGS, cities)
    assert [d.candidates for d in merged] == [[taiz, unnamed, taiz_again], [sanaa]]
    assert len(merge_events(drafts, SETTINGS)) == 1  # without places: one event
    talks = [Draft("CONSULT", ["SAU", "YEM"], None, None, [], [c], 0.9) for c in (taiz, sanaa)]
    assert len(merge_events(talks, SETTINGS, cities)) == 1  # only attacks are told apart by city
