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


def _sentence_codes(text: str) -> list[set[str]]:
    """The actor codes each sentence's candidates name in that sentence."""
    codes: dict[int, set[str]] = {}
    for cand in _candidates(text):
        codes.setdefault(cand.sentence, set()).update(s.code for s in cand.slots if s.origin == "sentence")
    return [codes[k] for k in sorted(codes)]


def test_a_state_led_coalition_is_its_leading_state() -> None:
    # The spec codes a state-led coalition as its leading state; a later bare التحالف
    # refers back to the coalition the article named.
    strike, later = _sentence_codes("شنت طائرات التحالف العربي غارات على مواقع الحوثيين في صعدة. "
                                    "وقال مسؤول يمني إن غارات التحالف دمرت مخازن أسلحة.")
    assert {"SAU", "HOUTHIS"} <= strike
    assert "SAU" in later
    (isis,) = _sentence_codes("قصف التحالف الدولي مواقع لتنظيم داعش قرب الموصل.")
    assert {"USA", "ISIS"} <= isis


def test_a_coalition_never_named_is_no_party() -> None:
    (codes,) = _sentence_codes("وشنت طائرات التحالف غارات على مواقع في محافظة مأرب.")
    assert not {"SAU", "USA"} & codes


def test_criticism_is_an_accusation_trigger() -> None:
    for text in ("انتقد الرئيس التركي الولايات المتحدة بشدة.", "ودانت قطر الهجوم على السفارة الأمريكية."):
        assert "ACCUSE" in {c.lexicon_type for c in _candidates(text)}, text
