"""The online story clusterer: each article joins the story it belongs to, or starts one.

Candidates come from an approximate-nearest-neighbour index (usearch, HNSW) over story
centroids, so the cost per article stays near-constant as the library grows. The article is
compared with each candidate's articles by the same-event model (same_event.py). When it matches
none, it starts a story. When it matches some, the stories it matches are regrouped together with
it by average linkage: two groups are one story when the mean same-event probability over their
pairs of articles reaches the model's threshold. Regrouping, not just joining, is what makes the
online result close to what clustering everything at once would give: an early article placed
with the wrong story on thin evidence moves once better evidence arrives, and two stories that
an article shows to be one event merge.

Average linkage at a strict threshold keeps similar events apart but can leave a story's short
brief or odd angle on its own; such a stray joins the story of three or more articles it matches
strongly in part (`_attach_strays`). Small stories are regrouped from their articles; a story
past `regroup_limit` articles is settled and moves as one block, compared through its latest
`sample` articles, so the work per article is bounded however large a story grows. A copy (a
repost, a wire copy) is never evidence of its own: it follows its original.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

import numpy as np

from newsfuse.config import StoriesConfig
from newsfuse.document import Article
from newsfuse.numeric import product
from newsfuse.parse.embeddings import Embedder
from newsfuse.stories.features import ArticleFeatures, article_features, decode_vector, encode_vector
from newsfuse.stories.same_event import Profile, SameEventModel, load_model


@dataclass(frozen=True, slots=True)
class ClusterSettings:
    """How much of the library one article is compared with."""

    candidates: int = 8  # stories the index offers for each article
    floor: float = 0.25  # a candidate whose centroid is less similar than this is not compared
    regroup_limit: int = 30  # stories of up to this many articles are regrouped article by article
    sample: int = 30  # a larger story is compared through its latest this-many articles
    cache: int = 200_000  # same-event probabilities kept for reuse
    recent: int = 20_000  # articles in the index of recent articles
    # With a store to load them from again, at most this many articles' features are kept in memory
    # (the least recently compared go first), so memory stays flat however many articles are placed.
    profiles: int = 5_000
    # A stray (a group of one or two articles left after linkage) joins the best story of three or
    # more when its mean probability with that story's articles is at least `stray_mean` and its
    # three best pairs average `stray_top`. Chosen by cross-validation on ECB+ topics 1-22: they
    # raise BCubed recall from 0.866 to 0.912 and mix in no further sibling event (a `stray_top`
    # of 0.7 gave recall 0.924 but mixed siblings when fit on all of topics 1-22).
    stray_mean: float = 0.4
    stray_top: float = 0.8


def configured(config: StoriesConfig | None) -> tuple[SameEventModel, ClusterSettings]:
    """The same-event model and the clusterer's settings that the [stories] settings ask for."""
    if config is None:
        return load_model(), ClusterSettings()
    model = load_model(config.model)
    if config.threshold:
        model = replace(model, threshold=config.threshold)
    settings = ClusterSettings(
        candidates=config.candidates, regroup_limit=config.regroup_limit, sample=config.sample, recent=config.recent
    )
    return model, settings


