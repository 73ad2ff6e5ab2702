"""Fit the mention-alignment models on the development gold and choose their thresholds.

    python -m bench.fit_align                  # fit, cross-validate, write src/newsfuse/reconcile/align.json
    python -m bench.fit_align --out FILE       # write elsewhere, to compare (the pipeline reads the shipped file)

Training pairs are the pairs of mentions of one kind, from different articles of one gold story,
whose values can be compared. A pair is positive when both mentions are versions (of any value)
of one gold disagreement, and negative when their stated values differ and they are not: the
pairs that would raise a wrong disagreement. A pair stating one value and in no gold disagreement
is left out, since the gold lists disagreements and not every agreeing slot. A mention is a gold
version's when it overlaps the gold mention in the article's text and shares its number.

The weights are an L2-regularised logistic regression (scikit-learn). The threshold is chosen by
cross-validation by topic: the gold's topics are split into four folds; the model fit on three
aligns and compares the fourth fold's stories with the pipeline's own builder, and the threshold
with the best F0.5 (precision weighs twice: a wrong disagreement costs more than a missed one)
over the held-back folds wins, precision counted pessimistically (every raised disagreement that
matches no gold one counted wrong). The minimum sentence cosine a pair needs to be scored at all
(the prefilter, for speed) is the one that keeps 99% of the training positives.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np

from bench.gold import GoldDisagreement, GoldStory, Verdict, load_gold, load_verdicts, numbers, score
from bench.reconcile_gold import read_corpus
from newsfuse.config import load_config
from newsfuse.document import Article, reading_order
from newsfuse.ingest.respace import join_tokens
from newsfuse.parse import annotate
from newsfuse.parse.embeddings import Embedder, load_embedder
from newsfuse.reconcile.align import (
    FEATURES,
    AlignModel,
    Vectors,
    coexist,
    comparable,
    group,
    pair_features,
    similarities,
    widely_given,
)
from newsfuse.reconcile.entities import EntityIndex, build_entity_index
from newsfuse.reconcile.mentions import Mention, find_amounts, find_dates
from newsfuse.reconcile.quantities import quantity_disagreements
from newsfuse.reconcile.spellings import FEATURES as NAME_FEATURES
from newsfuse.reconcile.spellings import Form, forms_of
from newsfuse.reconcile.spellings import candidate_pairs as spelling_pairs
from newsfuse.reconcile.spellings import name_spelling_disagreements as spelling_disagreements
from newsfuse.reconcile.spellings import pair_features as spelling_features
from newsfuse.reconcile.timeline import date_disagreements, story_date
from newsfuse.report import Disagreement, Story

OUT = Path(__file__).resolve().parent.parent / "src" / "newsfuse" / "reconcile" / "align.json"
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99)
# The share of the story's independent sources a group must span (AlignModel.min_share), chosen
# with the threshold.
SHARES = (0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4)
FOLDS = 4
REGULARISATION = 1.0  # scikit-learn's C
KEEP_POSITIVES = 0.99
BETA = 0.5
# A hand floor, as no data can fit what a reader will bear: a kind of mention is raised only where
# at least one in three of what it raises in cross-validation is right: matches a gold disagreement
# or is judged right in `bench/reconcile_verdicts.json` (the rest, unjudged ones included, counted
# wrong). Below it, most of what it raised would be false
# alarms, and a wrong disagreement costs more trust than a missed one: the kind is not raised.
MIN_PRECISION = 1 / 3


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of mention: how it is found, which gold kind it is measured on, how it is compared."""

    name: str
    gold_kind: str
    find: Callable[[Article, date | None], list[Mention]]
    build: Callable[[Sequence[Sequence[Mention]], dict[str, Article]], list[Disagreement]]


NAMES = "name"  # fitted on the gold's name spellings by `fit_names`
KINDS = {
    "amount": Kind("amount", "quantity", lambda article, _: find_amounts(article), quantity_disagreements),
    "date": Kind("date", "date", find_dates, date_disagreements),
}


