"""Claim extraction rules, one family at a time, on Arabic sentences written for the tests."""

from __future__ import annotations

from typing import Any

import pytest

from marsad.claims import EXTRACTOR_VERSION, extract_claims


def _article(text: str, published: str | None = "2023-11-22", url: str | None = None) -> dict[str, Any]:
    return {"id": "t", "title": "عنوان", "text": text, "published": published, "source_outlet": "test", "url": url}


def _claims(text: str, **kw: Any) -> list[dict[str, Any]]:
    return extract_claims(_article(text, **kw))


def _one(text: str, etype: str, **kw: Any) -> dict[str, Any]:
    found = [c for c in _claims(text, **kw) if c["event_type"] == etype]
    assert found, f"no {etype} in {_claims(text, **kw)}"
    return found[0]


@pytest.mark.parametrize(
    ("text", "etype", "actors", "source", "target"),
    [
        ("بحث وزير الخارجية التركي مع نظيره الأذربيجاني في باكو العلاقات الثنائية.", "CONSULT", {"TUR", "AZE"}, None, None),
        ("وقعت مصر والأردن اتفاقا للربط الكهربائي أمس.", "AGREE", {"EGY", "JOR"}, None, None),
        ("طالبت فرنسا إيران بالإفراج عن مواطنيها.", "REQUEST", {"FRA", "IRN"}, "FRA", "IRN"),
        ("رفضت الجزائر الطلب المغربي بفتح الحدود.", "REJECT", {"DZA", "MAR"}, "DZA", "MAR"),
        ("هددت كوريا الشمالية اليابان بالرد على أي استفزاز.", "THREATEN", {"PRK", "JPN"}, "PRK", "JPN"),
        ("اتهمت أوكرانيا روسيا بقصف محطة الكهرباء.", "ACCUSE", {"UKR", "RUS"}, "UKR", "RUS"),
        ("استدعت الخارجية الهولندية السفير التركي احتجاجا على التصريحات.", "ACCUSE", {"NLD", "TUR"}, "NLD", "TUR"),
        ("فرضت كندا عقوبات جديدة على فنزويلا.", "SANCTION", {"CAN", "VEN"}, "CAN", "VEN"),
        ("رحبت الكويت بالمبادرة القطرية لحل الأزمة.", "SUPPORT", {"KWT", "QAT"}, "KWT", "QAT"),
        ("وقعت الهند واليابان مذكرة تعاون في مجال الدفاع.", "AGREE", {"IND", "JPN"}, None, None),
        ("تعاونت تونس وإيطاليا في إنقاذ المهاجرين.", "COOPERATE", {"TUN", "ITA"}, None, None),
        ("أفرجت إسرائيل عن أسرى فلسطينيين ضمن صفقة التبادل.", "CONCEDE", {"ISR", "PSE"}, "ISR", "PSE"),
        ("أرسلت السعودية مساعدات إغاثية إلى السودان.", "AID", {"SAU", "SDN"}, "SAU", "SDN"),
        ("شنت الولايات المتحدة غارات على مواقع لتنظيم داعش.", "ASSAULT", {"USA", "ISIS"}, "USA", "ISIS"),
        ("احتجزت إيران ناقلة نفط بريطانية في مضيق هرمز.", "COERCE", {"IRN", "GBR"}, "IRN", "GBR"),
        ("حشدت روسيا قوات على الحدود مع أوكرانيا.", "MOBILIZE", {"RUS", "UKR"}, "RUS", "UKR"),
        ("تظاهر محتجون عراقيون أمام السفارة الأميركية في بغداد.", "PROTEST", {"IRQ", "USA"}, "IRQ", "USA"),
        ("انسحبت القوات الأميركية من أفغانستان وسلمت القواعد لطالبان.", "RETREAT", {"USA", "AFG"}, "USA", "AFG"),
    ],
)
def test_each_event_type(text: str, etype: str, actors: set[str], source: str | None, target: str | None) -> None:
    claim = _one(text, etype)
    assert set(claim["actors"]) == actors
    assert claim["source_actor"] == source
    assert claim["target_actor"] == target


def test_claim_record_shape_and_evidence_offsets() -> None:
    text = "تمهيد.\n\nوصل الرئيس الفرنسي إلى القاهرة اليوم في زيارة رسمية لمصر."
    claim = _one(text, "CONSULT")
    assert set(claim) >= {
        "event_type", "mode", "actors", "source_actor", "target_actor", "mediator", "location",
        "event_date", "date_precision", "modality", "topics", "participants", "attribution",
        "evidence", "confidence",
    }
    assert claim["mode"] == "visit"
    assert set(claim["actors"]) == {"FRA", "EGY"}
    assert claim["location"] == {"name": "Cairo", "country": "EGY"}
    assert claim["event_date"] == "2023-11-22"
    ev = claim["evidence"][0]
    assert text[ev["start"]:ev["end"]].startswith("وصل الرئيس الفرنسي")
    assert 0.0 <= claim["confidence"] <= 1.0
    assert EXTRACTOR_VERSION


