"""Diplomacy claims extracted natively from Arabic news (see docs/claims.md).

Public API: :data:`EXTRACTOR_VERSION`, :func:`extract_claims`, :func:`load_gazetteer`.
"""

from __future__ import annotations

import logging
from typing import Any, Mapping

from marsad.claims.extract import extract_from_text
from marsad.claims.gazetteer import load_gazetteer

EXTRACTOR_VERSION = "claims-0.4"

log = logging.getLogger(__name__)


def extract_claims(article: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Claim records (spec shape) for one article; [] for an article that is not a
    mapping or whose text is missing or empty. Deterministic."""
    if not isinstance(article, Mapping):
        return []
    return extract_from_text(article)


__all__ = ["EXTRACTOR_VERSION", "extract_claims", "load_gazetteer"]