@dataclass(slots=True)
class StoryData:
    """One gold story as the fit sees it: its articles, mentions, scored pairs and their labels."""

    story: str
    topic: str
    articles: dict[str, Article]
    mentions: list[Mention]
    pairs: list[tuple[int, int]]
    rows: np.ndarray
    labels: np.ndarray  # 1 same slot, 0 not, -1 unknown (left out of the fit)
    cosines: np.ndarray


def parsed_stories(gold: dict[str, GoldStory]) -> dict[str, list[Article]]:
    """Each gold story's articles, read as the gold bench reads them and parsed."""
    config = load_config(environ={}).with_overrides({"ingest.tokenised": True})
    corpus = read_corpus(config)
    stories = {}
    for story_id, story in gold.items():
        articles = [corpus[i] for i in story.articles if i in corpus]
        annotate(articles, config.parse)
        stories[story_id] = articles
    return stories


def gold_owner(story: GoldStory, kind: Kind, articles: dict[str, Article], mention: Mention) -> int | None:
    """The index of the gold disagreement one of whose versions this mention is, or None."""
    text = mention.article.text
    for index, disagreement in enumerate(story.disagreements):
        if disagreement.kind != kind.gold_kind:
            continue
        for version in disagreement.versions:
            wording = version.mentions.get(mention.article.id)
            if wording is None:
                continue
            wording = join_tokens(wording)
            at = text.find(wording)
            if at < 0:
                at = text.lower().find(wording.lower())
            if at < 0 or not (mention.span.start < at + len(wording) and at < mention.span.end):
                continue
            wanted = numbers(wording)
            if mention.kind == "date" or not wanted or numbers(mention.text) & wanted or mention.dimension == "times":
                return index
    return None


def story_data(story_id: str, story: GoldStory, articles: list[Article], kind: Kind, embedder: Embedder) -> StoryData:
    by_id = {a.id: a for a in articles}
    day = story_date(articles)
    mentions = [m for a in articles for m in kind.find(a, day)]
    vectors = Vectors(embedder, mentions)
    similar = similarities(mentions, vectors)
    owners = [gold_owner(story, kind, by_id, m) for m in mentions]
    pairs, rows, labels = [], [], []
    for i, a in enumerate(mentions):
        for j in range(i + 1, len(mentions)):
            b = mentions[j]
            if a.article is b.article or not comparable(a, b):
                continue
            pairs.append((i, j))
            rows.append(pair_features(a, b, similar, i, j))
            if owners[i] is not None and owners[i] == owners[j]:
                labels.append(1)
            elif not a.states_the_same(b):
                labels.append(0)
            else:
                labels.append(-1)
    return StoryData(
        story_id,
        story_id.split("_")[0],
        by_id,
        mentions,
        pairs,
        np.array(rows, dtype=np.float64).reshape(len(rows), len(FEATURES)),
        np.array(labels, dtype=np.int64),
        similar.sentence,
    )


def fit(
    data: Sequence[StoryData],
    kind: str,
    threshold: float | None = 0.5,
    share: float = 0.0,
    features: tuple[str, ...] = FEATURES,
) -> AlignModel:
    from sklearn.linear_model import LogisticRegression

    columns = [FEATURES.index(f) for f in features]
    rows = np.concatenate([d.rows[d.labels >= 0][:, columns] for d in data])
    labels = np.concatenate([d.labels[d.labels >= 0] for d in data])
    regression = LogisticRegression(C=REGULARISATION, max_iter=10_000, class_weight="balanced").fit(rows, labels)
    positives = np.concatenate([[d.cosines[i, j] for (i, j), y in zip(d.pairs, d.labels, strict=True) if y == 1]
                                for d in data])  # fmt: skip
    prefilter = float(np.quantile(positives, 1 - KEEP_POSITIVES)) if len(positives) else 0.0
    return AlignModel(kind, features, regression.coef_[0].astype(np.float64), float(regression.intercept_[0]),
                      threshold, round(prefilter, 3), share)  # fmt: skip


