"""Date forms met in the annotated news, resolved by the date finder the dating stage uses."""

from __future__ import annotations

from datetime import date

from marsad.claims.dates import find_dates
from marsad.text import fold


def test_month_name_with_slashes_and_invalid_hijri_day() -> None:
    f = fold("رسالتي بتاريخ 7 / يوليو / 2015 م")
    assert [d.value for d in find_dates(f, 0, len(f), date(2015, 7, 25))] == [date(2015, 7, 7)]
    f = fold("ابتداء من (0/ شوال 1436هـ)")
    assert find_dates(f, 0, len(f), None) == []
    f = fold(" في كانون الثاني/ يناير")
    found = find_dates(f, 0, len(f), date(2024, 3, 16))
    assert [(d.value, d.precision) for d in found] == [(date(2024, 1, 1), "month")]


def test_prefixed_relative_week() -> None:
    f = fold("والأسبوع الماضي فرض مجلس الأمن حظرا")
    found = find_dates(f, 0, len(f), date(2018, 7, 18))
    assert [(d.value, d.precision) for d in found] == [(date(2018, 7, 1), "month")]
