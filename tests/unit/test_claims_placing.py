"""The places a claim could have happened in, and the learned choice among them."""

from __future__ import annotations

from marsad.claims.extractor import analyse
from marsad.claims.gazetteer import load_gazetteer
from marsad.claims.linear import LinearModel
from marsad.claims.placing import choose_place, place_options
from marsad.model import Location

TEXT = ("الدوحة 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م واس\n"
        "دعت الأمم المتحدة إيران إلى وقف القصف في مدينة حلب السورية.")


def _options() -> dict[str, set[str]]:
    gaz = load_gazetteer()
    an = analyse(gaz, {"id": "t", "text": TEXT, "published": None})
    assert an is not None
    cand = next(c for c in an.candidates if c.lexicon_type == "REQUEST")
    options = place_options(gaz, an.doc, an.mentions, "REQUEST", "UN", ["UN", "IRN"], [cand], Location("Iran", "IRN"))
    return {o.location.country: o.features for o in options}


def test_each_country_on_offer_says_what_points_to_it() -> None:
    options = _options()
    assert "dateline" in options["QAT"]  # الدوحة opens the dateline
    # في مدينة حلب, in the evidence: locative, in the trigger's clause, after the word مدينة
    assert {"ev", "ev_locative", "ev_city", "ev_clause_locative_rank=0", "ev_prev=مدينه"} <= options["SYR"]
    assert "seat" in options["USA"]  # the UN decides at its seat
    assert {"actor", "rule"} <= options["IRN"]
    assert all("bias" in f and any(x.startswith("REQUEST:") for x in f) for f in options.values())


def test_the_best_ranked_option_wins() -> None:
    gaz = load_gazetteer()
    an = analyse(gaz, {"id": "t", "text": TEXT, "published": None})
    assert an is not None
    cand = next(c for c in an.candidates if c.lexicon_type == "REQUEST")
    options = place_options(gaz, an.doc, an.mentions, "REQUEST", "UN", ["UN", "IRN"], [cand], None)
    model = LinearModel(("no", "yes"), (1.0, -1.0), {"ev_locative": (-2.0, 2.0), "dateline": (-1.0, 1.0)})
    chosen = choose_place(model, options)
    assert chosen is not None and chosen.country == "SYR" and chosen.name == "Aleppo"
    dateline_first = LinearModel(("no", "yes"), (0.0, 0.0), {"ev_locative": (1.0, -1.0), "dateline": (-3.0, 3.0)})
    assert choose_place(dateline_first, options) == Location("Doha", "QAT")
    assert choose_place(model, []) is None  # nothing on offer


def test_a_party_says_where_it_is_named_around_the_trigger() -> None:
    # استقبل X Y: the host X comes first after the trigger, the visitor Y second; a visit's
    # features also carry its mode.
    gaz = load_gazetteer()
    an = analyse(gaz, {"id": "t", "text": "استقبل الملك سلمان أمس وزير الخارجية المصري سامح شكري.", "published": None})
    assert an is not None
    cand = next(c for c in an.candidates if c.lexicon_type == "CONSULT")
    options = {o.location.country: o.features for o in
               place_options(gaz, an.doc, an.mentions, "CONSULT", None, ["SAU", "EGY"], [cand], None, "visit")}
    assert {"party_after0", "party_after0_استق", "CONSULT/visit:party_after0"} <= options["SAU"]
    assert {"party_after1", "party_after1_استق", "party_kind=adjective"} <= options["EGY"]
    assert "party_after0" not in options["EGY"]