def disagreements(
    data: StoryData, kind: Kind, model: AlignModel, threshold: float, share: float = 0.0
) -> list[Disagreement]:
    """What the pipeline raises on one story with this model, threshold and share."""
    keep = [n for n, (i, j) in enumerate(data.pairs) if data.cosines[i, j] >= model.prefilter]
    pairs = [data.pairs[n] for n in keep]
    columns = [FEATURES.index(f) for f in model.features]
    probabilities = model.probability(data.rows[keep][:, columns]) if keep else np.zeros(0)
    groups = [[data.mentions[i] for i in g] for g in group(data.mentions, pairs, probabilities, threshold)]
    kept = [g for g in groups if widely_given(g, data.articles, share) and not coexist(g, data.mentions)]
    return kind.build(kept, data.articles)


def evaluate(
    data: Sequence[StoryData],
    kind: Kind,
    model: AlignModel,
    setting: tuple[float, float],
    gold: dict[str, GoldStory],
) -> Figures:
    """(gold disagreements of the kind, matched, raised, right) on these stories at (share, threshold)."""
    share, threshold = setting
    stories = [
        (
            d.story,
            Story(id=d.story, headline="", articles=[], disagreements=disagreements(d, kind, model, threshold, share)),
        )
        for d in data
    ]
    return figures(stories, gold, kind.gold_kind)


Figures = tuple[int, int, int, int]  # (gold, matched, raised, right: matched or judged right)


def figures(stories: Sequence[tuple[str, Story]], gold: dict[str, GoldStory], gold_kind: str) -> Figures:
    """(gold, matched, raised, right) of one gold kind over these reconciled stories, right being the
    matched ones and the unmatched ones a person judged right in the verdicts file."""
    result = score(stories, {story_id: gold[story_id] for story_id, _ in stories}, _verdicts())
    kind = result.kinds[gold_kind]  # type: ignore[index]
    judged_right = sum(
        1
        for item in result.unmatched
        if item.disagreement.kind == gold_kind and item.verdict is not None and item.verdict.verdict == "right"
    )
    return kind.gold, kind.matched, kind.raised, kind.matched + judged_right


@lru_cache(maxsize=1)
def _verdicts() -> tuple[Verdict, ...]:
    return tuple(load_verdicts())


def f_beta(matched: int, gold: int, raised: int, right: int) -> float:
    """F-beta of recall on the gold (`matched` of it) and precision over what is raised (`right` of it)."""
    precision = right / raised if raised else 0.0
    recall = matched / gold if gold else 0.0
    if not precision or not recall:
        return 0.0
    return (1 + BETA**2) * precision * recall / (BETA**2 * precision + recall)


Setting = tuple[float, float]  # (share, threshold)


def cross_validate(
    data: Sequence[StoryData], kind: Kind, gold: dict[str, GoldStory], features: tuple[str, ...] = FEATURES
) -> dict[Setting, Figures]:
    """(share, threshold) -> (gold, matched, raised, right) over the held-back folds."""
    topics = sorted({d.topic for d in data}, key=int)
    folds = [topics[k::FOLDS] for k in range(FOLDS)]
    totals = {(share, t): [0, 0, 0, 0] for share in SHARES for t in THRESHOLDS}
    for fold in folds:
        train = [d for d in data if d.topic not in fold]
        test = [d for d in data if d.topic in fold]
        model = fit(train, kind.name, features=features)
        for setting in totals:
            for n, value in enumerate(evaluate(test, kind, model, setting, gold)):
                totals[setting][n] += value
    return {setting: (g, m, r, right) for setting, (g, m, r, right) in totals.items()}


# --- names ------------------------------------------------------------------------------------


@dataclass(slots=True)
class NameData:
    """One gold story's name forms, their candidate pairs, features and labels."""

    story: str
    topic: str
    articles: list[Article]
    index: EntityIndex
    forms: list[Form]
    pairs: list[tuple[int, int]]
    rows: np.ndarray
    labels: np.ndarray


