"""Boilerplate: outlet taglines, app adverts, datelines, footers, teaser lists.

Outlets start or end many articles with the same sentence ("يمكنكم استلام إشعارات ...",
"جميع المقالات المنشورة تمثل رأي كتابها فقط") and some pages carry the day's list of other
headlines. Left in, such segments make unrelated articles of the outlet share many
shingles. A segment (line or sentence) is boilerplate when it occurs in at least
``min_texts`` distinct texts of the same outlet; counts are kept per outlet (in memory
or in PostgreSQL), so boilerplate learnt on earlier nights is stripped tonight.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from marsad.dedup.features import Features
from marsad.model import SegmentKey


def segment_keys(text: Features) -> list[SegmentKey]:
    """Distinct (outlet, hash) keys of a text's segments, in order of first occurrence."""
    return [(text.outlet, h) for h in dict.fromkeys(text.segment_hashes.tolist())]


def body_hashes(text: Features, is_boilerplate: Callable[[SegmentKey], bool]) -> np.ndarray:
    """The word hashes of ``text`` outside its boilerplate segments.

    A text made only of boilerplate keeps all its words: there is no body to compare
    then, and exact copies of it are still copies.
    """
    keep = [not is_boilerplate((text.outlet, h)) for h in text.segment_hashes.tolist()]
    if all(keep) or not any(keep):
        return text.word_hashes
    ends = text.segment_ends.tolist()
    starts = [0, *ends[:-1]]
    return np.concatenate([text.word_hashes[s:e] for s, e, k in zip(starts, ends, keep) if k])
