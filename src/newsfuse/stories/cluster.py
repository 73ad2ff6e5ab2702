"""The online story clusterer: each article joins the story it best matches, or starts one.

Candidates come from an approximate-nearest-neighbour index (usearch, HNSW) over story
centroids, so the cost per article stays near-constant as the library grows. Each candidate is
then scored on two things: how close the article's lead is to the story's centroid, and how much
of the article's names the story shares, names weighted by rarity (a name many stories mention,
"police" or "US", tells little). Siblings of one kind (two earthquakes) are close in embedding but
differ in names; one event reported twice shares its names.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from newsfuse.document import Article
from newsfuse.parse.embeddings import Embedder
from newsfuse.stories.features import ArticleFeatures, article_features


@dataclass(frozen=True, slots=True)
class Thresholds:
    """When an article joins a story: the lead's cosine to the story's centroid, and the share of
    the article's name weight the story holds. Calibrated on ECB+ topics 1-22 (bench/stories_ecb.py)."""

    same: float = 0.75  # this close, a few shared names suffice
    close: float = 0.45  # this close, a good part of the names must be shared
    names_when_same: float = 0.10
    names_when_close: float = 0.30
    candidates: int = 8


@dataclass(slots=True)
class _Story:
    key: int
    members: list[str] = field(default_factory=list)
    total: np.ndarray | None = None
    names: Counter[str] = field(default_factory=Counter)

    def centroid(self) -> np.ndarray:
        assert self.total is not None
        norm = float(np.linalg.norm(self.total))
        return self.total / norm if norm else self.total


class StoryClusterer:
    """Online, incremental clustering: `add` places one article and returns its story key."""

    def __init__(self, dimensions: int = 384, thresholds: Thresholds | None = None) -> None:
        from usearch.index import Index

        self.thresholds = thresholds or Thresholds()
        self._index = Index(ndim=dimensions, metric="cos", dtype="f32")
        self._stories: dict[int, _Story] = {}
        self._name_stories: Counter[str] = Counter()  # in how many stories each name occurs

    def __len__(self) -> int:
        return len(self._stories)

    def add(self, features: ArticleFeatures) -> int:
        """Place one article: the key of the story it joins or starts."""
        best = self._best(features)
        story = self._stories[best] if best is not None else self._new_story()
        self._join(story, features)
        return story.key

    def stories(self) -> dict[int, list[str]]:
        """Story key -> article ids, in the order the articles came."""
        return {key: list(story.members) for key, story in sorted(self._stories.items())}

    def _best(self, features: ArticleFeatures) -> int | None:
        if not self._stories:
            return None
        found = self._index.search(features.vector.astype(np.float32), self.thresholds.candidates)
        scored = []
        for key, distance in zip(found.keys.tolist(), found.distances.tolist(), strict=True):
            story = self._stories.get(int(key))
            if story is None:
                continue
            cosine = 1.0 - float(distance)
            shared = self.shared_names(features.names, story)
            if self._joins(cosine, shared):
                scored.append((cosine + shared, -story.key, story.key))
        return max(scored)[2] if scored else None

    def _joins(self, cosine: float, shared: float) -> bool:
        t = self.thresholds
        if cosine >= t.same:
            return shared >= t.names_when_same
        return cosine >= t.close and shared >= t.names_when_close

    def shared_names(self, names: Counter[str], story: _Story) -> float:
        """The share of the article's name weight that the story's articles also mention, each
        name weighted by its rarity across stories (inverse story frequency)."""
        if not names:
            return 0.0
        stories = len(self._stories) + 1

        def weight(name: str) -> float:
            return math.log((stories + 1) / (self._name_stories[name] + 1)) + 1.0

        total = sum(weight(n) for n in names)
        return sum(weight(n) for n in names if n in story.names) / total

    def join(self, key: int, features: ArticleFeatures) -> None:
        """Put an article into a known story (a copy joins its original's story)."""
        self._join(self._stories[key], features)

    def _new_story(self) -> _Story:
        story = _Story(key=len(self._stories))
        self._stories[story.key] = story
        return story

    def _join(self, story: _Story, features: ArticleFeatures) -> None:
        story.members.append(features.article_id)
        vector = features.vector.astype(np.float32)
        story.total = vector.copy() if story.total is None else story.total + vector
        for name in features.names:
            if name not in story.names:
                self._name_stories[name] += 1
            story.names[name] += 1
        if story.key in self._index:
            self._index.remove(story.key)
        self._index.add(story.key, story.centroid())


def group_articles(articles: Sequence[Article], embedder: Embedder) -> list[list[Article]]:
    """The articles grouped into stories, in a stable order: by publication date, then input order.

    A copy always joins its original's story.
    """
    if len(articles) <= 1:
        return [list(articles)] if articles else []
    order = sorted(range(len(articles)), key=lambda i: (articles[i].published is None, articles[i].published, i))
    features = article_features([articles[i] for i in order], embedder)
    clusterer = StoryClusterer(dimensions=features[0].vector.shape[0])
    story_of: dict[str, int] = {}
    for i, item in zip(order, features, strict=True):
        original = articles[i].duplicate_of
        if original in story_of:
            story = story_of[original]
            clusterer.join(story, item)
            story_of[articles[i].id] = story
        else:
            story_of[articles[i].id] = clusterer.add(item)
    by_id = {a.id: a for a in articles}
    groups = [[by_id[i] for i in members] for members in clusterer.stories().values()]
    # Each story lists its articles in input order; stories by their first article's input position.
    position = {a.id: n for n, a in enumerate(articles)}
    groups = [sorted(g, key=lambda a: position[a.id]) for g in groups]
    return sorted(groups, key=lambda g: position[g[0].id])