def name_data(story_id: str, story: GoldStory, articles: list[Article]) -> NameData:
    ordered = sorted(articles, key=reading_order)
    by_id = {a.id: a for a in ordered}
    index = build_entity_index(ordered)
    forms = forms_of(index, ordered)
    pairs = spelling_pairs(forms)
    rows = np.array([spelling_features(forms[i], forms[j], by_id) for i, j in pairs], dtype=np.float64)
    gold = [d for d in story.disagreements if d.kind == "name_spelling"]
    owners = [name_owner(f, gold) for f in forms]
    labels = [int(any(d1 == d2 and v1 != v2 for d1, v1 in owners[i] for d2, v2 in owners[j])) for i, j in pairs]
    return NameData(story_id, story_id.split("_")[0], ordered, index, forms, pairs,
                    rows.reshape(len(pairs), len(NAME_FEATURES)), np.array(labels, dtype=np.int64))  # fmt: skip


def name_owner(form: Form, gold: Sequence[GoldDisagreement]) -> set[tuple[int, int]]:
    """(disagreement, version) of the gold name spellings this form writes, in one of their articles."""
    found = set()
    for d, disagreement in enumerate(gold):
        for v, version in enumerate(disagreement.versions):
            word = (version.normalized or version.value).casefold()
            if re.search(rf"\b{re.escape(word)}\b", form.text.casefold()) and form.articles & version.articles:
                found.add((d, v))
    return found


def fit_names(data: Sequence[NameData], threshold: float | None = 0.5) -> AlignModel:
    from sklearn.linear_model import LogisticRegression

    rows = np.concatenate([d.rows for d in data])
    labels = np.concatenate([d.labels for d in data])
    regression = LogisticRegression(C=REGULARISATION, max_iter=10_000, class_weight="balanced").fit(rows, labels)
    return AlignModel("name", NAME_FEATURES, regression.coef_[0].astype(np.float64),
                      float(regression.intercept_[0]), threshold, 0.0)  # fmt: skip


def name_disagreements(data: NameData, model: AlignModel, threshold: float) -> list[Disagreement]:
    probabilities = model.probability(data.rows) if len(data.pairs) else np.zeros(0)
    tuned = AlignModel(model.kind, model.features, model.weights, model.bias, threshold, model.prefilter)
    return spelling_disagreements(data.articles, data.index, tuned, scored=(data.forms, data.pairs, probabilities))


def cross_validate_names(data: Sequence[NameData], gold: dict[str, GoldStory]) -> dict[Setting, Figures]:
    """(0, threshold) -> (gold, matched, raised, right) over the held-back folds (names have no share)."""
    topics = sorted({d.topic for d in data}, key=int)
    folds = [topics[k::FOLDS] for k in range(FOLDS)]
    totals = {t: [0, 0, 0, 0] for t in THRESHOLDS}
    for fold in folds:
        model = fit_names([d for d in data if d.topic not in fold])
        test = [d for d in data if d.topic in fold]
        for threshold in THRESHOLDS:
            stories = [
                (
                    d.story,
                    Story(id=d.story, headline="", articles=[], disagreements=name_disagreements(d, model, threshold)),
                )
                for d in test
            ]
            for n, value in enumerate(figures(stories, gold, "name_spelling")):
                totals[threshold][n] += value
    return {(0.0, t): (g, m, r, right) for t, (g, m, r, right) in totals.items()}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the models (default: the shipped file)")
    parser.add_argument("--kinds", default=",".join([*KINDS, NAMES]), help="which kinds of mention to fit")
    parser.add_argument("--without", default="", help="pair features to leave out, comma-separated (an ablation)")
    args = parser.parse_args(argv)
    left_out = set(filter(None, args.without.split(",")))
    if unknown := left_out - set(FEATURES):
        parser.error(f"no pair features {sorted(unknown)}; they are {', '.join(FEATURES)}")
    features = tuple(f for f in FEATURES if f not in left_out)
    started = time.perf_counter()
    gold = load_gold()
    stories = parsed_stories(gold)
    embedder = load_embedder(load_config(environ={}).embed)
    existing = json.loads(args.out.read_text("utf-8")) if args.out.exists() else {"models": [], "fitted": {}}
    records = {r["kind"]: r for r in existing.get("models", [])}
    about = dict(existing.get("fitted", {}))
    for name in args.kinds.split(","):
        if name == "name":
            names = [name_data(s, gold[s], stories[s]) for s in gold]
            table = cross_validate_names(names, gold)
            labels = np.concatenate([d.labels for d in names])
            _print_table(table)
            best = _best(table)
            records[name] = fit_names(names, best[1] if best else None).to_record()
            about[name] = _about("name_spelling", labels, table, best)
            continue
        kind = KINDS[name]
        data = [story_data(s, gold[s], stories[s], kind, embedder) for s in gold]
        labels = np.concatenate([d.labels for d in data])
        print(f"{name}: {len(data)} stories, {sum(len(d.mentions) for d in data)} mentions, "
              f"{int((labels == 1).sum())} positive and {int((labels == 0).sum())} negative pairs "
              f"({int((labels == -1).sum())} left out)", file=sys.stderr)  # fmt: skip
        table = cross_validate(data, kind, gold, features)
        _print_table(table)
        best = _best(table)
        model = fit(data, name, best[1] if best else None, best[0] if best else 0.0, features)
        records[name] = model.to_record()
        about[name] = _about(kind.gold_kind, labels, table, best)
    payload = {"models": [records[k] for k in sorted(records)], "fitted": about}
    args.out.write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.out} in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def _print_table(table: dict[Setting, Figures]) -> None:
    print(f"{'share':>5} {'threshold':>9} {'matched':>7} {'raised':>6} {'right':>5} {'recall':>6} {'precision':>9} "
          f"{'F0.5':>5}")  # fmt: skip
    for (share, threshold), (g, m, r, right) in table.items():
        precision = right / r if r else 0.0
        print(f"{share:>5.2f} {threshold:>9.2f} {m:>7} {r:>6} {right:>5} {m / g:>6.3f} {precision:>9.3f} "
              f"{f_beta(m, g, r, right):>5.3f}")  # fmt: skip


