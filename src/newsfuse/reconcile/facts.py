"""Facts: the same claim merged across articles, paraphrases included.

Two claims of different articles are linked when their sentence embeddings are very close, or
close and they share enough content words (lemmas), with no clash of named entities. Claims are
then grouped by complete linkage: every pair inside a fact is linked, so one loose link never
chains two different claims into one fact. Precision first: an unmerged paraphrase costs a
corroboration count; a false merge puts words in an outlet's mouth.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsfuse.document import Article
from newsfuse.numeric import product
from newsfuse.reconcile.claims import Claim, readability
from newsfuse.reconcile.evidence import evidence, independent_sources, origin, stable_id
from newsfuse.report import Fact


@dataclass(frozen=True, slots=True)
class Thresholds:
    """When two claims state the same thing: the cosine of their embeddings, and the share of the
    shorter claim's content lemmas the other one has, which must be larger the lower the cosine.
    Calibrated by reading the cross-article pairs of the reference story (bench/reference_story.py
    prints them): below a cosine of 0.72 pairs were mostly related but different claims."""

    same: float = 0.86  # with at least 20% of the lemmas shared
    near: float = 0.80  # with at least 40%
    close: float = 0.72  # with more than 50%


@dataclass(slots=True)
class FactGroup:
    """A fact while it is built: its claims, and the speaker each article credits."""

    claims: list[Claim]
    attributed_to: str | None = None


def link_matrix(claims: Sequence[Claim], similarity: np.ndarray, thresholds: Thresholds) -> np.ndarray:
    """Which claim pairs state the same thing, given their cosines: a boolean matrix, False within one article."""
    n = len(claims)
    linked = np.zeros((n, n), dtype=bool)
    for i in range(n):
        for j in range(i + 1, n):
            if claims[i].article is claims[j].article:
                continue
            if _same_claim(claims[i], claims[j], float(similarity[i, j]), thresholds):
                linked[i, j] = linked[j, i] = True
    return linked


def _same_claim(a: Claim, b: Claim, cosine: float, thresholds: Thresholds) -> bool:
    if cosine < thresholds.close or a.negated != b.negated or a.opposes(b):
        return False  # "agreed" and "did not agree" or "refused" are two claims, however close their words
    # Claims giving different numbers or dates ("on Sunday" / "on Monday") merge only when
    # near-identical otherwise: the difference is then a disagreement about one fact.
    if a.numbers and b.numbers and not a.numbers & b.numbers and cosine < thresholds.same:
        return False
    if a.dates and b.dates and not a.dates & b.dates and cosine < thresholds.same:
        return False
    overlap = len(a.lemmas & b.lemmas) / max(1, min(len(a.lemmas), len(b.lemmas)))
    if cosine >= thresholds.same:
        return overlap >= 0.2
    if cosine >= thresholds.near:
        return overlap >= 0.4
    return overlap > 0.5


def group_claims(claims: Sequence[Claim], vectors: np.ndarray, thresholds: Thresholds) -> list[list[Claim]]:
    """Complete-linkage groups of claims, strongest links merged first; every claim lands in one group."""
    similarity = product(vectors, vectors.T)
    linked = link_matrix(claims, similarity, thresholds)
    groups: dict[int, list[int]] = {i: [i] for i in range(len(claims))}
    owner = list(range(len(claims)))
    pairs = sorted(zip(*np.nonzero(np.triu(linked)), strict=True), key=lambda p: (-similarity[p], p[0], p[1]))
    for i, j in pairs:
        a, b = owner[i], owner[j]
        if a == b:
            continue
        members_a, members_b = groups[a], groups[b]
        if not linked[np.ix_(members_a, members_b)].all():
            continue
        # One article states a claim once per fact: a second sentence of it saying the same is kept
        # as more evidence only when it is itself linked to every other article's claim.
        groups[a] = members_a + members_b
        for k in members_b:
            owner[k] = a
        del groups[b]
    return [[claims[k] for k in sorted(members)] for members in groups.values()]


def build_facts(groups: Sequence[FactGroup], articles: dict[str, Article]) -> list[tuple[Fact, FactGroup]]:
    """The report's facts with their groups, most independent sources first, then by where they are first stated."""
    facts = []
    for group in groups:
        ids = sorted({c.article.id for c in group.claims}, key=lambda i: _position(group.claims, i))
        clearest = clearest_claim(group.claims)
        facts.append(
            (
                -independent_sources(ids, articles),
                min(c.index for c in group.claims),
                Fact(
                    id=stable_id("fact", *sorted(f"{c.article.id}:{c.span.start}" for c in group.claims)),
                    text=clearest.text,
                    articles=ids,
                    independent_sources=independent_sources(ids, articles),
                    attributed_to=group.attributed_to,
                    evidence=[evidence(c.article, c.sentence) for c in group.claims],
                ),
                group,
            )
        )
    facts.sort(key=lambda item: (item[0], item[1]))
    return [(fact, group) for _, _, fact, group in facts]


def _position(claims: Sequence[Claim], article_id: str) -> int:
    return min(c.index for c in claims if c.article.id == article_id)


def clearest_claim(claims: Sequence[Claim]) -> Claim:
    """The wording to show: a whole sentence in the outlet's own words where there is one."""
    return min(claims, key=lambda c: (readability(c), c.index))


def origins(claims: Sequence[Claim], articles: dict[str, Article]) -> set[str]:
    return {origin(articles, c.article.id) for c in claims}
