"""Features of the learned decisions, as lists of strings (binary indicators).

Two decisions are learned (see ``marsad.claims.decisions``): what a candidate is (no
event, or one of the 16 PLOVER types) and what each of its slots is (no party, source,
target, party of a joint act, mediator). The features describe the trigger, its words
around, the clause and quote it sits in, the cues near it, and for a slot where its
mention sits relative to the trigger and what stands between them. No feature names an
article; the weights come from the training gold.
"""

from __future__ import annotations

from marsad.claims.candidates import Candidate, Slot
from marsad.claims.document import Document
from marsad.claims.gazetteer import Gazetteer
from marsad.claims.lexicon import CONDITIONALS, NEGATIONS, RELATIVES
from marsad.claims.mentions import Mentions

_PREPOSITIONS = frozenset({"على", "علي", "ضد", "من", "الى", "مع", "لدى", "عن", "بين", "في", "تجاه", "حيال", "امام", "عبر", "بحق"})
_BACKGROUND = frozenset({"وكان", "وكانت", "كان", "كانت"})


def bucket(x: float, edges: tuple[float, ...]) -> str:
    """The first edge ``x`` does not exceed, as a feature value (">last" above them all)."""
    for e in edges:
        if x <= e:
            return str(e)
    return f">{edges[-1]}"


def _words_between(folded: str, a: int, b: int) -> int:
    return folded.count(" ", a, b) if b > a else 0


def _bare(doc: Document, cand: Candidate) -> str:
    t = cand.trigger
    return doc.folded[t.start:t.end][len(t.entry.proclitic):]


class ArticleContext:
    """Counts over the whole article that every candidate's features share."""

    def __init__(self, gaz: Gazetteer, doc: Document, mentions: Mentions) -> None:
        codes = [a.code for a in mentions.actors]
        self.code_counts: dict[str, int] = {}
        for c in codes:
            self.code_counts[c] = self.code_counts.get(c, 0) + 1
        self.ranked = sorted(self.code_counts, key=lambda c: -self.code_counts[c])
        self.n_codes = bucket(len(self.code_counts), (0, 1, 2, 4, 8))
        self.offtopic = bucket(len(mentions.cues.get("offtopic", [])), (0, 1, 3, 6))
        self.kinds = {c: (gaz.actors[c].kind if c in gaz.actors else "group") for c in self.code_counts}
        self.gaz = gaz
        self.mediators = {m.code for m in mentions.mediations}

    def kind(self, code: str) -> str:
        k = self.kinds.get(code)
        if k is None:
            k = self.gaz.actors[code].kind if code in self.gaz.actors else "group"
            self.kinds[code] = k
        return k


def candidate_features(doc: Document, mentions: Mentions, ctx: ArticleContext, cand: Candidate) -> list[str]:
    """Features of the event-and-type decision."""
    f = doc.folded
    t = cand.trigger
    lex = t.entry.value
    s, e = doc.sentences[cand.sentence]
    bare = _bare(doc, cand)
    before = f[max(s, t.start - 60):t.start].split()[-3:]
    after = f[t.end:min(e, t.end + 60)].split()[:3]
    n_sent = len({sl.code for sl in cand.slots if sl.origin == "sentence"})
    n_clause = len({sl.code for sl in cand.slots if sl.origin == "sentence" and cand.clause[0] <= sl.mention.start < cand.clause[1]})
    out = [
        "bias", "lex=" + lex, "w=" + bare, "w4=" + bare[:4], "mode=" + (t.entry.detail or "-"),
        "nsent=" + bucket(n_sent, (0, 1, 2, 3)), "nclause=" + bucket(n_clause, (0, 1, 2)),
        "lex_nsent=" + lex + bucket(n_sent, (0, 1, 2)),
        "pos=" + bucket(cand.sentence, (0, 1, 2, 4, 8)), "art_codes=" + ctx.n_codes, "offtopic=" + ctx.offtopic,
        "lex_off=" + lex + ctx.offtopic,
    ]
    if before:
        out.append("p1=" + before[-1])
        out.append("lex_p1=" + lex + before[-1])
    if len(before) > 1:
        out.append("p2=" + before[-2])
    if after:
        out.append("n1=" + after[0])
        out.append("w_n1=" + bare + "_" + after[0])
    if len(after) > 1:
        out.append("n2=" + after[1])
    for w in f[max(cand.clause[0], t.start - 50):t.start].split()[-5:] + f[t.end:min(cand.clause[1], t.end + 50)].split()[:5]:
        if len(w) > 2:
            out.append("cw=" + lex + w)
    if "ال" in t.entry.proclitic or bare.startswith("ال"):
        out.append("definite")
    if t.entry.future:
        out.append("future")
    if t.entry.proclitic:
        out.append("clitic=" + t.entry.proclitic)
    window = set(before[-2:])
    if window & NEGATIONS:
        out.append("neg")
    if window & RELATIVES:
        out.append("rel")
    if set(f[max(s, t.start - 90):t.start].split()) & CONDITIONALS or mentions.cues_in("conditional", max(s, t.start - 90), t.start):
        out.append("cond")
    if mentions.cues_in("speculative", max(s, t.start - 60), t.start):
        out.append("spec")
    if mentions.cues_in("planned", max(s, t.start - 40), min(e, t.end + 40)):
        out.append("planned")
    if mentions.cues_in("reported", s, e):
        out.append("reported")
    if mentions.cues_in("speech", s, e):
        out.append("speech")
    if mentions.cues_in("topic", s, t.start):
        out.append("after_topic")
    if mentions.cues_in("mediator", s, e):
        out.append("mediation")
    if mentions.cues_in("offtopic", s, e):
        out.append("offtopic_sent")
    first = f[s:s + 12].split()[:1]
    if first and first[0] in _BACKGROUND:
        out.append("background")
    if doc.in_quote(t.start):
        out.append("quote")
    if t.start - cand.clause[0] < 3:
        out.append("clause_start")
    others = {m.entry.value for m in mentions.triggers_in(cand.clause[0], cand.clause[1]) if m is not t}
    for o in sorted(others):
        out.append("other=" + o)
    kinds = sorted({ctx.kind(sl.code) + ":" + sl.origin for sl in cand.slots})
    out.extend("slot=" + k for k in kinds)
    return out


