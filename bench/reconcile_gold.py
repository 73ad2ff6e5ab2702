"""Reconciliation measured against the hand-checked ECB+ development gold (22 stories, topics 1-22).

    python -m bench.reconcile_gold                      # all 22 stories: recall, precision, false alarms
    python -m bench.reconcile_gold --stories 1_ecb,3_ecb
    python -m bench.reconcile_gold --missed             # also every gold item not found, to trace misses
    python -m bench.reconcile_gold --json figures.json  # the figures and unmatched list, for a gate

Each gold story is built as the pipeline builds it: its articles read from `ecbplus.jsonl` by
`ingest`, parsed by `annotate` and reconciled into one report story. The scoring rules are in
`bench/gold.py`. A raised disagreement that matches no gold one is printed with a key; a person
judges it in `bench/reconcile_verdicts.json`, and precision counts the judged-right ones as right.
Progress and timing go to stderr, so stdout is the same on every run of the same code.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from bench.gold import (
    FACT_JACCARD,
    VERDICTS_PATH,
    GoldDisagreement,
    GoldFact,
    GoldStory,
    Score,
    Unmatched,
    fact_matches,
    jaccard,
    load_gold,
    load_verdicts,
    matched_versions,
    score,
)
from newsfuse.config import Config, load_config
from newsfuse.document import Article
from newsfuse.ingest import ingest
from newsfuse.parse import annotate
from newsfuse.parse.embeddings import Embedder, load_embedder
from newsfuse.reconcile import reconcile
from newsfuse.report import Disagreement, Story

ECB_JSONL = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets" / "ecbplus" / "ecbplus.jsonl"
EVIDENCE_CHARS = 200
VALUE_CHARS = 120


# --- Running the pipeline ----------------------------------------------------------------------


def read_corpus(config: Config) -> dict[str, Article]:
    """Every ECB+ article as `ingest` reads it (unparsed), by id, in reading order."""
    return {article.id: article for article in ingest([str(ECB_JSONL)], config).articles}


def run_story(
    story_id: str, gold: dict[str, GoldStory], corpus: dict[str, Article], embedder: Embedder, config: Config
) -> Story:
    """Parse and reconcile one gold story's articles as the pipeline does."""
    wanted = set(gold[story_id].articles)
    if missing := sorted(wanted - corpus.keys()):
        print(f"{story_id}: ingest did not keep {', '.join(missing)}", file=sys.stderr)
    articles = [article for article in corpus.values() if article.id in wanted]
    annotate(articles, config.parse)
    return reconcile(articles, embedder)


