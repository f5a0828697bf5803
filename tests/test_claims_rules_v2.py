"""Rules added in claims-0.2, each on Arabic sentences written for the tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from marsad.claims import extract_claims
from marsad.claims.dates import find_dates
from marsad.text import fold


def _claims(text: str, published: str | None = "2023-11-22", url: str | None = None) -> list[dict[str, Any]]:
    return extract_claims({"id": "t", "title": "", "text": text, "published": published, "source_outlet": "t", "url": url})


def _of(claims: list[dict[str, Any]], etype: str) -> list[dict[str, Any]]:
    return [c for c in claims if c["event_type"] == etype]


# --- Amman vs Oman -------------------------------------------------------------------

def test_amman_as_jordanian_capital() -> None:
    text = "التقى وزير الخارجية المصري نظيره الأردني في العاصمة الأردنية عمان أمس لبحث الأوضاع الإقليمية."
    consult = _of(_claims(text), "CONSULT")
    assert consult and consult[0]["location"]["country"] == "JOR"
    assert "OMN" not in consult[0]["actors"]


def test_amman_in_a_jordanian_story() -> None:
    text = "وصل وزير الخارجية العراقي إلى عمان أمس في زيارة رسمية للأردن يلتقي خلالها العاهل الأردني."
    claims = _claims(text)
    assert all("OMN" not in c["actors"] for c in claims)
    consult = _of(claims, "CONSULT")
    assert consult and consult[0]["location"]["country"] == "JOR"


def test_oman_stays_oman_with_sultanate_cues() -> None:
    text = "استقبل سلطان عمان في مسقط أمس وزير الخارجية الإيراني وبحث معه العلاقات الثنائية بين سلطنة عمان وإيران."
    consult = _of(_claims(text), "CONSULT")
    assert consult and set(consult[0]["actors"]) == {"OMN", "IRN"}
    assert consult[0]["location"]["country"] == "OMN"


# --- background and hypothetical mentions ----------------------------------------------

def test_pluperfect_background_gives_no_context_event() -> None:
    text = "وكانت روسيا شنت هجوما على أوكرانيا قبل سنوات."
    assert _of(_claims(text), "ASSAULT") == []


def test_feared_deal_is_not_an_agreement() -> None:
    text = "ويخشى مسؤولون في الاتحاد الأوروبي من أن تبرم روسيا اتفاقا مع الصين."
    assert _of(_claims(text), "AGREE") == []


def test_prospect_after_muqabil_is_not_an_event() -> None:
    text = "وافق البرلمان على الخطة مقابل رفع العقوبات الأمريكية عن إيران."
    assert _of(_claims(text), "CONCEDE") == []


def test_demand_inside_the_topic_of_talks_is_not_a_demand() -> None:
    text = "بحث وزير الخارجية السويدي مع نظيره الكوري الشمالي في ستوكهولم قضايا تشمل ضرورة تطبيق قرارات الأمم المتحدة."
    claims = _claims(text)
    assert _of(claims, "CONSULT")
    assert _of(claims, "REQUEST") == []


def test_tanfidh_is_not_a_denial() -> None:
    text = "أعلنت الولايات المتحدة فرض رسوم جمركية على السلع الصينية في تنفيذ لوعد سابق ضد الصين."
    assert _of(_claims(text), "REJECT") == []


def test_envoy_title_names_no_party() -> None:
    text = "رحبت فرنسا بمقترحات المبعوث الأممي إلى سوريا."
    support = _of(_claims(text), "SUPPORT")
    assert all("SYR" not in c["actors"] for c in support)


def test_capital_after_summit_is_its_place() -> None:
    text = "عقد الرئيسان الأمريكي والروسي قمة هلسنكي أمس."
    consult = _of(_claims(text), "CONSULT")
    assert consult and set(consult[0]["actors"]) == {"USA", "RUS"}
    assert consult[0]["location"]["country"] == "FIN"


# --- dates ---------------------------------------------------------------------------------

def test_demands_at_the_talks_inherit_the_talks_day() -> None:
    text = (
        "أجرت مصر وإثيوبيا محادثات في القاهرة في 3 تشرين الثاني/نوفمبر.\n"
        "وطالبت مصر إثيوبيا بوقف ملء السد.\n"
    )
    claims = _claims(text)
    consult = _of(claims, "CONSULT")[0]
    request = _of(claims, "REQUEST")[0]
    assert consult["event_date"] == "2023-11-03"
    assert request["event_date"] == "2023-11-03" and request["date_precision"] == "day"
    assert request["location"]["country"] == "EGY"


def test_date_in_a_relative_clause_dates_that_clause() -> None:
    text = "طالبت ألمانيا تركيا بالإفراج عن الصحفي. وأشار البيان إلى الخطاب الذي ألقاه الوزير في أيار/مايو."
    request = _of(_claims(text), "REQUEST")[0]
    assert request["event_date"] == "2023-11-22"  # the publication day, not May


def test_date_of_demanded_content_is_not_the_demand_date() -> None:
    text = "وحث الاتحاد الأوروبي روسيا على الإقرار بمسؤوليتها عن إسقاط الطائرة فوق أوكرانيا عام 2014."
    request = _of(_claims(text), "REQUEST")[0]
    assert request["event_date"] == "2023-11-22"


def test_future_date_cannot_date_a_past_agreement() -> None:
    text = "وقعت الحكومة السودانية والحركة الشعبية أمس اتفاقا بين السودان وجنوب السودان يعقبه توقيع نهائي في 30 تشرين الثاني/نوفمبر."
    agree = _of(_claims(text), "AGREE")[0]
    assert agree["event_date"] == "2023-11-21"


def test_meeting_day_wins_over_arrival_day() -> None:
    text = (
        "وصل وزير الخارجية الياباني إلى سيول الخميس لعقد لقاءات مع الحكومة الكورية الجنوبية.\n"
        "والتقى الوزير الياباني الجمعة رئيس وزراء كوريا الجنوبية.\n"
    )
    consult = _of(_claims(text, published="2023-11-24"), "CONSULT")[0]
    assert consult["event_date"] == "2023-11-24"


def test_date_after_mundhu_is_a_period() -> None:
    text = "تعقد الولايات المتحدة وروسيا قمة الاثنين هي الأولى منذ انهيار الاتحاد السوفيتي عام 1991."
    consult = _of(_claims(text, published="2023-11-20"), "CONSULT")[0]
    assert consult["event_date"] != "1991-01-01"


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


# --- places and mediators ------------------------------------------------------------------

def test_visit_destination_is_the_object_of_the_verb() -> None:
    text = "ويزور وزير الخارجية الروسي قطر لمناقشة التطورات في سوريا واليمن."
    consult = _of(_claims(text), "CONSULT")[0]
    assert consult["location"]["country"] == "QAT"


def test_place_in_the_capital_adjective() -> None:
    text = "وعقدت المحادثات بين الولايات المتحدة وروسيا في العاصمة الفنلندية أمس."
    consult = _of(_claims(text), "CONSULT")[0]
    assert consult["location"]["country"] == "FIN"
    assert "FIN" not in consult["actors"]


def test_organization_decision_at_its_seat() -> None:
    text = "مدد الاتحاد الأوروبي العقوبات الاقتصادية على روسيا بسبب الأزمة في أوكرانيا."
    sanction = _of(_claims(text), "SANCTION")[0]
    assert sanction["location"]["country"] == "BEL"


def test_state_decision_at_home() -> None:
    text = "استدعت وزارة الخارجية البحرينية القائم بالأعمال الإيراني احتجاجا على التصريحات."
    accuse = _of(_claims(text), "ACCUSE")[0]
    assert accuse["location"]["country"] == "BHR"


def test_mediator_named_in_another_sentence() -> None:
    text = (
        "توصلت إثيوبيا وإريتريا إلى اتفاق لإنهاء النزاع الحدودي.\n"
        "وقالت الوساطة السعودية إن إريتريا لم ترفض أي بند.\n"
    )
    agree = _of(_claims(text), "AGREE")
    assert agree and set(agree[0]["actors"]) == {"ETH", "ERI"}
    assert agree[0]["mediator"] == "SAU"


def test_go_between_is_not_a_party() -> None:
    text = "وأعلنت الوساطة الكويتية توصل السعودية وقطر إلى اتفاق."
    agree = _of(_claims(text), "AGREE")
    assert agree and "KWT" not in agree[0]["actors"] and agree[0]["mediator"] == "KWT"


def test_weekday_of_a_step_still_to_come_does_not_date_a_past_deal() -> None:
    text = (
        "أبرمت إثيوبيا وإريتريا اتفاقا للسلام، وفق ما أكدت الثلاثاء مصادر رسمية.\n"
        "وأوضح البيان أنه سيتم التوقيع النهائي في يوم الخميس الموافق 30/11/2023.\n"
    )
    agree = _of(_claims(text, published="2023-11-22"), "AGREE")[0]
    assert agree["event_date"] == "2023-11-21"


# --- "without X" is no event (claims-0.3) --------------------------------------------

def test_without_restrictions_is_no_sanction() -> None:
    text = "ودعت وزارة الخارجية الأردنية إسرائيل إلى إدخال المساعدات إلى غزة دون قيود أو شروط."
    claims = _claims(text)
    assert _of(claims, "REQUEST") and _of(claims, "SANCTION") == []


def test_restrictions_imposed_are_still_a_sanction() -> None:
    text = "فرضت الولايات المتحدة أمس قيودا جديدة على صادرات التكنولوجيا إلى الصين."
    sanction = _of(_claims(text), "SANCTION")
    assert sanction and sanction[0]["source_actor"] == "USA" and sanction[0]["target_actor"] == "CHN"


# --- the same output under any hash seed (claims-0.4) ------------------------------------
def test_a_decisions_seat_does_not_depend_on_the_hash_seed() -> None:
    """Two seated organisations agree: the seat is the first-mentioned one's, in every
    process. claims-0.3 read it from a set, so workers could disagree on one article."""
    import json
    import os
    import subprocess
    import sys

    code = (
        "import json; from marsad.claims import extract_claims; t = 'اتفق الاتحاد الأوروبي والأمم المتحدة يوم "
        "الثلاثاء على خطة مشتركة لإيصال المساعدات الإنسانية إلى السودان.'; print(json.dumps([c['location'] for c in "
        "extract_claims({'id': 'x', 'title': '', 'text': t, 'published': '2024-03-05'})]))"
    )
    seen = set()
    for seed in ("0", "1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": os.pathsep.join(sys.path)}
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        seen.add(out.stdout.strip())
    assert [json.loads(s) for s in seen] == [[{"name": "Brussels", "country": "BEL"}]]
