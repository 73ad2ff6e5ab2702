"""Trace each missed gold amount, date or name disagreement to the alignment stage that lost it.

    python -m bench.trace_align                    # amounts, dates and names, all 22 dev stories
    python -m bench.trace_align --kinds date --stories 1_ecb

For every gold disagreement of the kind, with the shipped model (not cross-validated: this is for
finding where a miss is lost, not for figures), it prints the first stage it fails:

- `mention`: no two of its mentions found in their articles state different values;
- `comparable`: the versions' mentions are never of one dimension and unit;
- `prefilter`: their sentences are less alike than the model's prefilter;
- `probability`: no pair of different versions reaches the threshold;
- `mutual best`: the pairs that do are beaten by another value of the same article;
- `grouping`: average linkage leaves the versions in different groups;
- `share` or `coexist`: the group is dropped before comparing;
- `raised`: a disagreement holds two of its versions (matched or not by the scorer).

Names have stages of their own:

- `form`: fewer than two of its versions are written in a name form of their articles;
- `candidate`: no candidate pair joins forms of two different versions;
- `probability`: no such pair reaches the threshold (the best pair and its features are printed);
- `grouping`: complete linkage leaves the two spellings apart;
- `outlets`: the variant group is found but dropped (one outlet and its copies, or no holder);
- `raised`: a name disagreement holds two of its versions.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Sequence

import numpy as np

from bench.fit_align import (
    KINDS,
    NAMES,
    NameData,
    StoryData,
    gold_owner,
    name_data,
    name_owner,
    parsed_stories,
    story_data,
)
from bench.gold import GoldStory, load_gold
from newsfuse.config import load_config
from newsfuse.parse.embeddings import load_embedder
from newsfuse.reconcile.align import FEATURES, AlignModel, coexist, group, load_models, mutual_best, widely_given
from newsfuse.reconcile.spellings import FEATURES as NAME_FEATURES
from newsfuse.reconcile.spellings import name_spelling_disagreements, variant_groups


def trace(data: StoryData, story: GoldStory, kind_name: str, model: AlignModel) -> list[tuple[str, str, str]]:
    """(topic, stage, detail) for each of the story's gold disagreements of this kind."""
    kind = KINDS[kind_name]
    assert model.threshold is not None
    threshold = model.threshold
    keep = [n for n, (i, j) in enumerate(data.pairs) if data.cosines[i, j] >= model.prefilter]
    pairs = [data.pairs[n] for n in keep]
    columns = [FEATURES.index(f) for f in model.features]
    all_probabilities = model.probability(data.rows[:, columns]) if len(data.pairs) else np.zeros(0)
    probabilities = all_probabilities[keep]
    best_pairs, _ = mutual_best(data.mentions, pairs, probabilities)
    groups = group(data.mentions, pairs, probabilities, threshold)
    owners = [gold_owner(story, kind, data.articles, m) for m in data.mentions]
    out = []
    for index, disagreement in enumerate(story.disagreements):
        if disagreement.kind != kind.gold_kind:
            continue
        mine = {i for i, o in enumerate(owners) if o == index}
        found = ", ".join(sorted({data.mentions[i].text for i in mine})) or "none"

        def differing(i: int, j: int, mine: set[int] = mine) -> bool:
            """Two of this disagreement's mentions stating different values."""
            return i in mine and j in mine and not data.mentions[i].states_the_same(data.mentions[j])

        if not any(differing(i, j) for i in mine for j in mine):
            out.append((disagreement.topic, "mention", f"mentions: {found}"))
            continue

        scored = [
            (n, p) for n, ((i, j), p) in enumerate(zip(data.pairs, all_probabilities, strict=True)) if differing(i, j)
        ]
        if not scored:
            out.append((disagreement.topic, "comparable", found))
            continue
        top = max(p for _, p in scored)
        if all(data.cosines[data.pairs[n]] < model.prefilter for n, _ in scored):
            out.append((disagreement.topic, "prefilter", f"best p {top:.2f}"))
            continue
        if top < threshold:
            out.append((disagreement.topic, "probability", f"best p {top:.2f} < {threshold}: {found}"))
            continue
        if not any(differing(i, j) for i, j in best_pairs):
            out.append((disagreement.topic, "mutual best", f"best p {top:.2f}: {found}"))
            continue
        holding = [g for g in groups if any(differing(i, j) for i in g for j in g)]
        if not holding:
            out.append((disagreement.topic, "grouping", f"best p {top:.2f}: {found}"))
            continue
        members = [[data.mentions[i] for i in g] for g in holding]
        if not any(widely_given(g, data.articles, model.min_share) for g in members):
            out.append((disagreement.topic, "share", f"{len(members[0])} members"))
            continue
        if all(coexist(g, data.mentions) for g in members):
            out.append((disagreement.topic, "coexist", found))
            continue
        out.append((disagreement.topic, "raised", found))
    return out


