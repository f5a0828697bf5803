#!/usr/bin/env python3
"""Build seeds/actors.csv and seeds/actor_aliases.csv (the claims gazetteer).

How the files are made, so that a reviewer can regenerate and diff them:

* States: every country in pycountry except dependent territories (the UN member
  states, plus Palestine, Taiwan and the Holy See). The Arabic name comes from CLDR via
  Babel (``Locale('ar').territories``), the English name from pycountry.
* A nisba adjective is derived for each single-word country name (سوريا -> سوري,
  الصين -> صيني, كندا -> كندي, سنغافورة -> سنغافوري) unless a curated one exists.
* Hand-curated rows live in ``seeds/tools/curated_actors.csv`` (organizations and armed
  groups of the spec) and ``seeds/tools/curated_aliases.csv`` (variants, adjectives with
  irregular forms, capitals and seats of government used as metonyms, leaders and
  ministers by name, titles).
* Every adjective is expanded here into all its forms (masculine, feminine, dual,
  plural, with and without the article), so the output lists exactly what is matched.
  Proclitics (و ف ب ل ك لل) are not listed: the matcher adds them.

Run: ``PYTHONPATH=plugins .venv/bin/python seeds/tools/build_gazetteer.py``
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pycountry
from babel import Locale

SEEDS = Path(__file__).resolve().parents[1]
TOOLS = Path(__file__).resolve().parent

# Dependent territories and other non-sovereign entries of ISO 3166-1 (not UN members).
TERRITORIES = set(
    "ABW AIA ALA ASM ATA ATF BES BLM BMU BVT CCK COK CUW CXR CYM ESH FLK FRO GGY GIB GLP "
    "GRL GUF GUM HKG HMD IMN IOT JEY MAC MAF MNP MSR MTQ MYT NCL NFK NIU PCN PRI PYF REU "
    "SGS SHN SJM SPM SXM TCA TKL UMI VGB VIR WLF".split()
)
# CLDR names that are also common Arabic words, or CLDR-specific spellings: replaced.
NAME_OVERRIDES = {
    "PSE": "فلسطين",
    "MLI": "جمهورية مالي",  # مالي is also "financial"
    "BEN": "جمهورية بنين",  # بنين is also "boys"
    "COD": "الكونغو الديمقراطية",
    "COG": "الكونغو برازافيل",
    "MMR": "ميانمار",
    "OMN": "عمان",
}
# Adjectives never generated: they are common words or personal names.
NO_ADJECTIVE = {"MLI", "BEN", "TUR_BARE"}
# Bare masculine forms that are frequent personal names (تركي، هندي): only inflected and
# definite forms are listed for them.
NAME_LIKE_ADJECTIVES = {"تركي", "هندي"}


def strip_article(name: str) -> str:
    return name[2:] if name.startswith("ال") else name


def derive_adjective(name: str) -> str | None:
    """Nisba of a one-word country name, or None where no regular rule applies."""
    base = strip_article(name)
    if " " in base or len(base) < 3:
        return None
    if base.endswith("يا"):
        return base[:-1]
    if base.endswith("ا"):
        return base[:-1] + "ي"
    if base.endswith("ة"):
        return base[:-1] + "ي"
    if base.endswith("ي"):
        return base
    return base + "ي"


def adjective_forms(adj: str) -> list[str]:
    """All inflections of a masculine nisba (إيراني -> إيرانية، إيرانيون، الإيرانيين ...)."""
    words = adj.split(" ")
    head, rest = words[0], words[1:]
    suffixes = ["", "ة", "ون", "ين", "ان", "تان", "تين", "ات"]
    forms: list[str] = []
    for suf in suffixes:
        # Multi-word adjectives (كوري شمالي) agree on every word.
        inflected = " ".join([head + suf] + [w + suf for w in rest])
        definite = " ".join("ال" + w for w in inflected.split(" "))
        if not (suf == "" and adj in NAME_LIKE_ADJECTIVES):
            forms.append(inflected)
        forms.append(definite)
    return forms


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def main() -> None:
    ar = Locale("ar").territories
    actors: list[tuple[str, str, str, str]] = []
    aliases: list[tuple[str, str, str]] = []
    curated = read_csv(TOOLS / "curated_aliases.csv")
    curated_adj = {r["code"] for r in curated if r["type"] == "adjective"}

    for c in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        code = c.alpha_3
        if code in TERRITORIES or c.alpha_2 not in ar:
            continue
        name_ar = NAME_OVERRIDES.get(code) or re.sub(r"\s*\(.*?\)", "", ar[c.alpha_2]).strip()
        name_en = getattr(c, "common_name", None) or c.name
        if code == "PSE":
            name_en = "Palestine"
        actors.append((code, "state", name_en, name_ar))
        aliases.append((code, name_ar, "name"))
        if code not in curated_adj and code not in NO_ADJECTIVE:
            adj = derive_adjective(name_ar)
            if adj:
                aliases.extend((code, form, "adjective") for form in adjective_forms(adj))

    for row in read_csv(TOOLS / "curated_actors.csv"):
        actors.append((row["code"], row["kind"], row["name_en"], row["name_ar"]))
        aliases.append((row["code"], row["name_ar"], "name"))

    codes = {a[0] for a in actors}
    for row in curated:
        if row["code"] not in codes:
            raise SystemExit(f"curated alias for unknown actor {row['code']}: {row['alias']}")
        if row["type"] == "adjective":
            aliases.extend((row["code"], form, "adjective") for form in adjective_forms(row["alias"]))
        else:
            aliases.append((row["code"], row["alias"], row["type"]))

    seen: set[tuple[str, str]] = set()
    unique = []
    for code, alias, kind in aliases:
        if (code, alias) not in seen:
            seen.add((code, alias))
            unique.append((code, alias, kind))

    with (SEEDS / "actors.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["code", "kind", "name_en", "name_ar"])
        w.writerows(actors)
    with (SEEDS / "actor_aliases.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["code", "alias", "type"])
        w.writerows(unique)
    print(f"{len(actors)} actors, {len(unique)} aliases")


if __name__ == "__main__":
    main()
