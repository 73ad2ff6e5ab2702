"""Time per added article as the library grows: 1k, 10k and 100k articles.

Parsing 100k articles is out of reach here (about 5 a second), so the library is filled fast:
parsed ECB+ articles are replicated with perturbed text, names, dates and embeddings (so each
replica group is a story of its own) and written straight through the store's functions, with
their features and clusterer state. Then the same kind of batch of new (perturbed, re-parsed)
articles is added with `service.add_articles` at each size, timing its parts: parsing, resuming
the clusterer (loading the saved indexes: a fixed cost per command), placing and storing, keeping
the clusterer's bookkeeping (states and the saved indexes), and refreshing the touched stories'
reports. At each size it also probes how often a story is among an article's candidates, from the
index of story centroids alone and together with the index of recent articles.

    python -m bench.growth [--sizes 1000,10000,100000] [--batch 10] [--db /tmp/growth.db]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from bench.ecb import DEV, DUMP
from newsfuse.config import load_config
from newsfuse.document import Article
from newsfuse.ingest.dedup import lsh_bands, shingles
from newsfuse.library import Library, service
from newsfuse.library.store import Analysis, SavedIndexes
from newsfuse.parse import annotate
from newsfuse.parse.embeddings import load_embedder
from newsfuse.report import Story
from newsfuse.stories import ArticleFeatures, StoryState, article_features

STORY_SIZE = 5
POOL = 430  # ECB+ dev articles replicated to fill the library (the 30 after them are added)
CHUNK_STORIES = 400  # stories written per transaction while filling
SAMPLES = 200  # stories probed for candidate recall at each size
CANDIDATES = load_config(environ={}).stories.candidates
NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"}


def read_ecb(limit: int) -> list[Article]:
    """The first `limit` articles of ECB+'s dev topics (1-22: the held-out topics stay unread)."""
    articles = []
    with DUMP.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if int(record["topic_id"]) not in DEV:
                continue
            articles.append(Article(record["id"], record["id"], record["text"], title=record.get("title") or None))
            if len(articles) == limit:
                break
    return articles


def renamed(article: Article, tag: str) -> Article:
    """The article with every name changed (a suffix from `tag`): another event of the same kind."""
    text = article.text
    for span in sorted(article.entities, key=lambda s: s.start, reverse=True):
        if span.label in NAME_LABELS:
            text = text[: span.end] + tag + text[span.end :]
    return Article(f"{article.id}-{tag}", f"{article.id}-{tag}", text, published=date(2024, 1, 1))


def replica_features(
    item: ArticleFeatures, article_id: str, vector: np.ndarray, published: date, replica: int
) -> ArticleFeatures:
    """The features of another event of the same kind: every name and year changed, words kept."""
    tag = f"-r{replica}"

    def tagged(names: Iterable[str]) -> frozenset[str]:
        return frozenset(name + tag for name in names)

    return replace(
        item,
        article_id=article_id,
        vector=vector,
        names=Counter({name + tag: count for name, count in item.names.items()}),
        published=published,
        salient=tagged(item.salient),
        first_names=tagged(item.first_names),
        words=tagged(item.words),
        years=frozenset(str(1950 + (int(year) + replica) % 90) for year in item.years),
        quotes=frozenset(),
    )


