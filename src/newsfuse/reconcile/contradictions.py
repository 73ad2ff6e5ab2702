"""`claim` disagreements: opposite statements about the same thing ("agreed" / "refused").

Two claims of independent articles contradict each other when they say the same thing about the
same subject (close embeddings, shared content words, the same grammatical subject) and the verb
that carries the claim has opposite polarity: an antonym pair from the table below, or the same
verb with and without a negation. Anything less is left alone: two outlets choosing different
details is not a contradiction.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from newsfuse.document import Article
from newsfuse.reconcile.claims import Claim, Stance
from newsfuse.reconcile.evidence import evidence, origin, stable_id
from newsfuse.report import Disagreement, Version

_PAST = {
    "agree": "agreed",
    "confirm": "confirmed",
    "support": "supported",
    "approve": "approved",
    "win": "won",
    "include": "included",
    "open": "opened",
    "survive": "survived",
}
# Antonyms pull embeddings apart ("agreed"/"refused" in one sentence frame scored 0.74), so the
# cosine floor is lower than for facts; the shared words and the shared subject carry the match.
MIN_COSINE = 0.65
MIN_SHARED = 0.5


def claim_disagreements(
    claims: Sequence[Claim], vectors: np.ndarray, articles: Sequence[Article]
) -> list[Disagreement]:
    """Pairs of independent claims that assert and deny the same thing about the same subject."""
    by_id = {a.id: a for a in articles}
    polar = [(i, c.stances) for i, c in enumerate(claims)]
    polar = [(i, s) for i, s in polar if s]
    found: list[tuple[Claim, Claim, Stance, Stance]] = []
    for x, (i, stances_i) in enumerate(polar):
        for j, stances_j in polar[x + 1 :]:
            a, b = claims[i], claims[j]
            if origin(by_id, a.article.id) == origin(by_id, b.article.id):
                continue
            if float(vectors[i] @ vectors[j]) < MIN_COSINE:
                continue
            for sa in stances_i:
                match = next(
                    (
                        sb
                        for sb in stances_j
                        if sb.concept == sa.concept and sb.sign != sa.sign and sa.subject & sb.subject
                    ),
                    None,
                )
                if match is not None and _shared(a, b, {sa.verb.lower(), match.verb.lower()}) >= MIN_SHARED:
                    found.append((a, b, sa, match))
                    break
    return [_disagreement(a, b, sa, sb) for a, b, sa, sb in found]


def _shared(a: Claim, b: Claim, verbs: set[str]) -> float:
    left, right = a.lemmas - verbs, b.lemmas - verbs
    return len(left & right) / max(1, min(len(left), len(right)))


def _disagreement(a: Claim, b: Claim, sa: Stance, sb: Stance) -> Disagreement:
    subject = sa.subject_text
    versions = [
        Version(value=c.text, normalized=None, articles=[c.article.id], evidence=[evidence(c.article, c.sentence)])
        for c in (a, b)
    ]
    outlet_a = a.article.source or a.article.id
    outlet_b = b.article.source or b.article.id
    return Disagreement(
        id=stable_id("disagreement", "claim", f"{a.article.id}:{a.span.start}", f"{b.article.id}:{b.span.start}"),
        kind="claim",
        topic=f"whether {subject} {_PAST.get(sa.concept, sa.concept)}",
        versions=versions,
        compatible=False,
        note=(
            f"{outlet_a} says {sa.subject_text} {sa.verb}; {outlet_b} says {sb.subject_text} {sb.verb}: "
            "both cannot be true."
        ),
    )
