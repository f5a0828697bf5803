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
        self._sentence_features: dict[int, tuple[list[str], list[str]]] = {}

    def sentence_features(self, doc: Document, mentions: Mentions, index: int) -> tuple[list[str], list[str]]:
        """The features of candidate_features that depend on the sentence alone, worked
        out once per sentence (a sentence often holds several triggers): those that
        come before ``after_topic`` in the feature list, and those after it."""
        found = self._sentence_features.get(index)
        if found is None:
            s, e = doc.sentences[index]
            head = [name for cue, name in (("reported", "reported"), ("speech", "speech")) if mentions.has_cue(cue, s, e)]
            tail = [name for cue, name in (("mediator", "mediation"), ("offtopic", "offtopic_sent")) if mentions.has_cue(cue, s, e)]
            first = doc.folded[s:s + 12].split()[:1]
            if first and first[0] in _BACKGROUND:
                tail.append("background")
            found = self._sentence_features[index] = (head, tail)
        return found

    def kind(self, code: str) -> str:
        k = self.kinds.get(code)
        if k is None:
            k = self.gaz.actors[code].kind if code in self.gaz.actors else "group"
            self.kinds[code] = k
        return k


def _sentence_counts(cand: Candidate) -> tuple[int, int]:
    """Distinct actor codes named in the candidate's sentence, and in its clause."""
    in_sentence: set[str] = set()
    in_clause: set[str] = set()
    lo, hi = cand.clause
    for sl in cand.slots:
        if sl.origin == "sentence":
            in_sentence.add(sl.code)
            if lo <= sl.mention.start < hi:
                in_clause.add(sl.code)
    return len(in_sentence), len(in_clause)


def candidate_features(doc: Document, mentions: Mentions, ctx: ArticleContext, cand: Candidate) -> list[str]:
    """Features of the event-and-type decision."""
    f = doc.folded
    t = cand.trigger
    entry = t.entry
    start, end = t.start, t.end
    lo, hi = cand.clause
    lex = entry.value
    s, e = doc.sentences[cand.sentence]
    bare = f[start:end][len(entry.proclitic):]
    before = f[max(s, start - 60):start].split()[-3:]
    after = f[end:min(e, end + 60)].split()[:3]
    n_sent, n_clause = _sentence_counts(cand)
    out = [
        "bias", "lex=" + lex, "w=" + bare, "w4=" + bare[:4], "mode=" + (entry.detail or "-"),
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
    cw = "cw=" + lex
    out += [cw + w for w in f[max(lo, start - 50):start].split()[-5:] if len(w) > 2]
    out += [cw + w for w in f[end:min(hi, end + 50)].split()[:5] if len(w) > 2]
    if "ال" in entry.proclitic or bare.startswith("ال"):
        out.append("definite")
    if entry.future:
        out.append("future")
    if entry.proclitic:
        out.append("clitic=" + entry.proclitic)
    window = before[-2:]
    if not NEGATIONS.isdisjoint(window):
        out.append("neg")
    if not RELATIVES.isdisjoint(window):
        out.append("rel")
    if not CONDITIONALS.isdisjoint(f[max(s, start - 90):start].split()) or mentions.has_cue("conditional", max(s, start - 90), start):
        out.append("cond")
    if mentions.has_cue("speculative", max(s, start - 60), start):
        out.append("spec")
    if mentions.has_cue("planned", max(s, start - 40), min(e, end + 40)):
        out.append("planned")
    in_sentence, in_sentence_after_topic = ctx.sentence_features(doc, mentions, cand.sentence)
    out += in_sentence
    if mentions.has_cue("topic", s, start):
        out.append("after_topic")
    out += in_sentence_after_topic
    if doc.in_quote(start):
        out.append("quote")
    if start - lo < 3:
        out.append("clause_start")
    others = {m.entry.value for m in mentions.triggers_in(lo, hi) if m is not t}
    if others:
        out += ["other=" + o for o in sorted(others)]
    kind = ctx.kind
    out += ["slot=" + k for k in sorted({kind(sl.code) + ":" + sl.origin for sl in cand.slots})]
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
        a, b, side = (t.end, m.start, "after") if m.start >= t.end else (m.end, t.start, "before")
        gap = _words_between(f, a, b)
        between = f[a:b]
        d = side + bucket(gap, (1, 2, 3, 5, 8, 12))
        out += ["dist=" + d, "lex_dist=" + lex + d, "mk_dist=" + m.kind + d]
        in_clause = cand.clause[0] <= m.start < cand.clause[1]
        out.append("clause=" + str(in_clause))
        out.append("lex_clause=" + lex + str(in_clause))
        if "،" in between or "," in between:
            out.append("comma_between")
        words_between = between.split()
        if not RELATIVES.isdisjoint(words_between):
            out.append("rel_between")
        lo, hi = min(t.end, m.end), max(t.start, m.start)
        if mentions.has_trigger(lo, hi):
            out.append("trigger_between")
        if mentions.has_cue("topic", lo, hi):
            out.append("topic_between" + side)
        if mentions.has_cue("speech", lo, hi):
            out.append("speech_between" + side)
        if len(words_between) <= 2:
            out.append("btw=" + lex + "_" + "_".join(words_between) + side)
        if not any(a <= o.mention.start < b and o.origin == "sentence" and o is not slot for o in cand.slots):  # nearest
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
        before_m = mentions.actors_in(max(0, m.start - 40), m.start) if f[m.start] == "و" else None
        if before_m and f.count(" ", before_m[-1].end, m.start) <= 1:
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
