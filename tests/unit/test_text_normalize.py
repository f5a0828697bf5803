"""The text layer: folding, the offset map back to the original, sentence splitting."""

from __future__ import annotations

# Exactly the camel-tools functions the text layer uses: a broken install fails here.
from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
    normalize_unicode,
)

from marsad.text import clause_spans, fold, normalize, sentence_spans


def test_camel_tools_functions_behave_as_relied_on() -> None:
    assert dediac_ar("مُحَادَثَاتٌ") == "محادثات"
    assert normalize_alef_ar("أإآ") == "ااا"
    assert normalize_alef_maksura_ar("مستشفى") == "مستشفي"
    assert normalize_teh_marbuta_ar("قمة") == "قمه"
    assert normalize_unicode("ﻻ") == "لا"


def test_fold_unifies_spelling_variants_and_digits() -> None:
    assert fold("الإيرانيّة") == fold("الايرانيه")
    assert fold("مُباحثات") == "مباحثات"
    assert fold("٢٠١٨ و۱۲") == "2018 و12"
    assert fold("الـــوزير") == "الوزير"


def test_offsets_map_back_exactly_with_deleted_and_expanded_characters() -> None:
    original = "قال\u200f الوزيـــر: ﻻ مُحادثاتَ مع طهران"
    nt = normalize(original)
    i = nt.text.index("طهران")
    s, e = nt.to_original(i, i + len("طهران"))
    assert original[s:e] == "طهران"
    j = nt.text.index("لا")
    s, e = nt.to_original(j, j + 2)
    assert original[s:e] == "ﻻ"
    k = nt.text.index("الوزير")
    s, e = nt.to_original(k, k + len("الوزير"))
    assert original[s:e] == "الوزيـــر"


def test_identity_map_when_nothing_changes_length() -> None:
    nt = normalize("إيران وعُمان")
    assert nt.to_original(0, 5) == (0, 5)


def test_sentence_split_on_arabic_punctuation_keeps_numbers_and_abbreviations() -> None:
    text = "التقى د. خالد نظيره في 3.5 ساعات. هل اتفقا؟ نعم؛ وقّعا\nسطر جديد"
    parts = [text[s:e] for s, e in sentence_spans(text)]
    assert parts == ["التقى د. خالد نظيره في 3.5 ساعات.", "هل اتفقا؟", "نعم؛", "وقّعا", "سطر جديد"]


def test_clause_split_on_arabic_comma() -> None:
    text = "وصل الوزير، واستقبله نظيره، ثم عقدا اجتماعا"
    assert [text[s:e] for s, e in clause_spans(text)] == ["وصل الوزير", "واستقبله نظيره", "ثم عقدا اجتماعا"]


def test_empty_and_odd_text() -> None:
    assert sentence_spans("") == []
    nt = normalize("\x00\ud800\u202e")
    assert nt.to_original(0, len(nt.text))[0] == 0


def test_fold_equals_the_translate_table_on_every_mapped_character() -> None:
    """fold replaces character by character; it must equal one translate over the table."""
    from marsad.text.normalize import _table

    table = _table()
    sample = "".join(chr(cp) for cp in table) + " مرحبا abc ١٢ " + "".join(chr(cp) for cp in reversed(list(table)))
    assert fold(sample) == sample.translate(table)