def test_one_claim_per_event_with_all_evidence() -> None:
    text = ("أجرت تركيا وسوريا محادثات في موسكو. وتناولت المحادثات ملف الحدود. "
            "وقال مسؤول تركي إن المحادثات بين تركيا وسوريا كانت إيجابية.")
    consults = [c for c in _claims(text) if c["event_type"] == "CONSULT"]
    assert len(consults) == 1
    assert len(consults[0]["evidence"]) == 3


def test_phone_and_multilateral_modes() -> None:
    assert _one("أجرى أمير قطر اتصالا هاتفيا مع الرئيس الفرنسي.", "CONSULT")["mode"] == "phone"
    claim = _one("عقد وزراء خارجية مصر والأردن والعراق اجتماعا ثلاثيا في القاهرة.", "CONSULT")
    assert claim["mode"] == "multilateral"
    assert {"EGY", "JOR", "IRQ"} <= set(claim["actors"])


@pytest.mark.parametrize(
    ("text", "mediator"),
    [
        ("انطلقت مفاوضات بين السودان وإثيوبيا بوساطة إماراتية.", "ARE"),
        ("عقدت محادثات بين أرمينيا وأذربيجان برعاية روسيا.", "RUS"),
        ("استضافت قطر محادثات غير مباشرة بين حماس وإسرائيل.", "QAT"),
        ("جرت مفاوضات غير مباشرة بين إيران والولايات المتحدة وقام الدبلوماسيون العمانيون بتبادل الرسائل بين الوفدين.", "OMN"),
    ],
)
def test_mediator(text: str, mediator: str) -> None:
    claim = _one(text, "CONSULT")
    assert claim["mediator"] == mediator
    assert mediator not in claim["actors"]
    assert claim["mode"] == "third-party"


def test_location_is_the_event_place_not_the_dateline() -> None:
    text = "باريس – وكالات: التقى وزير الخارجية المصري نظيره الإثيوبي في أديس أبابا أمس."
    claim = _one(text, "CONSULT")
    assert claim["location"]["country"] == "ETH"


@pytest.mark.parametrize(
    ("text", "etype", "modality"),
    [
        ("قالت صحيفة لوموند إن فرنسا والمغرب أجرتا محادثات سرية.", "CONSULT", "reported"),
        ("وفقا لمصادر دبلوماسية، التقى مسؤولون سعوديون وإيرانيون في بغداد.", "CONSULT", "reported"),
        ("وحذرت واشنطن من أنها ستفرض عقوبات على بكين إذا لم توقف دعمها.", "SANCTION", "conditional"),
        ("نفت قطر أن تكون قد التقت مسؤولين إسرائيليين.", "REJECT", "denied"),
        ("سيزور الرئيس الصيني السعودية الشهر المقبل.", "CONSULT", "planned"),
        ("من المقرر أن يلتقي وزير الخارجية الأردني نظيره اللبناني.", "CONSULT", "planned"),
        ("التقى الرئيس الجزائري نظيره التونسي في الجزائر العاصمة.", "CONSULT", "asserted"),
    ],
)
def test_modality(text: str, etype: str, modality: str) -> None:
    assert _one(text, etype)["modality"] == modality


def test_attribution_names_the_outlet() -> None:
    claim = _one("بحسب وكالة رويترز، أجرى وفدان من اليمن والسعودية مشاورات في مسقط.", "CONSULT")
    assert "رويترز" in (claim["attribution"] or "")


def test_unqualified_foreign_minister_is_the_home_state_of_domestic_press() -> None:
    text = "استقبل وزير الخارجية في مكتبه سفير اليابان لدى المملكة."
    claim = _one(text, "CONSULT", url="https://www.alriyadh.com/1")
    assert set(claim["actors"]) == {"SAU", "JPN"}
    assert not [c for c in _claims(text) if set(c["actors"]) == {"SAU", "JPN"}]


@pytest.mark.parametrize(
    "text",
    [
        "بدأت مفاوضات النادي الأهلي مع اللاعب المصري لتجديد عقده قبل مباراة الدوري.",
        "فرض الاتحاد السعودي لكرة القدم عقوبات على لاعب المنتخب بعد المباراة.",
        "وقعت شركة أرامكو السعودية اتفاقية مع شركة صينية لتوريد المعدات.",
        "أعلنت الشركة عن أرباح قياسية في الربع الثالث.",
        "",
    ],
)
def test_non_diplomacy_gives_no_claims(text: str) -> None:
    assert _claims(text) == []


@pytest.mark.parametrize(
    "article",
    [
        {},
        {"text": None},
        {"text": 42},
        {"text": "\x00\ud800\u202e" * 10},
        {"text": "التقى الرئيس المصري نظيره الفرنسي\x00 في باريس\ud800.", "published": "not a date"},
        {"text": "التقى الرئيس المصري نظيره الفرنسي. " * 10000, "published": None},
    ],
)
def test_odd_input_never_raises(article: dict[str, Any]) -> None:
    claims = extract_claims(article)
    assert isinstance(claims, list)


def test_not_a_mapping_gives_nothing() -> None:
    assert extract_claims("text") == []  # type: ignore[arg-type]


def test_deterministic() -> None:
    text = "أجرت إيران والسعودية محادثات في بغداد برعاية عراقية أمس."
    assert _claims(text) == _claims(text)