def _f(figures: Figures) -> float:
    g, m, r, right = figures
    return round(f_beta(m, g, r, right), 3)


def _best(table: dict[Setting, Figures]) -> Setting | None:
    """The (share, threshold) with the best cross-validated F0.5 among those whose precision (the
    matched and judged-right over all raised, unjudged counted wrong) is at least MIN_PRECISION
    (ties: the higher share, then the higher threshold); None when none is."""
    precise = [k for k, (_, _, r, right) in table.items() if r and right / r >= MIN_PRECISION]
    if not precise:
        return None
    return max(precise, key=lambda k: (_f(table[k]), k))


def _about(
    gold_kind: str, labels: np.ndarray, table: dict[Setting, Figures], best: Setting | None
) -> dict[str, object]:
    about: dict[str, object] = {
        "gold": f"{gold_kind} disagreements of ../shared/datasets/ecbplus/reconcile_gold_dev.json",
        "pairs": {"positive": int((labels == 1).sum()), "negative": int((labels == 0).sum())},
        "command": "python -m bench.fit_align",
    }
    if best is None:
        print(f"{gold_kind}: no setting reaches precision {MIN_PRECISION:.3f} in cross-validation: not raised")
        about["threshold"] = (
            f"none: no setting reaches a cross-validated precision of {MIN_PRECISION:.3f}, so this kind is not raised"
        )
        top = max(table, key=lambda k: (_f(table[k]), k))
        g, m, r, right = table[top]
        about["best_setting"] = {"share": top[0], "threshold": top[1], "gold": g, "matched": m, "raised": r,
                                 "right": right}  # fmt: skip
        return about
    g, m, r, right = table[best]
    print(f"{gold_kind}: share {best[0]}, threshold {best[1]}, cross-validated recall {m}/{g}, "
          f"precision {right}/{r} (matched or judged right; unjudged counted wrong)")  # fmt: skip
    about["threshold"] = (
        f"share and threshold with the best F{BETA} over {FOLDS} folds by topic, precision (matched or judged "
        f"right in bench/reconcile_verdicts.json, unjudged counted wrong) at least {MIN_PRECISION:.3f}"
    )
    about["cross_validated"] = {
        "share": best[0],
        "threshold": best[1],
        "gold": g,
        "matched": m,
        "raised": r,
        "right": right,
        "recall": round(m / g, 3),
        "precision_pessimistic": round(m / r, 3) if r else None,
        "precision": round(right / r, 3) if r else None,
    }
    return about


if __name__ == "__main__":
    main()
