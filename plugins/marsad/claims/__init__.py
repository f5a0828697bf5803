"""Diplomacy claims extracted natively from Arabic news (see docs/claims.md).

A learned extractor: candidates (a trigger with the actors that could be its parties)
are typed and their parties chosen by linear models trained on annotated articles
(``marsad train``); dating, modality, location and attribution are read from the text.

Public API: :data:`EXTRACTOR_VERSION`, :func:`extract_claims`, :func:`load_gazetteer`,
:func:`warm_up`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marsad.claims.decisions import load_decisions
from marsad.claims.extractor import extract
from marsad.claims.gazetteer import load_gazetteer
from marsad.model import Claim

EXTRACTOR_VERSION = "claims-1.9"


def extract_claims(article: Mapping[str, Any]) -> list[Claim]:
    """Claim records of one article; [] for an article that is not a mapping or whose
    text is missing or empty. Deterministic."""
    if not isinstance(article, Mapping):
        return []
    return extract(article)


def warm_up() -> None:
    """Build the gazetteer and read the model now (before forking workers, which then
    share them, and outside timed work)."""
    load_gazetteer()
    load_decisions()


__all__ = ["EXTRACTOR_VERSION", "extract_claims", "load_gazetteer", "warm_up"]
