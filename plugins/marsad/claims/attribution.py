"""Attribution: the source the article relays a claim from (an outlet, an agency, an
official), as the few words after a reporting cue (وفقا لـ، نقلت عن، ذكرت) up to the
first comma, أن or عن."""

from __future__ import annotations

from marsad.claims.candidates import Candidate
from marsad.claims.document import Document
from marsad.claims.mentions import Mentions

_MAX_WORDS = 5


def attribution(doc: Document, mentions: Mentions, cands: list[Candidate]) -> str | None:
    for c in cands[:8]:
        s, e = doc.sentences[c.sentence]
        for cue in mentions.cues_in("reported", s, e):
            tail = doc.folded[cue.end:min(e, cue.end + 60)]
            stops = [i for i in (tail.find("،"), tail.find(" ان "), tail.find(" عن "), tail.find(" انه "), tail.find("."), tail.find(":")) if i >= 0]
            phrase = tail[:min(stops)] if stops else tail
            words = phrase.split()[:_MAX_WORDS]
            if not words:
                continue
            head = doc.folded[cue.start:cue.end].split()
            # A cue that is itself the source (مصادر، صحيفة، وكالة) belongs to the phrase.
            start = cue.start if head and head[-1].lstrip("و") in ("مصادر", "مصدر", "صحيفه", "وكاله") else cue.end
            end = cue.end + len(tail) - len(tail.lstrip()) + len(" ".join(words))
            a, b = doc.original_span(start, min(end, e))
            text = doc.text[a:b].strip(" \"'«»“”():،")
            if text:
                return text
    return None


__all__ = ["attribution"]
