"""The online story clusterer: each article joins the story it best matches, or starts one.

Candidates come from an approximate-nearest-neighbour index (usearch, HNSW) over story
centroids, so the cost per article stays near-constant as the library grows. Each candidate is
then scored on two things: how close the article's lead is to the story's centroid, and how much
of the article's names the story shares, names weighted by rarity (a name many stories mention,
"police" or "US", tells little). Siblings of one kind (two earthquakes) are close in embedding but
differ in names; one event reported twice shares its names.

A quotation shared word for word is the third, and strongest, sign: an article quoting what a
story's articles quote joins it even when its lead is written from another angle, and two stories
that turn out to quote the same words merge. A story also absorbs a lone article that came before
the story had formed and that it now clearly matches: online clustering otherwise leaves such
early arrivals stranded.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from newsfuse.document import Article
from newsfuse.parse.embeddings import Embedder
from newsfuse.stories.features import ArticleFeatures, article_features, decode_vector, encode_vector


@dataclass(frozen=True, slots=True)
class Thresholds:
    """When an article joins a story: the lead's cosine to the story's centroid, and the share of
    the article's name weight the story holds. Calibrated on ECB+ topics 1-22 (bench/stories_ecb.py)."""

    same: float = 0.75  # this close, a few shared names suffice
    close: float = 0.45  # this close, a good part of the names must be shared
    names_when_same: float = 0.15
    names_when_close: float = 0.30
    # Shared quoted five-word runs that make one event, at `close` or nearer (none of ECB+ dev's
    # 122 pairs sharing two runs crossed events).
    quotes: int = 2
    # A lone article left behind (it came before the story formed around it) joins that story when
    # this close and sharing this much of its names: +0.012 F1 on both halves of ECB+ dev.
    lone_cosine: float = 0.80
    lone_names: float = 0.50
    candidates: int = 8


