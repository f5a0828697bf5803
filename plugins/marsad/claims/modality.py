"""Modality of a claim: asserted, reported, conditional, denied or planned.

Read from the cues around each evidence trigger: a condition (إذا، في حال) before or
after it, a negation right before it or a denial verb (نفى), a future verb or a planning
cue (من المقرر، المقبل), a relaying source (وفقا لـ، ذكرت صحيفة) or, for events that are
not speech acts themselves, a speech verb in the sentence.
"""

from __future__ import annotations

from marsad.claims.candidates import Candidate
from marsad.claims.document import Document
from marsad.claims.lexicon import CONDITIONALS, NEGATIONS, SPEECH_ACTS
from marsad.claims.mentions import Mentions


def candidate_modality(doc: Document, mentions: Mentions, etype: str, cand: Candidate) -> str:
    trig = cand.trigger
    s, e = doc.sentences[cand.sentence]
    window = doc.folded[max(s, trig.start - 90):trig.start].split()
    after = doc.folded[trig.end:min(e, trig.end + 60)].split()
    if (mentions.cues_in("conditional", max(s, trig.start - 90), trig.start)
            or CONDITIONALS.intersection(window) or CONDITIONALS.intersection(after)
            or mentions.cues_in("conditional", trig.end, min(e, trig.end + 60))):
        return "conditional"
    if etype == "REJECT" and doc.folded[trig.start:trig.end].lstrip("وف").startswith(("نف", "ين", "تن")):
        return "denied"
    if NEGATIONS.intersection(window[-2:]):
        return "denied"
    if trig.entry.future or mentions.cues_in("planned", max(s, trig.start - 40), trig.start) or mentions.cues_in("planned", *cand.clause):
        return "planned"
    if mentions.cues_in("reported", s, e):
        return "reported"
    if etype not in SPEECH_ACTS and mentions.cues_in("speech", s, e):
        return "reported"
    return "asserted"


def claim_modality(doc: Document, mentions: Mentions, etype: str, cands: list[Candidate]) -> str:
    """The first evidence decides a condition or a denial; otherwise any report or plan
    among the evidence, else asserted."""
    first = candidate_modality(doc, mentions, etype, cands[0])
    if first in ("conditional", "denied"):
        return first
    seen = {first, *(candidate_modality(doc, mentions, etype, c) for c in cands[1:8])}
    for m in ("reported", "planned"):
        if m in seen:
            return m
    return "asserted"


__all__ = ["candidate_modality", "claim_modality"]
