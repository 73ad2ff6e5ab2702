"""ECB+ for the story benches: gold stories, parsed articles and their clustering features.

ECB+ gives each topic two sub-topics: two different real events of one kind (two celebrities
entering rehab, two earthquakes). A sub-topic is a story. Topics 1-22 are the development split;
23-45 are held out: measured once, never tuned on.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from newsfuse.config import load_config
from newsfuse.document import Article
from newsfuse.ingest import ingest
from newsfuse.parse import annotate
from newsfuse.parse.embeddings import load_embedder
from newsfuse.stories import ArticleFeatures, article_features

DUMP = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets" / "ecbplus" / "ecbplus.jsonl"
DEV = range(1, 23)
HELD_OUT = range(23, 46)


def gold_stories(topics: range) -> dict[str, str]:
    """Article id -> its ECB+ sub-topic, for the chosen topics, in file order."""
    gold = {}
    with DUMP.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if int(record["topic_id"]) in topics:
                gold[record["id"]] = record["story_id"]
    return gold


def topic(story: str) -> str:
    return story.split("_")[0]


def parsed_articles(topics: range) -> list[Article]:
    """The split's articles, read and parsed as `newsfuse add` would, in file order."""
    gold = gold_stories(topics)
    config = load_config(environ={})
    position = {article_id: n for n, article_id in enumerate(gold)}
    # Ingest gives reading order (by date); the benches place articles in the corpus' own order.
    articles = sorted((a for a in ingest([str(DUMP)], config).articles if a.id in gold), key=lambda a: position[a.id])
    annotate(articles, config.parse)
    return articles


def features(topics: range, cache: Path | None = None) -> list[ArticleFeatures]:
    """The split's clustering features, in file order; kept in `cache` (JSON lines) when given,
    since parsing the split takes most of a minute."""
    if cache is not None and cache.exists():
        return [
            ArticleFeatures.from_record(json.loads(line)) for line in cache.read_text(encoding="utf-8").splitlines()
        ]
    found = article_features(parsed_articles(topics), load_embedder(load_config(environ={}).embed))
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text("".join(json.dumps(f.to_record()) + "\n" for f in found), encoding="utf-8")
    return found


def bcubed(predicted: dict[str, int], gold: dict[str, str]) -> tuple[float, float, float]:
    """BCubed precision, recall and F1 of a clustering against gold classes."""
    clusters: dict[int, list[str]] = defaultdict(list)
    classes: dict[str, list[str]] = defaultdict(list)
    for item, cluster in predicted.items():
        clusters[cluster].append(item)
        classes[gold[item]].append(item)
    precision = recall = 0.0
    for item, cluster in predicted.items():
        same_cluster = clusters[cluster]
        correct = sum(1 for other in same_cluster if gold[other] == gold[item])
        precision += correct / len(same_cluster)
        recall += correct / len(classes[gold[item]])
    precision, recall = precision / len(predicted), recall / len(predicted)
    return precision, recall, 2 * precision * recall / (precision + recall)


def with_sibling(predicted: dict[str, int], gold: dict[str, str]) -> float:
    """The share of articles whose story also holds an article of the sibling (similar) event."""
    members: dict[int, set[str]] = defaultdict(set)
    for item, cluster in predicted.items():
        members[cluster].add(gold[item])
    mixed = 0
    for item, cluster in predicted.items():
        if any(other != gold[item] and topic(other) == topic(gold[item]) for other in members[cluster]):
            mixed += 1
    return mixed / len(predicted)