def run_stories(gold: dict[str, GoldStory], story_ids: Sequence[str] | None = None) -> list[tuple[str, Story]]:
    """Reconcile the chosen gold stories (all by default), loading the corpus and models once."""
    config = load_config(environ={}).with_overrides({"ingest.tokenised": True})  # ECB+ is re-spaced from tokens
    corpus = read_corpus(config)
    embedder = load_embedder(config.embed)
    stories = []
    for story_id in story_ids or list(gold):
        started = time.perf_counter()
        stories.append((story_id, run_story(story_id, gold, corpus, embedder, config)))
        print(f"  {story_id}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return stories


# --- Printing ----------------------------------------------------------------------------------


def shorten(text: str, width: int) -> str:
    """`text` on one line, cut to `width` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _natural(article_id: str) -> tuple[int | str, ...]:
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", article_id))


def _ids(articles: Sequence[str] | frozenset[str]) -> str:
    return ",".join(sorted(articles, key=_natural))


def print_figures(result: Score) -> None:
    """The recall, fact and raised-count figures."""
    print(f"Reconciliation against the ECB+ development gold: {len(result.stories)} stories\n")
    print(f"{'disagreements':<22}{'gold':>6}{'matched':>9}{'recall':>8}{'raised':>8}")
    for kind, figures in result.kinds.items():
        print(f"  {kind:<20}{figures.gold:>6}{figures.matched:>9}{figures.recall:>8.3f}{figures.raised:>8}")
    print(
        f"  {'all (same kind)':<20}{result.gold_disagreements:>6}{len(result.matches):>9}"
        f"{result.recall:>8.3f}{result.raised:>8}"
    )
    print(
        f"  {'all (any kind)':<20}{result.gold_disagreements:>6}{result.matched_any_kind:>9}"
        f"{result.recall_any_kind:>8.3f}"
    )
    print(
        f"\nfacts: {len(result.fact_matches)} of {result.gold_facts} found ({result.fact_recall:.3f}), "
        f"{result.facts_exact} of them with exactly the gold articles"
    )


def _print_versions(disagreement: Disagreement) -> None:
    for version in disagreement.versions:
        print(f"    - {shorten(version.value, VALUE_CHARS)!r} [{_ids(version.articles)}]")
        if version.evidence:
            first = version.evidence[0]
            print(f"        {first.article}: {shorten(first.sentence, EVIDENCE_CHARS)}")


def print_unmatched(unmatched: Sequence[Unmatched]) -> None:
    """Every raised disagreement that matches no gold one, for a person to judge."""
    print(f"\nunmatched raised disagreements: {len(unmatched)}")
    for item in unmatched:
        disagreement = item.disagreement
        print(f"\n[{item.key}] {item.story} {disagreement.kind}: {disagreement.topic}")
        if item.verdict:
            print(f"    verdict: {item.verdict.verdict} ({item.verdict.why})")
        else:
            print("    verdict: none yet")
        if item.other_kind:
            print(f"    matches the gold {item.other_kind.kind} {item.other_kind.topic!r} when kind is ignored")
        _print_versions(disagreement)


def print_precision(result: Score) -> None:
    """Precision over the judged disagreements and counting the unjudged as wrong."""
    right = len(result.matches) + result.judged_right
    judged = right + result.judged_wrong
    print(f"\nprecision ({result.raised} raised: {len(result.matches)} matched, {len(result.unmatched)} unmatched)")
    print(f"  unmatched judged right {result.judged_right}, wrong {result.judged_wrong}, unjudged {result.unjudged}")
    print(f"  over judged:  {right} / {judged} = {result.precision_judged:.3f}")
    print(f"  pessimistic:  {right} / {result.raised} = {result.precision_pessimistic:.3f} (unjudged counted wrong)")
    if result.stale:
        print(f"  stale verdicts (key no longer raised unmatched): {len(result.stale)}")
        for verdict in result.stale:
            print(f"    [{verdict.key}] {verdict.story} {verdict.kind}: {verdict.verdict} ({verdict.why})")


def _closest_raised(gold: GoldDisagreement, story: Story) -> str:
    scored = [(matched_versions(item, gold), item) for item in story.disagreements]
    best = max(scored, key=lambda pair: pair[0], default=(0, None))
    if best[1] is None or best[0] == 0:
        return "no raised disagreement matches any of its versions"
    return f"closest raised: {best[1].kind} {best[1].topic!r} ({best[0]} version(s) matched)"


def _closest_fact(gold: GoldFact, story: Story) -> str:
    pattern = re.compile(gold.pattern)
    candidates = [
        fact
        for fact in story.facts
        if any(pattern.search(text) for text in [fact.text, *(e.sentence for e in fact.evidence)])
    ]
    if not candidates:
        return "no reported fact matches the pattern"
    best = max(candidates, key=lambda fact: jaccard(fact.articles, gold.articles))
    why = "but taken by another gold fact" if fact_matches(best, gold) else f"< {FACT_JACCARD}"
    return (
        f"{len(candidates)} reported fact(s) match the pattern; best Jaccard "
        f"{jaccard(best.articles, gold.articles):.2f} {why} [{_ids(best.articles)}]: "
        f"{shorten(best.text, VALUE_CHARS)!r}"
    )


def print_missed(result: Score, stories: dict[str, Story]) -> None:
    """Every gold disagreement not matched and every gold fact not found, with the nearest miss."""
    print(f"\ngold disagreements not matched: {len(result.missed)}")
    for gold in result.missed:
        print(f"\n  {gold.story} {gold.kind}: {gold.topic}")
        for version in gold.versions:
            print(f"    - {shorten(version.value, VALUE_CHARS)!r} ({version.normalized}) [{_ids(version.articles)}]")
        print(f"    {_closest_raised(gold, stories[gold.story])}")
    print(f"\ngold facts not found: {len(result.facts_missed)}")
    for fact in result.facts_missed:
        print(f"\n  {fact.story}: {fact.fact} /{fact.pattern}/ [{_ids(fact.articles)}]")
        print(f"    {_closest_fact(fact, stories[fact.story])}")


# --- JSON --------------------------------------------------------------------------------------


def _disagreement_json(disagreement: Disagreement) -> dict[str, object]:
    return {
        "kind": disagreement.kind,
        "topic": disagreement.topic,
        "versions": [
            {
                "value": version.value,
                "articles": sorted(version.articles, key=_natural),
                "evidence": version.evidence[0].sentence if version.evidence else None,
            }
            for version in disagreement.versions
        ],
    }


def to_json(result: Score) -> dict[str, object]:
    """The figures, the unmatched raised disagreements and the misses as one JSON object."""
    return {
        "figures": result.figures(),
        "unmatched": [
            {
                "key": item.key,
                "story": item.story,
                **_disagreement_json(item.disagreement),
                "verdict": item.verdict.verdict if item.verdict else None,
                "why": item.verdict.why if item.verdict else None,
                "matches_gold_of_kind": item.other_kind.kind if item.other_kind else None,
            }
            for item in result.unmatched
        ],
        "missed": [
            {
                "story": gold.story,
                "kind": gold.kind,
                "topic": gold.topic,
                "values": [version.value for version in gold.versions],
            }
            for gold in result.missed
        ],
        "facts_missed": [
            {"story": fact.story, "fact": fact.fact, "pattern": fact.pattern} for fact in result.facts_missed
        ],
        "stale_verdicts": [verdict.key for verdict in result.stale],
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stories", help="comma-separated gold story ids to run (default: all 22)")
    parser.add_argument("--missed", action="store_true", help="also list every gold item not matched")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the figures and unmatched list as JSON")
    parser.add_argument("--verdicts", type=Path, default=VERDICTS_PATH, help="the verdicts file to read")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    gold = load_gold()
    chosen = args.stories.split(",") if args.stories else list(gold)
    if unknown := [story_id for story_id in chosen if story_id not in gold]:
        parser.error(f"no gold for {', '.join(unknown)}; gold stories are {', '.join(gold)}")
    stories = run_stories(gold, chosen)
    result = score(stories, gold, load_verdicts(args.verdicts))

    print_figures(result)
    print_unmatched(result.unmatched)
    print_precision(result)
    if args.missed:
        print_missed(result, dict(stories))
    if args.json:
        args.json.write_text(json.dumps(to_json(result), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\n{len(stories)} stories in {time.perf_counter() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
