"""Gazetteers and cue lists compiled into one Aho-Corasick automaton.

Everything the extractor looks up in a text (actor names, adjectives, capitals, leaders,
places, event triggers, modality and mediation cues) is a key of a single automaton over
folded text, so one pass finds all of it. Proclitics (و ف ب ل ك ال لل) are expanded when
the automaton is built, not at match time. The automaton is built once per process
(module-level lazy cache) from the CSV files in ``marsad.settings.seeds_dir()``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import ahocorasick

from marsad.claims.lexicon import CUES, checked_triggers
from marsad.settings import seeds_dir
from marsad.text import fold

_PROCLITICS_DEF = ["", "و", "ف", "ب", "ك", "وب", "فب", "وك"]
_PROCLITICS_INDEF = ["", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك"]
_PERSON = ["ي", "ت", "ن", "سي", "ست", "سن", "لي", "لت"]


class Entry(NamedTuple):
    """What a key means. ``layer`` is actor, place, trigger or cue."""

    layer: str
    value: str  # actor code, place country, event type or cue name
    detail: str  # alias type, place English name, CONSULT mode or ""
    prefix: bool  # the key may be followed by more letters (stem*)
    proclitic: str  # the proclitic letters in front of the core word
    future: bool  # verb with the future prefix (سي ست سن)


class Match(NamedTuple):
    start: int
    end: int
    entry: Entry


@dataclass(frozen=True)
class Actor:
    code: str
    kind: str
    name_en: str
    name_ar: str


class Gazetteer:
    """The compiled automaton plus the actor and place tables it refers to."""

    def __init__(self, seeds: Path) -> None:
        self.actors: dict[str, Actor] = {}
        with (seeds / "actors.csv").open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                self.actors[row["code"]] = Actor(row["code"], row["kind"], row["name_en"], row["name_ar"])
        self.home_hosts: dict[str, str] = {}
        home = seeds / "outlet_home.csv"
        if home.exists():
            with home.open(encoding="utf-8", newline="") as f:
                self.home_hosts = {r["host"].lower(): r["country"] for r in csv.DictReader(f)}
        self._keys: dict[str, list[Entry]] = {}
        with (seeds / "actor_aliases.csv").open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                self._add(row["alias"], "actor", row["code"], row["type"], article=False)
        for code, actor in self.actors.items():
            if actor.kind == "state":
                self._add(actor.name_ar, "place", code, actor.name_en, article=False)
        with (seeds / "places.csv").open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                self._add(row["name_ar"], "place", row["country"], row["name_en"], article=False)
        for etype, patterns in checked_triggers(seeds).items():
            for pat in patterns:
                text, mode = (pat, "") if isinstance(pat, str) else pat
                self._add(text, "trigger", etype, mode, article=True)
        for name, cue_words in CUES.items():
            for word in cue_words:
                self._add(word, "cue", name, "", article=name not in ("locative", "nonstate", "home_title", "anaphor", "boilerplate"))
        self.automaton = ahocorasick.Automaton()
        for key, entries in self._keys.items():
            # All entries of a key, and those that may run on into a longer word (stem*).
            stems = tuple(e for e in entries if e.prefix)
            self.automaton.add_word(key, (len(key) - 1, tuple(entries), stems))
        self.automaton.make_automaton()
        del self._keys

    def _add(self, pattern: str, layer: str, value: str, detail: str, article: bool) -> None:
        pattern = pattern.strip()
        prefix = pattern.endswith("*")
        verb = pattern.startswith("@")
        core = fold(pattern.strip("*@")).strip()
        if not core:
            return
        if verb:
            forms = [(p, p[:1] == "س") for p in _PERSON]
            clitics = ["", "و", "ف"]
        elif core.startswith("ال"):
            forms = [("", False)]
            clitics = _PROCLITICS_DEF
        else:
            forms = [("", False)]
            clitics = _PROCLITICS_INDEF + (["ال", "وال", "بال", "فال", "كال", "لل", "ولل"] if article else [])
        for person, future in forms:
            for clitic in clitics:
                body = person + core
                if body.startswith("ال") and clitic in ("ل", "ول", "فل"):
                    continue
                self._put(clitic + body, Entry(layer, value, detail, prefix, clitic, future))
                if not verb and core.startswith("ال") and clitic in ("", "و", "ف"):
                    # لل: the preposition ل swallows the article's alef (للإيرانيين).
                    lkey = clitic + "لل" + core[2:]
                    self._put(lkey, Entry(layer, value, detail, prefix, clitic + "ل", False))

    def _put(self, key: str, entry: Entry) -> None:
        entries = self._keys.setdefault(key, [])
        if not any(e.layer == entry.layer and e.value == entry.value for e in entries):
            entries.append(entry)

    def scan(self, folded: str) -> list[Match]:
        """All matches in ``folded`` that start and (unless a stem) end on word boundaries."""
        out: list[Match] = []
        last = len(folded) - 1
        # The loop runs once per automaton hit (half of them inside a word): Match is
        # built with tuple.__new__, which skips the Python-level NamedTuple constructor.
        new = tuple.__new__
        for end, (back, entries, stems) in self.automaton.iter(folded):
            start = end - back
            if start and folded[start - 1].isalnum():
                continue
            stop = end + 1
            for e in entries if end >= last or not folded[stop].isalnum() else stems:
                out.append(new(Match, (start, stop, e)))
        return out


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, built on first use from the seeds folder."""
    return Gazetteer(seeds_dir())


__all__ = ["Actor", "Entry", "Gazetteer", "Match", "load_gazetteer"]