def fill(
    library: Library,
    base: list[ArticleFeatures],
    texts: dict[str, str],
    bands: dict[str, list[str]],
    target: int,
    rng: Any,
) -> int:
    """Write replica stories until the library holds `target` articles, with the clusterer's
    bookkeeping (story states, the saved index) and near-copy band keys as `add` keeps them;
    returns the count."""
    from usearch.index import Index

    dimensions = base[0].vector.shape[0]
    with library.transaction() as tx:
        count = sum(story.article_count for story in tx.stories())
        saved = tx.story_index()
    stories, next_article = saved.stories, saved.next_article
    index = Index.restore(bytearray(saved.stories_data)) if saved.stories_data else None
    index = index or Index(ndim=dimensions, metric="cos", dtype="f32")
    recent = Index.restore(bytearray(saved.articles_data)) if saved.articles_data else None
    recent = recent or Index(ndim=dimensions, metric="cos", dtype="i8")
    window = load_config(environ={}).stories.recent
    replica = count
    while count < target:
        with library.transaction() as tx:
            key = tx.next_story_key()
            keys, centroids = [], []
            for _ in range(CHUNK_STORIES):
                if count >= target:
                    break
                members = [base[(replica * STORY_SIZE + n) % len(base)] for n in range(STORY_SIZE)]
                vectors, articles, features = [], [], []
                # Shifted along the difference of two other real leads: replica stories spread the way
                # real stories do (random noise in 384 dimensions is unlike text, and HNSW's worst case).
                one, other = rng.choice(len(base), 2, replace=False)
                anchor = (base[one].vector - base[other].vector) * 0.5
                for n, item in enumerate(members):
                    article_id = f"r{replica}-{n}"
                    published = date(2000, 1, 1) + timedelta(days=replica % 7000)
                    text = f"{texts[item.article_id]}\n\nReplica {replica}, part {n}."
                    articles.append(Article(article_id, article_id, text, published=published))
                    vector = item.vector + anchor
                    vector /= np.linalg.norm(vector)
                    features.append(replica_features(item, article_id, vector, published, replica))
                    vectors.append(vector)
                tx.add_articles(articles)
                for item, source in zip(features, members, strict=True):
                    tx.save_analysis(item.article_id, Analysis(item.to_record()))
                    tx.save_bands(item.article_id, bands[source.article_id])
                tx.set_index_keys({item.article_id: next_article + n for n, item in enumerate(features)})
                recent.add(np.arange(next_article, next_article + len(features)), np.stack(vectors))
                next_article += len(features)
                story_id = f"s{key}"
                ids = [a.id for a in articles]
                tx.assign(story_id, ids)
                state = StoryState(key=key, members=ids, total=np.sum(vectors, axis=0))
                tx.save_state(story_id, state.to_record())
                story = Story(id=story_id, headline=f"Replica {replica}", articles=[])
                tx.save_report(story_id, story.model_dump_json(), independent_sources=STORY_SIZE, disagreements=0)
                keys.append(key)
                centroids.append(state.centroid())
                count += STORY_SIZE
                replica += 1
                key += 1
            index.add(np.array(keys), np.stack(centroids))
            stories += len(keys)
            for old in range(max(0, next_article - window - CHUNK_STORIES * STORY_SIZE), next_article - window):
                if old in recent:
                    recent.remove(old)
            saved_stories, saved_articles = index.save(), recent.save()
            assert saved_stories is not None and saved_articles is not None
            tx.save_story_index(SavedIndexes(bytes(saved_stories), stories, bytes(saved_articles), next_article))
            tx.set_next_story_key(key)
    return count


def candidate_recall(library: Library, rng: Any, probes: int = SAMPLES) -> dict[str, tuple[float, float]]:
    """How often a story is among the candidates, from the story-centroid index alone and from both
    indexes (centroids and recent articles), for stories of any age and for stories whose articles
    are still in the recent window. Each probe is a story's stored article, its lead vector slightly
    perturbed: another outlet's report of that event."""
    from usearch.index import Index

    window = load_config(environ={}).stories.recent // STORY_SIZE  # stories whose articles are recent
    found = {}
    with library.transaction() as tx:
        last = tx.next_story_key() - 1
        centroids = Index.restore(bytearray(tx.story_index().stories_data or b""))
        clusterer = service._resume(tx)
        for label, first in (("any", 1), ("recent", max(1, last - window + 1))):
            keys = rng.choice(np.arange(first, last + 1), min(probes, last - first + 1), replace=False)
            states = tx.states(f"s{key}" for key in keys)
            members = {s: rng.choice(StoryState.from_record(record).members) for s, record in states.items()}
            analyses = tx.analyses(members.values())
            alone = both = 0
            for story_id, member in members.items():
                vector = ArticleFeatures.from_record(analyses[member].features).vector
                vector = vector + rng.normal(0, 0.01, vector.shape[0]).astype(np.float32)
                vector /= np.linalg.norm(vector)
                key = service.story_key(story_id)
                alone += key in centroids.search(vector, CANDIDATES).keys.tolist()
                both += key in [k for k, _ in clusterer.candidates(vector)]
            found[label] = (alone / len(members), both / len(members))
    return found


