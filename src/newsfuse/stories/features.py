"""What an article is about, for telling same event from similar event.

Two stories of one kind (two earthquakes, two celebrities entering rehab) read alike: their
embeddings are close. What tells them apart is who and where: the names. So an article is
described by an embedding of its headline and lead, and by the names it mentions (people by
surname, organisations, places, events), weighted by how often it mentions them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from newsfuse.document import Article
from newsfuse.parse.embeddings import Embedder
from newsfuse.reconcile.entities import surface

NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "NORP"})
LEAD_SENTENCES = 3


@dataclass(slots=True)
class ArticleFeatures:
    """An article as the clusterer sees it."""

    article_id: str
    vector: np.ndarray
    names: Counter[str] = field(default_factory=Counter)
    published: date | None = None


def lead_text(article: Article) -> str:
    """The headline and the first sentences: where a news article says what happened."""
    sentences = [article.span_text(s) for s in article.sentences[:LEAD_SENTENCES]]
    return " ".join(([article.title] if article.title else []) + sentences) or article.text[:1000]


def names(article: Article) -> Counter[str]:
    """The article's names, people by surname so "Tara Reid" and "Reid" count as one."""
    found: Counter[str] = Counter()
    for span in article.entities:
        if span.label not in NAME_LABELS:
            continue
        name = surface(article.span_text(span)).casefold()
        if not name or not any(c.isalpha() for c in name):
            continue
        found[name.split()[-1] if span.label == "PERSON" else name] += 1
    return found


def article_features(articles: Sequence[Article], embedder: Embedder) -> list[ArticleFeatures]:
    """Features for parsed articles, one embedding call for all of them."""
    vectors = embedder.encode([lead_text(a) for a in articles]) if articles else np.zeros((0, 384))
    return [ArticleFeatures(a.id, vectors[i], names(a), a.published) for i, a in enumerate(articles)]
