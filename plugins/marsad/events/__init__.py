"""Events stage: claims of several articles merged into the real-world events they report.

Pure code: the merge decides which claims are one event (:func:`merge_claims`); the
pipeline reads pending claims from and saves the merge to :mod:`marsad.store.events`.
"""

from marsad.events.merge import WINDOW_DAYS, compatible, dates_compatible, event_key, merge_claims

__all__ = ["WINDOW_DAYS", "compatible", "dates_compatible", "event_key", "merge_claims"]