class Timer:
    """Wraps functions of the service module to sum the time spent in each."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = defaultdict(float)
        self._depth = 0  # a call inside another timed call (a parse inside a refresh) counts once

    @contextmanager
    def wrapped(self, names: dict[str, str]) -> Iterator[None]:
        originals = {name: getattr(service, name) for name in names}

        def timed(label: str, function: Callable[..., Any]) -> Callable[..., Any]:
            def call(*args: Any, **kwargs: Any) -> Any:
                start = time.perf_counter()
                self._depth += 1
                try:
                    return function(*args, **kwargs)
                finally:
                    self._depth -= 1
                    if not self._depth:
                        self.spent[label] += time.perf_counter() - start

            return call

        for name, label in names.items():
            setattr(service, name, timed(label, originals[name]))
        try:
            yield
        finally:
            for name, function in originals.items():
                setattr(service, name, function)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--batch", type=int, default=10, help="new articles added at each size")
    parser.add_argument("--db", default="/tmp/newsfuse-growth.db")
    args = parser.parse_args()
    config = load_config()
    embedder = load_embedder(config.embed)
    for suffix in ("", "-wal", "-shm"):
        Path(args.db + suffix).unlink(missing_ok=True)

    sizes = [int(s) for s in args.sizes.split(",")]
    base_articles = read_ecb(POOL + args.batch * len(sizes))
    annotate(base_articles, config.parse)
    pool = base_articles[:POOL]
    base = article_features(pool, embedder)
    texts = {a.id: a.text for a in pool}
    threshold = config.ingest.near_duplicate_threshold
    bands = {a.id: lsh_bands(shingles(a.text), threshold) for a in pool}
    rng = np.random.default_rng(7)

    rows = []
    with Library.open(args.db) as library:
        for number, size in enumerate(sizes):
            start = time.perf_counter()
            held = fill(library, base, texts, bands, size, rng)
            filled = time.perf_counter() - start
            found = candidate_recall(library, rng)
            # Each size gets other ECB+ articles, renamed: events the library does not hold yet.
            sources = base_articles[POOL + number * args.batch : POOL + (number + 1) * args.batch]
            batch = [renamed(a, f"zq{size}") for a in sources]
            timer = Timer()
            labels = {"annotate": "parse", "_resume": "restore", "_keep": "keep", "_refresh": "refresh"}
            with timer.wrapped(labels):
                start = time.perf_counter()
                outcome = service.add_articles(library, [replace(a) for a in batch], config, embedder=embedder)
                total = time.perf_counter() - start
            spent = timer.spent
            placing = total - spent["parse"] - spent["restore"] - spent["keep"] - spent["refresh"]
            stories = f"{len(outcome.created)}+{len(outcome.updated)}"
            rows.append((held, filled, stories, len(outcome.stored), spent, placing, total, found))
    print(f"a batch of {args.batch} new articles at each size; seconds, per new article where marked /art")
    print(
        "library  fill(s)  stories new+touched  parse/art  restore(s)  place/art  keep(s)  refresh/art  total/art"
        "  candidate recall (centroids / +recent articles): any story, recent story"
    )
    for held, filled, stories, new, spent, placing, total, found in rows:
        per = max(new, 1)
        print(
            f"{held:>7} {filled:>8.1f} {stories:>20} {spent['parse'] / per:>10.3f} {spent['restore']:>11.2f} "
            f"{placing / per:>10.3f} {spent['keep']:>8.2f} {spent['refresh'] / per:>12.3f} {total / per:>10.3f}"
            f"  {found['any'][0]:.1%} / {found['any'][1]:.1%}, {found['recent'][0]:.1%} / {found['recent'][1]:.1%}"
        )


if __name__ == "__main__":
    main()
