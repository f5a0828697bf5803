"""Gazetteer: CSV seeds, proclitics, adjectives, metonyms, one automaton."""

from __future__ import annotations

import csv

from marsad.claims.gazetteer import load_gazetteer
from marsad.settings import seeds_dir
from marsad.text import fold


def _actors(text: str) -> list[str]:
    gaz = load_gazetteer()
    return [m.entry.value for m in gaz.scan(fold(text)) if m.entry.layer == "actor"]


def test_actors_csv_has_required_columns_and_un_members() -> None:
    with (seeds_dir() / "actors.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert set(rows[0]) >= {"code", "kind", "name_en", "name_ar"}
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes))
    kinds = {r["kind"] for r in rows}
    assert kinds <= {"state", "organization", "group"}
    states = {r["code"] for r in rows if r["kind"] == "state"}
    assert len(states) >= 194  # 193 UN members and Palestine
    assert {"PSE", "IRN", "USA", "OMN", "YEM", "SSD"} <= states
    assert {"HOUTHIS", "HAMAS", "HEZBOLLAH", "P5_PLUS_1", "SPLM_IO", "GCC"} <= set(codes)


def test_proclitics_match_their_entries() -> None:
    assert _actors("وإيران") == ["IRN"]
    assert _actors("بطهران") == ["IRN"]
    assert _actors("للإيرانيين") == ["IRN"]
    assert _actors("فالسعودية") == ["SAU"]
    assert _actors("كالولايات المتحدة") == ["USA"]


def test_adjectives_in_all_forms() -> None:
    for form in ("إيراني", "الإيرانية", "إيرانيون", "الإيرانيين", "الإيرانيتين"):
        assert _actors(form) == ["IRN"], form
    assert _actors("الوفد الكوري الشمالي") == ["PRK"]
    assert _actors("نظيره الأميركي") == ["USA"]


def test_metonyms_groups_and_longest_match() -> None:
    assert _actors("البيت الأبيض") == ["USA"]
    assert _actors("الكرملين") == ["RUS"]
    assert "HOUTHIS" in _actors("جماعة أنصار الله")
    assert "HOUTHIS" in _actors("الحوثيون")
    # The longest alias wins: the whole name, not the state inside it.
    gaz = load_gazetteer()
    ms = [m for m in gaz.scan(fold("جنوب السودان")) if m.entry.layer == "actor"]
    assert {m.entry.value for m in ms} >= {"SSD"}


def test_words_inside_other_words_do_not_match() -> None:
    assert _actors("الإيرانيةُجديد") == []
    assert _actors("مالي") == []  # also "financial": only جمهورية مالي names the state


def test_places_map_cities_to_countries() -> None:
    gaz = load_gazetteer()
    places = [(m.entry.detail, m.entry.value) for m in gaz.scan(fold("في مسقط")) if m.entry.layer == "place"]
    assert ("Muscat", "OMN") in places


def test_a_leader_named_by_one_word_is_no_town() -> None:
    # GeoNames has towns called بولتون and هايكو; the press means John Bolton, Heiko Maas.
    gaz = load_gazetteer()
    for text in ("قال بولتون إن العقوبات ستستمر.", "وصرح هايكو ماس بأن الاتفاق قائم."):
        assert [m for m in gaz.scan(fold(text)) if m.entry.layer == "place"] == [], text