def trace_names(data: NameData, story: GoldStory, model: AlignModel) -> list[tuple[str, str, str]]:
    """(topic, stage, detail) for each of the story's gold name spellings (stages in the docstring)."""
    assert model.threshold is not None
    probabilities = model.probability(data.rows[:, model.columns(NAME_FEATURES)]) if len(data.pairs) else np.zeros(0)
    groups, _ = variant_groups(data.forms, data.pairs, probabilities, model.threshold)
    raised = name_spelling_disagreements(data.articles, data.index, model,
                                         scored=(data.forms, data.pairs, probabilities))  # fmt: skip
    gold = [d for d in story.disagreements if d.kind == "name_spelling"]
    owners = [name_owner(f, gold) for f in data.forms]
    out = []
    for index, disagreement in enumerate(gold):
        versions = [(version.normalized or version.value) for version in disagreement.versions]
        held = {v for o in owners for d, v in o if d == index}
        if len(held) < 2:
            out.append((disagreement.topic, "form", f"versions {versions}, written in forms: {sorted(held)}"))
            continue

        def across(i: int, j: int, index: int = index) -> bool:
            return any(d1 == d2 == index and v1 != v2 for d1, v1 in owners[i] for d2, v2 in owners[j])

        scored = [(p, n) for n, ((i, j), p) in enumerate(zip(data.pairs, probabilities, strict=True)) if across(i, j)]
        if not scored:
            out.append((disagreement.topic, "candidate", f"versions {versions}"))
            continue
        top, n = max(scored)
        i, j = data.pairs[n]
        shown = ", ".join(f"{f} {x:.2f}" for f, x in zip(NAME_FEATURES, data.rows[n], strict=True) if x)
        pair = f"{data.forms[i].text!r}/{data.forms[j].text!r}"
        if top < model.threshold:
            out.append((disagreement.topic, "probability", f"best p {top:.2f} {pair}: {shown}"))
            continue
        words = {w for v in versions for w in v.casefold().split()}
        if not any(len({w for g_variant in g for w in g_variant.split()} & words) >= 2 for g in groups):
            out.append((disagreement.topic, "grouping", f"best p {top:.2f} {pair}"))
            continue
        hit = [d for d in raised if sum(any(w in (v.normalized or v.value).casefold() for w in words)
                                        for v in d.versions) >= 2]  # fmt: skip
        out.append((disagreement.topic, "raised" if hit else "outlets", f"p {top:.2f} {pair}"))
    return out


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kinds", default=f"amount,date,{NAMES}")
    parser.add_argument("--stories")
    parser.add_argument("--models", help="an align.json to trace with (default: the shipped one)")
    args = parser.parse_args(argv)
    gold = load_gold()
    if args.stories:
        gold = {s: gold[s] for s in args.stories.split(",")}
    stories = parsed_stories(gold)
    embedder = load_embedder(load_config(environ={}).embed)
    models = load_models(args.models)
    for kind_name in args.kinds.split(","):
        model = models[kind_name]
        stages: Counter[str] = Counter()
        print(f"\n== {kind_name} (threshold {model.threshold}, share {model.min_share})")
        for story_id, story in gold.items():
            if kind_name == NAMES:
                found = trace_names(name_data(story_id, story, stories[story_id]), story, model)
            else:
                data = story_data(story_id, story, stories[story_id], KINDS[kind_name], embedder)
                found = trace(data, story, kind_name, model)
            for topic, stage, detail in found:
                stages[stage] += 1
                print(f"  {story_id:<12} {stage:<12} {topic[:50]:<50} {detail[:160]}")
        print("  stages: " + ", ".join(f"{s} {n}" for s, n in stages.most_common()))


if __name__ == "__main__":
    main()
