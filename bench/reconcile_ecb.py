"""Reconciliation on real data no one here wrote: ECB+ stories (sub-topics) one by one.

    python -m bench.reconcile_ecb                 # dev topics 1-22: disagreements raised, with samples
    python -m bench.reconcile_ecb --throughput    # all 982 articles: articles/s and inference share
    python -m bench.reconcile_ecb --beyond-gold 10  # amounts, dates, names raised on 10 dev stories outside the gold

ECB+ groups articles by sub-topic (one real-world event). Each sub-topic is reconciled as one
story, as `newsfuse analyze` would. The first mode prints every disagreement raised on the dev
split so that a person can judge the false alarms (topics 23-45 are held out: never tuned on).
The second times the whole pipeline on all 982 articles and how much of it is model inference
(spaCy's parse and the sentence embeddings), the part no code of ours can make faster.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter, defaultdict
from pathlib import Path

from newsfuse.config import load_config
from newsfuse.document import Article
from newsfuse.ingest import ingest
from newsfuse.parse import annotate
from newsfuse.parse.embeddings import load_embedder
from newsfuse.reconcile import reconcile

DUMP = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets" / "ecbplus" / "ecbplus.jsonl"
DEV_TOPICS = range(1, 23)


def stories(articles: list[Article], topics: range | None) -> dict[str, list[Article]]:
    """Articles grouped by ECB+ sub-topic, optionally only for some topics."""
    story_of = {}
    with DUMP.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            story_of[record["id"]] = (int(record["topic_id"]), record["story_id"])
    grouped: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        topic, story = story_of[article.id]
        if topics is None or topic in topics:
            grouped[story].append(article)
    return dict(sorted(grouped.items()))


class Timed:
    """An embedder wrapper that adds up the seconds spent in inference."""

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.seconds = 0.0

    def encode(self, texts):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return self.inner.encode(texts)  # type: ignore[attr-defined]
        finally:
            self.seconds += time.perf_counter() - started


def disagreements_on_dev() -> None:
    config = load_config(environ={})
    articles = ingest([str(DUMP)], config).articles
    grouped = stories(articles, DEV_TOPICS)
    chosen = [a for group in grouped.values() for a in group]
    annotate(chosen, config.parse)
    embedder = load_embedder(config.embed)
    kinds: Counter[str] = Counter()
    facts = corroborated = 0
    for story_id, group in grouped.items():
        story = reconcile(group, embedder)
        facts += len(story.facts)
        corroborated += sum(1 for f in story.facts if f.independent_sources > 1)
        for d in story.disagreements:
            kinds[d.kind] += 1
            print(f"[{story_id}] {d.kind}: {d.topic} (compatible={d.compatible})\n    {d.note}")
            for v in d.versions:
                print(f"      - {v.value[:150]!r} {v.articles}")
    print(f"\n{len(grouped)} dev stories, {len(chosen)} articles, {facts} facts ({corroborated} with 2+ sources)")
    print("disagreements by kind:", dict(sorted(kinds.items())))


VALUE_KINDS = ("quantity", "date", "name_spelling")


def beyond_gold(count: int, json_out: Path | None) -> None:
    """The quantity, date and name-spelling disagreements raised on the first `count` dev stories
    that the dev gold does not cover, each with its key and a person's verdict from
    `bench/reconcile_verdicts_beyond.json` (same format as the gold bench's verdicts)."""
    from bench.gold import VERDICTS_PATH, load_gold, load_verdicts, verdict_key

    config = load_config(environ={}).with_overrides({"ingest.tokenised": True})
    articles = ingest([str(DUMP)], config).articles
    gold = load_gold()
    grouped = {k: v for k, v in stories(articles, DEV_TOPICS).items() if k not in gold and len(v) > 1}
    chosen = dict(list(grouped.items())[:count])
    annotate([a for group in chosen.values() for a in group], config.parse)
    embedder = load_embedder(config.embed)
    verdicts = {v.key: v for v in load_verdicts(VERDICTS_PATH.with_name("reconcile_verdicts_beyond.json"))}
    tally: Counter[tuple[str, str]] = Counter()
    raised = []
    for story_id, group in chosen.items():
        for d in reconcile(group, embedder).disagreements:
            if d.kind not in VALUE_KINDS:
                continue
            key = verdict_key(story_id, d)
            verdict = verdicts.get(key)
            tally[(d.kind, verdict.verdict if verdict else "unjudged")] += 1
            print(f"[{key}] {story_id} {d.kind}: {d.topic} (compatible={d.compatible}, update={d.update})")
            print(f"    verdict: {f'{verdict.verdict} ({verdict.why})' if verdict else 'none yet'}")
            for v in d.versions:
                sentence = " ".join(v.evidence[0].sentence.split())[:200] if v.evidence else ""
                print(f"      - {v.value[:120]!r} {v.articles}: {sentence}")
            raised.append({"key": key, "story": story_id, "kind": d.kind, "topic": d.topic,
                           "versions": [{"value": v.value, "articles": v.articles,
                                         "evidence": v.evidence[0].sentence if v.evidence else ""}
                                        for v in d.versions]})  # fmt: skip
    print(f"\n{len(chosen)} dev stories outside the gold: {', '.join(chosen)}")
    for kind in VALUE_KINDS:
        right, wrong, unjudged = (tally[(kind, v)] for v in ("right", "wrong", "unjudged"))
        print(f"  {kind}: {right + wrong + unjudged} raised, {right} right, {wrong} wrong, {unjudged} unjudged")
    if json_out is not None:
        json_out.write_text(json.dumps(raised, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def throughput() -> None:
    config = load_config(environ={})
    started = time.perf_counter()
    articles = ingest([str(DUMP)], config).articles
    read = time.perf_counter()
    annotate(articles, config.parse)
    parsed = time.perf_counter()
    embedder = Timed(load_embedder(config.embed))
    loaded = time.perf_counter()
    for group in stories(articles, None).values():
        reconcile(group, embedder)  # type: ignore[arg-type]
    done = time.perf_counter()
    total = done - started - (loaded - parsed)
    inference = (parsed - read) + embedder.seconds
    print(f"{len(articles)} articles in {total:.1f} s: {len(articles) / total:.1f} articles/s (model loading excluded)")
    print(f"  read and clean {read - started:.1f} s, spaCy parse {parsed - read:.1f} s, ", end="")
    print(f"reconcile {done - loaded:.1f} s of which embedding inference {embedder.seconds:.1f} s")
    print(f"  model inference (parse + embeddings) is {inference / total:.0%} of the time")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--throughput", action="store_true", help="time all 982 articles instead")
    parser.add_argument(
        "--beyond-gold", type=int, metavar="N", help="value disagreements on N dev stories outside the gold"
    )
    parser.add_argument("--json", type=Path, help="with --beyond-gold: write what was raised as JSON")
    args = parser.parse_args()
    if args.throughput:
        throughput()
    elif args.beyond_gold:
        beyond_gold(args.beyond_gold, args.json)
    else:
        disagreements_on_dev()


if __name__ == "__main__":
    main()
