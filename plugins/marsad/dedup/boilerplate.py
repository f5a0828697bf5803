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

from marsad.dedup.textkey import Analysis

SegmentKey = tuple[str, int]  # (outlet, segment hash)


def segment_keys(outlet: str, text: Analysis) -> list[SegmentKey]:
    """Distinct (outlet, hash) keys of a text's segments, in order of first occurrence."""
    return list(dict.fromkeys((outlet, seg.hash) for seg in text.segments))


def body_words(outlet: str, text: Analysis, is_boilerplate: Callable[[SegmentKey], bool]) -> list[str]:
    """The words of ``text`` outside its boilerplate segments.

    A text made only of boilerplate keeps all its words: there is no body to compare
    then, and exact copies of it are still copies.
    """
    body = [w for seg in text.segments if not is_boilerplate((outlet, seg.hash)) for w in seg.words]
    return body or text.words