@dataclass(slots=True)
class StoryState:
    """What the clusterer knows of one story; kept in the library so a later run can go on from it."""

    key: int
    members: list[str] = field(default_factory=list)  # article ids, in the order they joined
    total: np.ndarray | None = None  # the sum of the members' lead vectors
    copies: dict[str, str] = field(default_factory=dict)  # a member that copies another -> its original

    def centroid(self) -> np.ndarray:
        assert self.total is not None
        norm = float(np.linalg.norm(self.total))
        return self.total / norm if norm else self.total

    def units(self) -> list[str]:
        """The members that are evidence of their own: all but copies of another member."""
        inside = set(self.members)
        return [m for m in self.members if self.copies.get(m) not in inside]

    def to_record(self) -> dict[str, Any]:
        """A JSON-ready record of the story's state."""
        return {
            "key": self.key,
            "members": list(self.members),
            "total": encode_vector(self.total) if self.total is not None else None,
            "copies": dict(sorted(self.copies.items())),
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> StoryState:
        total = record.get("total")
        return cls(
            key=int(record["key"]),
            members=list(record.get("members", [])),
            total=decode_vector(total) if total else None,
            copies=dict(record.get("copies", {})),
        )


class StoryStore(Protocol):
    """Where a clusterer resumed from a library finds the stories and articles it has not loaded."""

    def load_states(self, keys: Sequence[int]) -> list[StoryState]:
        """The states of these stories (unknown keys are left out)."""
        ...

    def load_features(self, article_ids: Sequence[str]) -> list[ArticleFeatures]:
        """The clustering features of these articles (unknown ids are left out)."""
        ...

    def indexed_members(self, keys: Sequence[int]) -> dict[int, tuple[str, int]]:
        """Article index key -> (article id, story key), for articles still in a story."""
        ...


@dataclass(frozen=True, slots=True)
class Changes:
    """What a clusterer changed since it was made or resumed, for the library to keep."""

    states: list[StoryState]  # stories created or changed, by key
    removed: list[int]  # stories merged away or emptied
    stories: int  # how many stories there are now
    next_key: int
    indexed: dict[str, int]  # article id -> its key in the index of recent articles, for new articles
    next_article: int


class StoryClusterer:
    """Online, incremental clustering: `add` places one article and returns its story key.

    In memory by default. `resume` goes on from a library: the saved index is loaded whole (one
    read, however many stories), and stories and articles' features are loaded only when an
    article's candidates need them, so the cost of a run does not grow with the library.
    """

    def __init__(
        self, dimensions: int = 384, model: SameEventModel | None = None, settings: ClusterSettings | None = None
    ) -> None:
        from usearch.index import Index

        self.model = model or load_model()
        self.settings = settings or ClusterSettings()
        self._index = Index(ndim=dimensions, metric="cos", dtype="f32")
        # Recent articles, quantised to 8 bits (a quarter of the size, the same candidates): a story
        # whose centroid is crowded out by similar stories is still found through its articles.
        self._articles = Index(ndim=dimensions, metric="cos", dtype="i8")
        self._next_article = 0
        self._indexed: dict[str, int] = {}  # article id -> index key, for articles indexed in this run
        self._index_member: dict[int, str] = {}  # index key -> article id, where known without the store
        self._stories: dict[int, StoryState] = {}  # loaded (or all, in memory)
        self._story_of: dict[str, int] = {}  # article id -> story key, for loaded stories
        self._profiles: OrderedDict[str, Profile] = OrderedDict()  # least recently used first
        self._pairs: OrderedDict[tuple[str, str], float] = OrderedDict()
        self._count = 0  # stories in all
        self._store: StoryStore | None = None
        self._changed: set[int] = set()
        self._removed: set[int] = set()
        self._next_key = 0

    @classmethod
    def restore(
        cls,
        states: Iterable[StoryState],
        features: Iterable[ArticleFeatures],
        dimensions: int = 384,
        model: SameEventModel | None = None,
        settings: ClusterSettings | None = None,
    ) -> StoryClusterer:
        """An in-memory clusterer that goes on from stories placed in an earlier run."""
        clusterer = cls(dimensions, model, settings)
        for item in features:
            clusterer._profiles[item.article_id] = Profile.of(item)
        for state in sorted(states, key=lambda s: s.key):
            if state.total is None or not state.members:
                continue
            clusterer._count += 1
            clusterer._load(state)
            clusterer._index.add(state.key, state.centroid())
            clusterer._next_key = max(clusterer._next_key, state.key + 1)
            for member in state.members:
                clusterer._index_article(member)
        return clusterer

    @classmethod
    def resume(
        cls,
        index: bytes | None,
        store: StoryStore,
        *,
        stories: int,
        next_key: int,
        articles: bytes | None = None,
        next_article: int = 0,
        dimensions: int = 384,
        model: SameEventModel | None = None,
        settings: ClusterSettings | None = None,
    ) -> StoryClusterer:
        """A clusterer over a library: its saved indexes of story centroids and of recent articles
        (None while it holds none), and the store to load stories and features from as they come up."""
        clusterer = cls(dimensions, model, settings)
        if index is not None:
            clusterer._index = _restored(index, dimensions)
        if articles is not None:
            clusterer._articles = _restored(articles, dimensions)
        clusterer._store = store
        clusterer._count = stories
        clusterer._next_key = next_key
        clusterer._next_article = next_article
        return clusterer

    def index_bytes(self) -> bytes:
        """The index of story centroids, to save with the library."""
        return _saved(self._index)

    def article_index_bytes(self) -> bytes:
        """The index of recent articles, to save with the library."""
        return _saved(self._articles)

    def changes(self) -> Changes:
        """The stories changed since this clusterer was made or resumed."""
        return Changes(
            states=[self._stories[key] for key in sorted(self._changed) if key in self._stories],
            removed=sorted(self._removed),
            stories=self._count,
            next_key=self._next_key,
            indexed=dict(sorted(self._indexed.items())),
            next_article=self._next_article,
        )

    def __len__(self) -> int:
        return self._count

    def add(self, features: ArticleFeatures) -> int:
        """Place one article: the key of the story it is in afterwards."""
        profile = self._profiles[features.article_id] = Profile.of(features)
        related = self._related(profile)
        self._index_article(features.article_id)
        if not related:
            story = self._new_story()
            self._join(story, features.article_id)
        else:
            self._regroup(features.article_id, related)
        self._forget_profiles()
        return self._story_of[features.article_id]

    def join(self, key: int, features: ArticleFeatures, copy_of: str | None = None) -> None:
        """Put an article into a known story; a copy names its original, which it follows."""
        story = self._known(key)
        self._profiles[features.article_id] = Profile.of(features)
        if copy_of is not None:
            story.copies[features.article_id] = copy_of
        self._join(story, features.article_id)
        self._index_article(features.article_id)
        self._forget_profiles()

    def story_of(self, article_id: str) -> int | None:
        """The key of the story an article is in, when this clusterer placed or loaded it."""
        return self._story_of.get(article_id)

    def remove(self, key: int, features: ArticleFeatures) -> None:
        """Take an article out of its story (the story goes when its last article does)."""
        story = self._known(key)
        article_id = features.article_id
        story.members.remove(article_id)
        story.copies.pop(article_id, None)
        self._story_of.pop(article_id, None)
        if not story.members:
            self.drop(key)
            return
        assert story.total is not None
        story.total = story.total - features.vector.astype(np.float32)
        self._place(story)

    def drop(self, key: int) -> None:
        """Forget a whole story."""
        self._forget(self._known(key))

    def stories(self) -> dict[int, list[str]]:
        """Story key -> article ids, in the order the articles came: every story when in memory,
        the stories loaded so far when resumed from a library."""
        return {key: list(story.members) for key, story in sorted(self._stories.items())}

    def state(self, key: int) -> StoryState:
        """The state of one story, to keep."""
        return self._known(key)

    def probability(self, a: str, b: str) -> float:
        """The same-event probability of two articles this clusterer holds (kept for reuse)."""
        pair = (a, b) if a < b else (b, a)
        found = self._pairs.get(pair)
        if found is None:
            found = self._pairs[pair] = self.model.probability(self._profiles[a], self._profiles[b])
            self._profiles.move_to_end(a)
            self._profiles.move_to_end(b)
            if len(self._pairs) > self.settings.cache:
                self._pairs.popitem(last=False)
        return found

    def candidates(self, vector: np.ndarray) -> list[tuple[int, float]]:
        """The stories the index offers for a lead vector, nearest first, with their cosine."""
        return [(story.key, cosine) for story, cosine in self._candidates(vector)]

    # Placing

    def _related(self, profile: Profile) -> list[StoryState]:
        """The candidate stories holding an article this one may report the same event as."""
        threshold = self.model.threshold
        related = []
        for story, cosine in self._candidates(profile.features.vector):
            if cosine < self.settings.floor:
                continue
            sample = self._sample(story)
            article = profile.features.article_id
            if any(self.probability(article, other) >= threshold for other in sample):
                related.append(story)
        return related

    def _sample(self, story: StoryState) -> list[str]:
        """The articles a story is compared through: all its units while small, else its latest."""
        units = story.units()
        if len(story.members) > self.settings.regroup_limit:
            units = units[-self.settings.sample :]
        self._load_profiles(units)
        return units

    def _regroup(self, article_id: str, related: list[StoryState]) -> None:
        """Cluster the article and the related stories' articles again, by average linkage."""
        groups: list[list[str]] = [[article_id]]  # units, by group
        samples: list[list[str]] = [[article_id]]  # the units each group is compared through
        for story in related:
            sample = self._sample(story)
            if len(story.members) > self.settings.regroup_limit:
                groups.append(story.units())
                samples.append(sample)
            else:
                self._load_profiles(story.members)  # copies too: their vectors count in the centroid
                groups.extend([unit] for unit in sample)
                samples.extend([unit] for unit in sample)
        linked = _average_linkage(samples, self.probability, self.model.threshold)
        linked = _attach_strays(linked, groups, samples, self.probability, self.settings)
        self._assign([[unit for g in cluster for unit in groups[g]] for cluster in linked], related)

    def _assign(self, clusters: list[list[str]], related: list[StoryState]) -> None:
        """Give each regrouped cluster a story: the one most of its articles were in keeps its key
        (the older story on a tie); a cluster of articles none of those stories held starts one."""
        before = {member: story.key for story in related for member in story.members}
        copy_of = {copy: original for story in related for copy, original in story.copies.items()}
        followers: dict[str, list[str]] = {}
        for story in related:
            for copy in story.members:
                if copy_of.get(copy) in story.members:
                    followers.setdefault(copy_of[copy], []).append(copy)
        overlap: list[tuple[int, int, int]] = []  # (-articles shared, story key, cluster index)
        for index, units in enumerate(clusters):
            counts: dict[int, int] = {}
            for unit in units:
                if unit in before:
                    counts[before[unit]] = counts.get(before[unit], 0) + 1
            overlap.extend((-count, key, index) for key, count in counts.items())
        keys: dict[int, int] = {}  # cluster index -> story key
        for _, key, index in sorted(overlap):
            if index not in keys and key not in keys.values():
                keys[index] = key
        old = {story.key: story for story in related}
        for key, story in old.items():
            if key not in keys.values():
                self._forget(story)
        for index, units in enumerate(clusters):
            members = [m for unit in units for m in (unit, *followers.get(unit, ()))]
            kept = keys.get(index)
            story = old[kept] if kept is not None else self._new_story()
            if members == story.members:
                continue
            position = {m: n for n, m in enumerate(story.members)}
            members.sort(key=lambda m: (m not in position, position.get(m, 0)))  # stable: newcomers keep order
            story.total = self._total(members, related)
            story.members = members
            story.copies = {m: copy_of[m] for m in members if m in copy_of}
            for member in members:
                self._story_of[member] = story.key
            self._place(story)

    def _total(self, members: list[str], related: list[StoryState]) -> np.ndarray:
        """The sum of the members' lead vectors: a story that came whole brings its own total (a
        settled story's articles are not all loaded), the others their articles' vectors."""
        inside = set(members)
        whole: set[str] = set()
        total = np.zeros(self._index.ndim, dtype=np.float32)
        for story in related:
            if story.total is not None and inside.issuperset(story.members):
                total += story.total
                whole.update(story.members)
        for member in members:
            if member not in whole:
                total += self._profiles[member].features.vector.astype(np.float32)
        return total

    # Bookkeeping

    def _candidates(self, vector: np.ndarray) -> list[tuple[StoryState, float]]:
        """The stories whose centroids are nearest and those holding the nearest recent articles,
        each with its best cosine similarity (to the centroid or to the article), nearest first."""
        if not self._count:
            return []
        vector = vector.astype(np.float32)
        cosine: dict[int, float] = {}
        found = self._index.search(vector, self.settings.candidates)
        for key, distance in zip(found.keys.tolist(), found.distances.tolist(), strict=True):
            cosine[int(key)] = 1.0 - float(distance)
        if len(self._articles):
            found = self._articles.search(vector, self.settings.candidates)
            stories = self._stories_of_indexed([int(key) for key in found.keys.tolist()])
            for key, distance in zip(found.keys.tolist(), found.distances.tolist(), strict=True):
                story = stories.get(int(key))
                if story is not None:
                    cosine[story] = max(cosine.get(story, -1.0), 1.0 - float(distance))
        if self._store is not None:
            missing = [key for key in cosine if key not in self._stories and key not in self._removed]
            for state in self._store.load_states(sorted(missing)) if missing else []:
                self._load(state)
        nearest = [(self._stories[key], value) for key, value in cosine.items() if key in self._stories]
        return sorted(nearest, key=lambda pair: (-pair[1], pair[0].key))

    def _stories_of_indexed(self, keys: list[int]) -> dict[int, int]:
        """Index key -> story key of the articles behind these keys (gone ones are left out)."""
        stories: dict[int, int] = {}
        unknown = []
        for key in keys:
            member = self._index_member.get(key)
            if member is None:
                unknown.append(key)
            elif (story := self._story_of.get(member)) is not None:
                stories[key] = story
        if unknown and self._store is not None:
            for key, (member, story) in self._store.indexed_members(unknown).items():
                self._index_member[key] = member
                stories[key] = self._story_of.get(member, story)  # moved in this run: where it is now
        return stories

    def _index_article(self, article_id: str) -> None:
        """Put an article in the index of recent articles; the oldest beyond `recent` leaves it."""
        key = self._next_article
        self._next_article += 1
        self._articles.add(key, self._profiles[article_id].features.vector.astype(np.float32))
        self._indexed[article_id] = key
        self._index_member[key] = article_id
        oldest = key - self.settings.recent
        if oldest >= 0 and oldest in self._articles:
            self._articles.remove(oldest)

    def _load(self, state: StoryState) -> None:
        self._stories[state.key] = state
        for member in state.members:
            self._story_of[member] = state.key

    def _forget_profiles(self) -> None:
        """Keep at most `settings.profiles` articles' features in memory when a store has the rest."""
        if self._store is not None and self.settings.profiles:
            while len(self._profiles) > self.settings.profiles:
                self._profiles.popitem(last=False)

    def _load_profiles(self, article_ids: Iterable[str]) -> None:
        article_ids = list(article_ids)
        for article_id in article_ids:
            if article_id in self._profiles:
                self._profiles.move_to_end(article_id)
        missing = [a for a in article_ids if a not in self._profiles]
        if missing and self._store is not None:
            for item in self._store.load_features(missing):
                self._profiles[item.article_id] = Profile.of(item)
        still = [a for a in missing if a not in self._profiles]
        if still:
            raise KeyError(f"no clustering features for {', '.join(still)}")

    def _story(self, key: int) -> StoryState | None:
        """A story by key, loaded from the store the first time it is needed."""
        if key not in self._stories and self._store is not None and key not in self._removed:
            for state in self._store.load_states([key]):
                self._load(state)
        return self._stories.get(key)

    def _known(self, key: int) -> StoryState:
        story = self._story(key)
        if story is None:
            raise KeyError(f"no story {key}")
        return story

    def _new_story(self) -> StoryState:
        story = StoryState(key=self._next_key)
        self._next_key += 1
        self._count += 1
        self._stories[story.key] = story
        return story

    def _forget(self, story: StoryState) -> None:
        del self._stories[story.key]
        for member in story.members:
            if self._story_of.get(member) == story.key:
                del self._story_of[member]
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

    def _join(self, story: StoryState, article_id: str) -> None:
        story.members.append(article_id)
        vector = self._profiles[article_id].features.vector.astype(np.float32)
        story.total = vector.copy() if story.total is None else story.total + vector
        self._story_of[article_id] = story.key
        self._place(story)


def _average_linkage(
    samples: Sequence[Sequence[str]], probability: Callable[[str, str], float], threshold: float
) -> list[list[int]]:
    """Groups merged by average linkage while the best pair's mean probability reaches the threshold.

    `samples[i]` are the articles group i is compared through; the result lists, for each final
    cluster, the indices of the groups it holds, in order.
    """
    articles = sorted({a for sample in samples for a in sample})
    at = {a: n for n, a in enumerate(articles)}
    pair = np.eye(len(articles))
    for i, a in enumerate(articles):
        for j in range(i + 1, len(articles)):
            pair[i, j] = pair[j, i] = probability(a, articles[j])
    member = np.zeros((len(samples), len(articles)))
    for g, sample in enumerate(samples):
        member[g, [at[a] for a in sample]] = 1.0
    sums = product(product(member, pair), member.T)  # summed probabilities between the groups' articles
    sizes = member.sum(axis=1)
    clusters = [[g] for g in range(len(samples))]
    alive = list(range(len(samples)))
    while len(alive) > 1:
        sub = sums[np.ix_(alive, alive)] / np.outer(sizes[alive], sizes[alive])
        np.fill_diagonal(sub, -1.0)
        best = int(np.argmax(sub))
        i, j = divmod(best, len(alive))
        if sub[i, j] < threshold:
            break
        keep, gone = alive[min(i, j)], alive[max(i, j)]
        sums[keep, :] += sums[gone, :]
        sums[:, keep] += sums[:, gone]
        sizes[keep] += sizes[gone]
        clusters[keep].extend(clusters[gone])
        alive.remove(gone)
    return [clusters[g] for g in alive]


STRAY, SETTLED, BEST_PAIRS = 2, 3, 3  # articles in a stray, in a story it may join; pairs in `stray_top`


def _attach_strays(
    clusters: list[list[int]],
    groups: Sequence[Sequence[str]],
    samples: Sequence[Sequence[str]],
    probability: Callable[[str, str], float],
    settings: ClusterSettings,
) -> list[list[int]]:
    """Clusters after each stray joined the settled cluster it matches best, when it matches well.

    Average linkage at a strict threshold keeps similar events apart but leaves behind articles
    that match part of their story strongly and the rest weakly (a short brief, an article from
    another angle); a story of three or more has shown what its event is, so such a stray joins it.
    """
    clusters = [list(c) for c in clusters]
    while True:
        size = [sum(len(groups[g]) for g in c) for c in clusters]
        compared = [[a for g in c for a in samples[g]] for c in clusters]
        for i in range(len(clusters)):
            if size[i] > STRAY:
                continue
            best: tuple[float, float, int] | None = None
            for j in range(len(clusters)):
                if j == i or size[j] < SETTLED:
                    continue
                found = sorted((probability(a, b) for a in compared[i] for b in compared[j]), reverse=True)
                mean, top = sum(found) / len(found), sum(found[:BEST_PAIRS]) / len(found[:BEST_PAIRS])
                if best is None or mean > best[0]:
                    best = (mean, top, j)
            if best is not None and best[0] >= settings.stray_mean and best[1] >= settings.stray_top:
                clusters[best[2]].extend(clusters[i])
                del clusters[i]
                break
        else:
            return clusters


def group_articles(
    articles: Sequence[Article], embedder: Embedder, config: StoriesConfig | None = None
) -> list[list[Article]]:
    """The articles grouped into stories, in a stable order: by publication date, then input order.

    A copy always joins its original's story.
    """
    if len(articles) <= 1:
        return [list(articles)] if articles else []
    order = sorted(range(len(articles)), key=lambda i: (articles[i].published is None, articles[i].published, i))
    features = article_features([articles[i] for i in order], embedder)
    model, settings = configured(config)
    clusterer = StoryClusterer(features[0].vector.shape[0], model, settings)
    for i, item in zip(order, features, strict=True):
        original = articles[i].duplicate_of
        key = clusterer.story_of(original) if original is not None else None
        if key is not None:
            clusterer.join(key, item, copy_of=original)
        else:
            clusterer.add(item)
    by_id = {a.id: a for a in articles}
    groups = [[by_id[i] for i in members] for members in clusterer.stories().values()]
    # Each story lists its articles in input order; stories by their first article's input position.
    position = {a.id: n for n, a in enumerate(articles)}
    groups = [sorted(g, key=lambda a: position[a.id]) for g in groups]
    return sorted(groups, key=lambda g: position[g[0].id])


def _restored(data: bytes, dimensions: int) -> Any:
    from usearch.index import Index

    restored = Index.restore(bytearray(data))
    if restored is None or restored.ndim != dimensions:
        raise ValueError("a saved story clusterer index is unreadable or made for other vectors")
    return restored


def _saved(index: Any) -> bytes:
    data = index.save()
    assert data is not None  # saving to memory returns the bytes
    return bytes(data)
