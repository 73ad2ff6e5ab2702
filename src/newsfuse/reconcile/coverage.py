"""Coverage: per article, how many facts it states, what most other sources state that it leaves
out, and what it alone reports.

Copies count with their original: a repost neither makes a fact "most sources" nor takes away
an original's exclusive.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsfuse.document import Article
from newsfuse.reconcile.evidence import origin
from newsfuse.report import Coverage, Fact


def build_coverage(facts: Sequence[Fact], articles: Sequence[Article]) -> list[Coverage]:
    """One entry per article, in the story's article order."""
    by_id = {a.id: a for a in articles}
    sources = {origin(by_id, a.id) for a in articles}
    fact_sources = {f.id: {origin(by_id, i) for i in f.articles} for f in facts}
    coverage = []
    for article in articles:
        own = origin(by_id, article.id)
        others = len(sources - {own})
        stated = [f for f in facts if article.id in f.articles]
        # "Most other independent sources": more than half of the sources other than this one,
        # and at least two of them, so that in a two-outlet story nothing is an "omission".
        omitted = [
            f.id
            for f in facts
            if own not in fact_sources[f.id]
            and len(fact_sources[f.id] - {own}) >= 2
            and len(fact_sources[f.id] - {own}) * 2 > others
        ]
        unique = [f.id for f in stated if fact_sources[f.id] == {own}]
        coverage.append(Coverage(article=article.id, facts_stated=len(stated), omitted=omitted, unique=unique))
    return coverage
