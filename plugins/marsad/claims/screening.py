"""The last learned decision: whether a decoded claim is kept.

The candidate-level decisions see one trigger at a time; whether the claim they add up
to is an event the article reports is clearer at claim level: how many sentences carry
it, how sure the event and role decisions were, whether its parties are the article's
main actors, where it first appears. A linear model over these features, fitted on
claims decoded for articles the candidate models did not see (``marsad.claims.training``),
gives the probability that the claim matches an annotated one.
"""

from __future__ import annotations

from marsad.claims.decode import Draft
from marsad.claims.features import ArticleContext, bucket
from marsad.claims.lexicon import DIRECTED


def claim_features(ctx: ArticleContext, draft: Draft, same_type: int) -> list[str]:
    t = draft.event_type
    n_ev = len(draft.candidates)
    first = min(c.sentence for c in draft.candidates)
    out = [
        "bias", "type=" + t, "nev=" + bucket(n_ev, (1, 2, 4)), "type_nev=" + t + bucket(n_ev, (1, 2, 4)),
        "p=" + bucket(draft.score, (0.7, 0.8, 0.9, 0.95)), "type_p=" + t + bucket(draft.score, (0.8, 0.9)),
        "nact=" + str(min(len(draft.actors), 4)), "type_nact=" + t + str(min(len(draft.actors), 4)),
        "first=" + bucket(first, (0, 1, 3, 6)), "same_type=" + bucket(same_type, (1, 2, 4)),
        "art_codes=" + ctx.n_codes, "offtopic=" + ctx.offtopic,
    ]
    ranks = sorted(ctx.ranked.index(a) if a in ctx.ranked else 99 for a in draft.actors)
    out.append("best_rank=" + bucket(ranks[0], (0, 1, 3)))
    out.append("worst_rank=" + bucket(ranks[-1], (0, 1, 3, 6)))
    out.append("type_best_rank=" + t + bucket(ranks[0], (0, 1, 3)))
    for a in draft.actors:
        out.append("kind=" + ctx.kind(a))
    origins = {s.origin for c in draft.candidates for s in c.slots if s.code in draft.actors}
    out.extend("origin=" + o for o in sorted(origins))
    if t in DIRECTED:
        out.append("has_source=" + str(draft.source is not None))
        out.append("has_target=" + str(draft.target is not None))
    if draft.mediators:
        out.append("mediated")
    return out


__all__ = ["claim_features"]
