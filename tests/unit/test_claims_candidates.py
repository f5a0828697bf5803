"""Candidates on real sentences: which slots are named in one coordinated list."""

from __future__ import annotations

from marsad.claims import load_gazetteer
from marsad.claims.candidates import Candidate, find_candidates
from marsad.claims.document import read_document
from marsad.claims.mentions import find_mentions


def _candidates(text: str) -> list[Candidate]:
    gaz = load_gazetteer()
    doc = read_document({"id": "t", "text": text, "published_at": "2024-03-05"}, gaz.home_hosts)
    assert doc is not None
    return find_candidates(doc, find_mentions(gaz, doc))


def _chains(cand: Candidate) -> dict[str, int]:
    return {s.code: s.chain for s in cand.slots if s.origin == "sentence"}


def test_states_listed_together_share_a_chain() -> None:
    (cand, *_) = _candidates("أدانت السعودية والإمارات والبحرين الهجوم الإيراني على ناقلة نفط في الخليج.")
    chains = _chains(cand)
    assert chains["SAU"] >= 0 and chains["SAU"] == chains["ARE"] == chains["BHR"]
    assert chains["IRN"] != chains["SAU"]


def test_states_apart_in_a_sentence_are_in_no_list() -> None:
    (cand, *_) = _candidates("اتهمت إيران يوم الثلاثاء الولايات المتحدة بدعم الهجمات.")
    assert set(_chains(cand).values()) == {-1}