def slot_features(doc: Document, mentions: Mentions, ctx: ArticleContext, cand: Candidate, slot: Slot, rank: int) -> list[str]:
    """Features of the role decision for one slot of a candidate."""
    f = doc.folded
    t = cand.trigger
    lex = t.entry.value
    m = slot.mention
    kind = ctx.kind(slot.code)
    out = ["bias", "origin=" + slot.origin, "mkind=" + m.kind, "akind=" + kind, "lex_origin=" + lex + slot.origin,
           "rank=" + bucket(rank, (0, 1, 2, 4)), "lex_akind=" + lex + kind]
    if slot.origin in ("sentence", "place"):
        if m.start >= t.end:
            gap = _words_between(f, t.end, m.start)
            side = "after"
            between = f[t.end:m.start]
        else:
            gap = _words_between(f, m.end, t.start)
            side = "before"
            between = f[m.end:t.start]
        d = side + bucket(gap, (1, 2, 3, 5, 8, 12))
        out += ["dist=" + d, "lex_dist=" + lex + d, "mk_dist=" + m.kind + d]
        in_clause = cand.clause[0] <= m.start < cand.clause[1]
        out.append("clause=" + str(in_clause))
        out.append("lex_clause=" + lex + str(in_clause))
        if "،" in between or "," in between:
            out.append("comma_between")
        words = between.split()
        if set(words) & RELATIVES:
            out.append("rel_between")
        if mentions.triggers_in(min(t.end, m.end), max(t.start, m.start)):
            out.append("trigger_between")
        if mentions.cues_in("topic", min(t.end, m.end), max(t.start, m.start)):
            out.append("topic_between" + side)
        if mentions.cues_in("speech", min(t.end, m.end), max(t.start, m.start)):
            out.append("speech_between" + side)
        words_between = between.split()
        if len(words_between) <= 2:
            out.append("btw=" + lex + "_" + "_".join(words_between) + side)
        nearest = not any(o.origin == "sentence" and o is not slot and (t.end <= o.mention.start < m.start if side == "after" else m.end <= o.mention.start < t.start) for o in cand.slots)
        if nearest:
            out.append("nearest=" + lex + side)
        prev = f[max(0, m.start - 20):m.start].split()[-1:] or [""]
        out.append("mprev=" + prev[0])
        nxt = f[m.end:m.end + 20].split()[:1]
        if nxt:
            out.append("mnext=" + nxt[0])
        p = prev[0].lstrip("و")
        if p in _PREPOSITIONS:
            out.append("prep=" + p)
            out.append("lex_prep=" + lex + p + side)
        clitic = f[m.start:m.start + 2]
        for c in ("لل", "ب", "ل", "و"):
            if clitic.startswith(c):
                out.append("mclitic=" + c)
                out.append("lex_mclitic=" + lex + c + side)
                break
        if doc.in_quote(m.start) != doc.in_quote(t.start):
            out.append("quote_split")
        before_m = mentions.actors_in(max(0, m.start - 40), m.start)
        if before_m and f[m.start] == "و" and f.count(" ", before_m[-1].end, m.start) <= 1:
            out.append("coordinated")  # إسرائيل وحركة حماس: shares the role of the one before
            out.append("lex_coordinated=" + lex)
    else:
        out.append("lex_far=" + lex)
    if slot.count > 1:
        out.append("repeated")
    art = ctx.code_counts.get(slot.code, 0)
    out.append("art=" + bucket(art, (0, 1, 2, 4, 8)))
    if ctx.ranked and ctx.ranked[0] == slot.code:
        out.append("top_actor")
    if slot.code in ctx.mediators:
        out.append("mediated")
        out.append("lex_mediated=" + lex)
    if slot.code == doc.home:
        out.append("home")
    return out


__all__ = ["ArticleContext", "bucket", "candidate_features", "slot_features"]
