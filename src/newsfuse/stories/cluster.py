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
from typing import Any, Protocol

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


class StoryStore(Protocol):
    """Where a clusterer resumed from a library finds the stories and name counts it has not loaded."""

    def load_states(self, keys: Sequence[int]) -> list[StoryState]:
        """The states of these stories (unknown keys are left out)."""
        ...

    def name_counts(self, names: Sequence[str]) -> dict[str, int]:
        """In how many stories each of these names occurs (names in none are left out)."""
        ...


@dataclass(frozen=True, slots=True)
class Changes:
    """What a clusterer changed since it was made or resumed, for the library to keep."""

    states: list[StoryState]  # stories created or changed, by key
    removed: list[int]  # stories merged away or emptied
    name_counts: dict[str, int]  # new story counts of the names whose counts changed
    stories: int  # how many stories there are now
    next_key: int


class StoryClusterer:
    """Online, incremental clustering: `add` places one article and returns its story key.

    In memory by default. `resume` goes on from a library: the saved index is loaded whole (one
    read, however many stories), and stories and name counts are loaded only when an article's
    candidates need them, so the cost of a run does not grow with the library.
    """

    def __init__(self, dimensions: int = 384, thresholds: Thresholds | None = None) -> None:
        from usearch.index import Index

        self.thresholds = thresholds or Thresholds()
        self._index = Index(ndim=dimensions, metric="cos", dtype="f32")
        self._stories: dict[int, StoryState] = {}  # loaded (or all, in memory)
        self._count = 0  # stories in all
        self._store: StoryStore | None = None
        self._name_counts: dict[str, int] = {}  # in how many stories each name occurs (loaded ones)
        self._changed_names: set[str] = set()
        self._changed: set[int] = set()
        self._removed: set[int] = set()
        self._next_key = 0
        self._merges: list[tuple[int, int]] = []

    @classmethod
    def restore(
        cls, states: Iterable[StoryState], dimensions: int = 384, thresholds: Thresholds | None = None
    ) -> StoryClusterer:
        """An in-memory clusterer that goes on from stories placed in an earlier run."""
        clusterer = cls(dimensions, thresholds)
        for state in sorted(states, key=lambda s: s.key):
            if state.total is None or not state.members:
                continue
            clusterer._stories[state.key] = state
            clusterer._count += 1
            for name in state.names:
                clusterer._name_counts[name] = clusterer._name_counts.get(name, 0) + 1
            clusterer._index.add(state.key, state.centroid())
            clusterer._next_key = max(clusterer._next_key, state.key + 1)
        return clusterer

    @classmethod
    def resume(
        cls,
        index: bytes | None,
        store: StoryStore,
        *,
        stories: int,
        next_key: int,
        dimensions: int = 384,
        thresholds: Thresholds | None = None,
    ) -> StoryClusterer:
        """A clusterer over a library: its saved index (None when it holds no story yet), and the
        store to load stories and name counts from as they come up."""
        from usearch.index import Index

        clusterer = cls(dimensions, thresholds)
        if index is not None:
            restored = Index.restore(bytearray(index))
            if restored is None or restored.ndim != dimensions:
                raise ValueError("the saved story index is unreadable or made for other vectors")
            clusterer._index = restored
        clusterer._store = store
        clusterer._count = stories
        clusterer._next_key = next_key
        return clusterer

    def index_bytes(self) -> bytes:
        """The index of story centroids, to save with the library."""
        data = self._index.save()
        assert data is not None  # saving to memory returns the bytes
        return bytes(data)

    def changes(self) -> Changes:
        """The stories and name counts changed since this clusterer was made or resumed."""
        return Changes(
            states=[self._stories[key] for key in sorted(self._changed) if key in self._stories],
            removed=sorted(self._removed),
            name_counts={name: self._name_counts.get(name, 0) for name in sorted(self._changed_names)},
            stories=self._count,
            next_key=self._next_key,
        )

    def __len__(self) -> int:
        return self._count

    def add(self, features: ArticleFeatures) -> int:
        """Place one article: the key of the story it joins or starts (after any merge it caused)."""
        best = self._best(features)
        story = self._story(best) if best is not None else None
        story = story or self._new_story()
        self._join(story, features)
        return self._merge_related(story).key

    def join(self, key: int, features: ArticleFeatures) -> None:
        """Put an article into a known story (a copy joins its original's story)."""
        self._join(self._known(key), features)

    def remove(self, key: int, features: ArticleFeatures) -> None:
        """Take an article out of its story (the story goes when its last article does)."""
        story = self._known(key)
        story.members.remove(features.article_id)
        if not story.members:
            self.drop(key)
            return
        assert story.total is not None
        story.total = story.total - features.vector.astype(np.float32)
        for name, count in features.names.items():
            story.names[name] -= count
            if story.names[name] <= 0:
                del story.names[name]
                self._count_name(name, -1)
        story.quotes.subtract(features.quotes)
        story.quotes = +story.quotes
        self._place(story)

    def drop(self, key: int) -> None:
        """Forget a whole story."""
        story = self._known(key)
        for name in story.names:
            self._count_name(name, -1)
        self._forget(story)

    def stories(self) -> dict[int, list[str]]:
        """Story key -> article ids, in the order the articles came: every story when in memory,
        the stories loaded so far when resumed from a library."""
        return {key: list(story.members) for key, story in sorted(self._stories.items())}

    def state(self, key: int) -> StoryState:
        """The state of one story, to keep."""
        return self._known(key)

    def take_merges(self) -> list[tuple[int, int]]:
        """The (absorbed, kept) story pairs merged since the last call, in the order they merged."""
        merges, self._merges = self._merges, []
        return merges

    def shared_names(self, names: Counter[str], story: StoryState) -> float:
        """The share of the article's name weight that the story's articles also mention, each
        name weighted by its rarity across stories (inverse story frequency)."""
        if not names:
            return 0.0
        self._load_names(names)
        stories = self._count + 1

        def weight(name: str) -> float:
            return math.log((stories + 1) / (self._name_counts.get(name, 0) + 1)) + 1.0

        total = sum(weight(n) for n in names)
        return sum(weight(n) for n in names if n in story.names) / total

    def _story(self, key: int) -> StoryState | None:
        """A story by key, loaded from the store the first time it is needed."""
        if key not in self._stories and self._store is not None and key not in self._removed:
            for state in self._store.load_states([key]):
                self._stories[state.key] = state
        return self._stories.get(key)

    def _known(self, key: int) -> StoryState:
        story = self._story(key)
        if story is None:
            raise KeyError(f"no story {key}")
        return story

    def _load_names(self, names: Iterable[str]) -> None:
        if self._store is None:
            return
        missing = sorted(n for n in names if n not in self._name_counts)
        if missing:
            found = self._store.name_counts(missing)
            self._name_counts.update((name, found.get(name, 0)) for name in missing)

    def _count_name(self, name: str, change: int) -> None:
        """One more (or one fewer) story mentions the name."""
        self._load_names([name])
        self._name_counts[name] = self._name_counts.get(name, 0) + change
        self._changed_names.add(name)

    def _candidates(self, vector: np.ndarray) -> list[tuple[StoryState, float]]:
        """The stories whose centroids are nearest, with their cosine similarity."""
        if not self._count:
            return []
        found = self._index.search(vector.astype(np.float32), self.thresholds.candidates)
        keys = [int(key) for key in found.keys.tolist()]
        if self._store is not None:
            missing = [key for key in keys if key not in self._stories and key not in self._removed]
            for state in self._store.load_states(missing) if missing else []:
                self._stories[state.key] = state
        nearest = []
        for key, distance in zip(keys, found.distances.tolist(), strict=True):
            story = self._stories.get(key)
            if story is not None:
                nearest.append((story, 1.0 - float(distance)))
        return nearest

    def _best(self, features: ArticleFeatures) -> int | None:
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
        self._forget(absorbed)
        kept.members.extend(absorbed.members)
        assert kept.total is not None and absorbed.total is not None
        kept.total = kept.total + absorbed.total
        for name, count in absorbed.names.items():
            if name in kept.names:
                self._count_name(name, -1)  # two stories mentioning it became one
            kept.names[name] += count
        kept.quotes.update(absorbed.quotes)
        self._place(kept)
        self._merges.append((absorbed.key, kept.key))

    def _new_story(self) -> StoryState:
        story = StoryState(key=self._next_key)
        self._next_key += 1
        self._count += 1
        self._stories[story.key] = story
        return story

    def _forget(self, story: StoryState) -> None:
        del self._stories[story.key]
        if story.key in self._index:
            self._index.remove(story.key)
        self._count -= 1
        self._removed.add(story.key)
        self._changed.discard(story.key)

    def _place(self, story: StoryState) -> None:
        """Put the story's centroid in the index (again) and mark it changed."""
        if story.key in self._index:
            self._index.remove(story.key)
        self._index.add(story.key, story.centroid())
        self._changed.add(story.key)

    def _join(self, story: StoryState, features: ArticleFeatures) -> None:
        story.members.append(features.article_id)
        vector = features.vector.astype(np.float32)
        story.total = vector.copy() if story.total is None else story.total + vector
        for name in features.names:
            if name not in story.names:
                self._count_name(name, +1)
            story.names[name] += 1
        story.quotes.update(features.quotes)
        self._place(story)


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
