"""Date forms of Arabic news, resolved against the publication date."""

from __future__ import annotations

from datetime import date

import pytest

from marsad.claims.dates import find_dates, hijri_to_gregorian, news_day, parse_published
from marsad.text import fold

PUB = date(2023, 11, 22)  # a Wednesday


def _first(text: str, future: bool = False) -> tuple[str, str]:
    f = fold(text)
    found = find_dates(f, 0, len(f), PUB, future)
    assert found, text
    d = max(found, key=lambda d: d.strength)
    return d.value.isoformat(), d.precision


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("عقد اللقاء في 3 تشرين الثاني", ("2023-11-03", "day")),  # Levantine
        ("عقد اللقاء في 3 نوفمبر", ("2023-11-03", "day")),  # Egyptian/Gulf
        ("عقد اللقاء في 3 نونبر", None),  # not a month name: nothing
        ("وصل الوفد في 14 جويلية 2022", ("2022-07-14", "day")),  # Maghrebi
        ("في 5 آب/ أغسطس 2021", ("2021-08-05", "day")),  # both forms together
        ("في 5 أغسطس (آب) 2021", ("2021-08-05", "day")),
        ("في ١٢ أيلول/سبتمبر ٢٠٢٠", ("2020-09-12", "day")),  # Arabic-Indic digits
        ("المؤرخة في 9/10/2019م", ("2019-10-09", "day")),
        ("في الخامس عشر من شباط/فبراير", ("2023-02-15", "day")),  # ordinal, past
        ("خلال شهر آذار/مارس 2022", ("2022-03-01", "month")),
        ("في عام 2011", ("2011-01-01", "year")),
    ],
)
def test_calendar_dates(text: str, expected: tuple[str, str] | None) -> None:
    f = fold(text)
    found = find_dates(f, 0, len(f), PUB)
    if expected is None:
        assert not found
    else:
        assert (found[0].value.isoformat(), found[0].precision) == expected


def test_relative_words_resolve_against_publication() -> None:
    assert _first("وصل أمس") == ("2023-11-21", "day")
    assert _first("التقى أمس الأول") == ("2023-11-20", "day")
    assert _first("يبحث اليوم") == ("2023-11-22", "day")
    assert _first("يصل غدا") == ("2023-11-23", "day")
    assert _first("التقى الاثنين") == ("2023-11-20", "day")  # last Monday
    assert _first("سيلتقي الجمعة", future=True) == ("2023-11-24", "day")  # next Friday
    assert _first("الشهر الماضي") == ("2023-10-01", "month")


def test_without_publication_relative_words_give_nothing() -> None:
    f = fold("وصل أمس")
    assert find_dates(f, 0, len(f), None) == []


def test_since_is_not_an_event_date() -> None:
    f = fold("منذ 7 تشرين الأول/ أكتوبر")
    assert find_dates(f, 0, len(f), PUB) == []


def test_hijri_dates_and_gregorian_preferred_when_both() -> None:
    assert hijri_to_gregorian(1445, 1, 1) == date(2023, 7, 19)
    f = fold("يوم (5 رمضان 1444هـ) الموافق (27/3/2023م)")
    found = find_dates(f, 0, len(f), PUB)
    hijri = [d for d in found if d.strength == 1]
    greg = [d for d in found if d.strength == 2]
    assert hijri and hijri[0].value == greg[0].value == date(2023, 3, 27)


def test_hijri_dates_follow_umm_al_qura_and_fall_back_outside_its_years() -> None:
    # الخرطوم 26 شوال 1436 هـ الموافق 11 اغسطس 2015 م (SPA): the tabular calendar says the 12th
    assert hijri_to_gregorian(1436, 10, 26) == date(2015, 8, 11)
    assert hijri_to_gregorian(1342, 1, 1).year == 1923  # before Umm al-Qura's table: tabular


def test_a_story_stamped_before_the_regions_morning_reports_the_day_before() -> None:
    assert news_day("2018-02-11T00:36:12+00:00") == date(2018, 2, 10)
    assert news_day("2018-02-11T02:30:00+03:00") == date(2018, 2, 10)  # 23:30 UTC the day before
    assert news_day("2018-08-09T05:18:06+00:00") == date(2018, 8, 8)  # before the region's morning
    assert news_day("2018-02-11T06:10:00Z") == date(2018, 2, 11)
    assert news_day("2018-02-11T13:57:16Z") == date(2018, 2, 11)
    assert news_day("2018-02-11") == date(2018, 2, 11)  # no time: the day itself
    assert news_day(None) is None


def test_parse_published() -> None:
    assert parse_published("2018-06-06T04:54:51Z") == date(2018, 6, 6)
    assert parse_published("2018-06-06") == date(2018, 6, 6)
    assert parse_published(None) is None
    assert parse_published("yesterday") is None


def test_an_event_takes_the_date_its_late_evidence_states() -> None:
    # A long story names the talks' date only after eight undated mentions of them.
    from marsad.claims import load_gazetteer
    from marsad.claims.candidates import find_candidates
    from marsad.claims.dating import event_date
    from marsad.claims.document import read_document
    from marsad.claims.mentions import find_mentions

    gaz = load_gazetteer()
    text = " ".join(["وتناولت المحادثات بين إيران والولايات المتحدة الملف النووي."] * 9
                    + ["وعقدت المحادثات في 10 كانون الثاني في مسقط."])
    doc = read_document({"id": "t", "text": text, "published": "2024-03-16T09:00:00Z"}, gaz.home_hosts)
    assert doc is not None
    cands = [c for c in find_candidates(doc, find_mentions(gaz, doc)) if c.lexicon_type == "CONSULT"]
    assert len(cands) == 10
    assert event_date(doc, cands, planned=False) == ("2024-01-10", "day")