@dataclass(slots=True)
class StoryState:
    """What the clusterer knows of one story; kept in the library so a later run can go on from it."""

    key: int
    members: list[str] = field(default_factory=list)
    total: np.ndarray | None = None  # the sum of the members' lead vectors
    names: Counter[str] = field(default_factory=Counter)
    quotes: Counter[str] = field(default_factory=Counter)

    def centroid(self) -> np.ndarray:
        assert self.total is not None
        norm = float(np.linalg.norm(self.total))
        return self.total / norm if norm else self.total

    def to_record(self) -> dict[str, Any]:
        """A JSON-ready record of the story's state."""
        return {
            "key": self.key,
            "members": list(self.members),
            "total": encode_vector(self.total) if self.total is not None else None,
            "names": dict(sorted(self.names.items())),
            "quotes": dict(sorted(self.quotes.items())),
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> StoryState:
        total = record.get("total")
        return cls(
            key=int(record["key"]),
            members=list(record.get("members", [])),
            total=decode_vector(total) if total else None,
            names=Counter(record.get("names", {})),
            quotes=Counter(record.get("quotes", {})),
        )


class StoryClusterer:
    """Online, incremental clustering: `add` places one article and returns its story key."""

    def __init__(self, dimensions: int = 384, thresholds: Thresholds | None = None) -> None:
        from usearch.index import Index

        self.thresholds = thresholds or Thresholds()
        self._index = Index(ndim=dimensions, metric="cos", dtype="f32")
        self._stories: dict[int, StoryState] = {}
        self._name_stories: Counter[str] = Counter()  # in how many stories each name occurs
        self._next_key = 0
        self._merges: list[tuple[int, int]] = []

    @classmethod
    def restore(
        cls, states: Iterable[StoryState], dimensions: int = 384, thresholds: Thresholds | None = None
    ) -> StoryClusterer:
        """A clusterer that goes on from stories placed in an earlier run."""
        clusterer = cls(dimensions, thresholds)
        for state in sorted(states, key=lambda s: s.key):
            if state.total is None or not state.members:
                continue
            clusterer._stories[state.key] = state
            clusterer._name_stories.update(state.names.keys())
            clusterer._index.add(state.key, state.centroid())
            clusterer._next_key = max(clusterer._next_key, state.key + 1)
        return clusterer

    def __len__(self) -> int:
        return len(self._stories)

    def add(self, features: ArticleFeatures) -> int:
        """Place one article: the key of the story it joins or starts (after any merge it caused)."""
        best = self._best(features)
        story = self._stories[best] if best is not None else self._new_story()
        self._join(story, features)
        return self._merge_related(story).key

    def join(self, key: int, features: ArticleFeatures) -> None:
        """Put an article into a known story (a copy joins its original's story)."""
        self._join(self._stories[key], features)

    def remove(self, key: int, features: ArticleFeatures) -> None:
        """Take an article out of its story (the story goes when its last article does)."""
        story = self._stories[key]
        story.members.remove(features.article_id)
        self._index.remove(key)
        if not story.members:
            del self._stories[key]
            self._name_stories.subtract(story.names.keys())
            return
        assert story.total is not None
        story.total = story.total - features.vector.astype(np.float32)
        for name, count in features.names.items():
            story.names[name] -= count
            if story.names[name] <= 0:
                del story.names[name]
                self._name_stories[name] -= 1
        story.quotes.subtract(features.quotes)
        story.quotes = +story.quotes
        self._index.add(key, story.centroid())

    def stories(self) -> dict[int, list[str]]:
        """Story key -> article ids, in the order the articles came."""
        return {key: list(story.members) for key, story in sorted(self._stories.items())}

    def state(self, key: int) -> StoryState:
        """The state of one story, to keep."""
        return self._stories[key]

    def take_merges(self) -> list[tuple[int, int]]:
        """The (absorbed, kept) story pairs merged since the last call, in the order they merged."""
        merges, self._merges = self._merges, []
        return merges

    def shared_names(self, names: Counter[str], story: StoryState) -> float:
        """The share of the article's name weight that the story's articles also mention, each
        name weighted by its rarity across stories (inverse story frequency)."""
        if not names:
            return 0.0
        stories = len(self._stories) + 1

        def weight(name: str) -> float:
            return math.log((stories + 1) / (self._name_stories[name] + 1)) + 1.0

        total = sum(weight(n) for n in names)
        return sum(weight(n) for n in names if n in story.names) / total

    def _candidates(self, vector: np.ndarray) -> list[tuple[StoryState, float]]:
        """The stories whose centroids are nearest, with their cosine similarity."""
        found = self._index.search(vector.astype(np.float32), self.thresholds.candidates)
        nearest = []
        for key, distance in zip(found.keys.tolist(), found.distances.tolist(), strict=True):
            story = self._stories.get(int(key))
            if story is not None:
                nearest.append((story, 1.0 - float(distance)))
        return nearest

    def _best(self, features: ArticleFeatures) -> int | None:
        if not self._stories:
            return None
        scored = []
        for story, cosine in self._candidates(features.vector):
            quoting = self._quoting(features.quotes, story.quotes, cosine)
            shared = self.shared_names(features.names, story)
            if quoting or self._joins(cosine, shared):
                scored.append((quoting, cosine + shared, -story.key, story.key))
        return max(scored)[3] if scored else None

    def _joins(self, cosine: float, shared: float) -> bool:
        t = self.thresholds
        if cosine >= t.same:
            return shared >= t.names_when_same
        return cosine >= t.close and shared >= t.names_when_close

    def _quoting(self, quotes: Iterable[str], story_quotes: Counter[str], cosine: float) -> bool:
        """Whether enough of the same quoted words tie an article (or story) to a story."""
        if cosine < self.thresholds.close:
            return False
        return sum(1 for q in quotes if q in story_quotes) >= self.thresholds.quotes

    def _merge_related(self, story: StoryState) -> StoryState:
        """Merge into the older story every candidate that quotes the same words as this one, and
        every lone article's story that this one now clearly matches (or the reverse)."""
        t = self.thresholds
        merged = True
        while merged:
            merged = False
            for other, cosine in self._candidates(story.centroid()):
                if other.key == story.key or other.key not in self._stories:
                    continue
                lone, rest = sorted((story, other), key=lambda s: (len(s.members), -s.key))
                if self._quoting(other.quotes, story.quotes, cosine) or (
                    len(lone.members) == 1
                    and cosine >= t.lone_cosine
                    and self.shared_names(lone.names, rest) >= t.lone_names
                ):
                    kept, absorbed = sorted((story, other), key=lambda s: s.key)
                    self._absorb(kept, absorbed)
                    story, merged = kept, True
                    break
        return story

    def _absorb(self, kept: StoryState, absorbed: StoryState) -> None:
        del self._stories[absorbed.key]
        self._index.remove(absorbed.key)
        kept.members.extend(absorbed.members)
        assert kept.total is not None and absorbed.total is not None
        kept.total = kept.total + absorbed.total
        for name, count in absorbed.names.items():
            if name in kept.names:
                self._name_stories[name] -= 1  # two stories mentioning it became one
            kept.names[name] += count
        kept.quotes.update(absorbed.quotes)
        self._index.remove(kept.key)
        self._index.add(kept.key, kept.centroid())
        self._merges.append((absorbed.key, kept.key))

    def _new_story(self) -> StoryState:
        story = StoryState(key=self._next_key)
        self._next_key += 1
        self._stories[story.key] = story
        return story

    def _join(self, story: StoryState, features: ArticleFeatures) -> None:
        story.members.append(features.article_id)
        vector = features.vector.astype(np.float32)
        story.total = vector.copy() if story.total is None else story.total + vector
        for name in features.names:
            if name not in story.names:
                self._name_stories[name] += 1
            story.names[name] += 1
        story.quotes.update(features.quotes)
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
            clusterer.join(story_of[original], item)
            story_of[articles[i].id] = story_of[original]
        else:
            story_of[articles[i].id] = clusterer.add(item)
        for absorbed, kept in clusterer.take_merges():
            story_of = {a: kept if key == absorbed else key for a, key in story_of.items()}
    by_id = {a.id: a for a in articles}
    groups = [[by_id[i] for i in members] for members in clusterer.stories().values()]
    # Each story lists its articles in input order; stories by their first article's input position.
    position = {a.id: n for n, a in enumerate(articles)}
    groups = [sorted(g, key=lambda a: position[a.id]) for g in groups]
    return sorted(groups, key=lambda g: position[g[0].id])
