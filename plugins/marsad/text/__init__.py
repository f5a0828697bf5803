"""The Arabic text layer shared by dedup and claims: normalization with an offset map
back to the stored text, and sentence and clause splitting."""

from marsad.text.normalize import NormalizedText, fold, normalize
from marsad.text.sentences import clause_spans, sentence_spans

__all__ = ["NormalizedText", "clause_spans", "fold", "normalize", "sentence_spans"]
