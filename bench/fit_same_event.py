"""Fit the same-event model's weights on ECB+ topics 1-22 and choose its threshold.

    python -m bench.fit_same_event                 # fit, cross-validate, write src/newsfuse/stories/same_event.json
    python -m bench.fit_same_event --out FILE      # write elsewhere (use it with stories.model = FILE)

Training pairs are every pair of articles within a topic (same event, or its similar-event
sibling) and every pair across topics whose leads are at least somewhat alike (cosine 0.3), the
pairs the clusterer's candidates bring. The weights are an L2-regularised logistic regression
(scikit-learn). The threshold is chosen by cross-validation by topic: the dev topics are split
into four folds; the model fit on three places the fourth fold's articles one at a time, in file
order, with the online clusterer, and the threshold with the best BCubed F1 over the four held-back
folds wins. Those cross-validated figures are what the model is expected to score on unseen topics;
the held-out split (topics 23-45) is never read here.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from bench.ecb import DEV, bcubed, features, gold_stories, topic, with_sibling
from newsfuse.stories import ArticleFeatures, StoryClusterer
from newsfuse.stories.same_event import FEATURES, Profile, SameEventModel, pair_features

MODEL = Path(__file__).resolve().parent.parent / "src" / "newsfuse" / "stories" / "same_event.json"
THRESHOLDS = (0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)
FOLDS = 4
REGULARISATION = 1.0  # scikit-learn's C
TIE = 0.005  # F1 differences smaller than this are noise on 460 articles


def training_pairs(items: list[ArticleFeatures], gold: dict[str, str]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Pair features, labels (1: same event) and each pair's topic (its first article's)."""
    profiles = [Profile.of(item) for item in items]
    rows, labels, topics = [], [], []
    for i, a in enumerate(profiles):
        story_a = gold[a.features.article_id]
        for b in profiles[i + 1 :]:
            story_b = gold[b.features.article_id]
            if topic(story_a) != topic(story_b) and float(np.dot(a.features.vector, b.features.vector)) < 0.3:
                continue
            rows.append(pair_features(a, b))
            labels.append(int(story_a == story_b))
            topics.append(topic(story_a))
    return np.array(rows), np.array(labels), topics


def fit(rows: np.ndarray, labels: np.ndarray, threshold: float, about: dict[str, object]) -> SameEventModel:
    from sklearn.linear_model import LogisticRegression

    regression = LogisticRegression(C=REGULARISATION, max_iter=5000).fit(rows, labels)
    return SameEventModel(regression.coef_[0].astype(np.float64), float(regression.intercept_[0]), threshold, about)


def place(items: list[ArticleFeatures], model: SameEventModel) -> dict[str, int]:
    """Article id -> story key, the articles added one at a time in the given order."""
    clusterer = StoryClusterer(model=model)
    for item in items:
        clusterer.add(item)
    return {article: key for key, members in clusterer.stories().items() for article in members}


def cross_validate(
    items: list[ArticleFeatures], gold: dict[str, str], rows: np.ndarray, labels: np.ndarray, topics: list[str]
) -> dict[float, tuple[float, float, float, float]]:
    """Threshold -> (BCubed P, R, F1, share with the sibling story) over the held-back folds."""
    names = sorted({topic(s) for s in gold.values()}, key=int)
    folds = [names[k::FOLDS] for k in range(FOLDS)]
    pair_topics = np.array(topics)
    results = {}
    for threshold in THRESHOLDS:
        predicted: dict[str, int] = {}
        for number, fold in enumerate(folds):
            train = ~np.isin(pair_topics, fold)
            model = fit(rows[train], labels[train], threshold, {})
            part = [item for item in items if topic(gold[item.article_id]) in fold]
            predicted.update({a: number * 100_000 + key for a, key in place(part, model).items()})
        p, r, f1 = bcubed(predicted, gold)
        results[threshold] = (p, r, f1, with_sibling(predicted, gold))
        print(
            f"threshold {threshold:.2f}: BCubed P {p:.3f} R {r:.3f} F1 {f1:.3f}, "
            f"with sibling {results[threshold][3]:.1%}"
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=MODEL, help="where to write the model (JSON)")
    parser.add_argument("--cache", type=Path, help="keep the dev split's features in this file between runs")
    args = parser.parse_args()
    gold = gold_stories(DEV)
    items = features(DEV, args.cache)
    rows, labels, topics = training_pairs(items, gold)
    print(
        f"ECB+ topics {DEV.start}-{DEV.stop - 1}: {len(items)} articles, {len(rows)} pairs ({labels.sum()} same event)"
    )
    results = cross_validate(items, gold, rows, labels, topics)
    # Precision first: of the thresholds within TIE of the best F1, the highest (a wrong merge of two
    # events costs more than a story split in two).
    best = max(f1 for _, _, f1, _ in results.values())
    threshold = max(t for t, (_, _, f1, _) in results.items() if f1 >= best - TIE)
    p, r, f1, sibling = results[threshold]
    about = {
        "fit_on": f"ECB+ topics {DEV.start}-{DEV.stop - 1} ({len(items)} articles, {len(rows)} pairs)",
        "fit_by": "python -m bench.fit_same_event",
        "regularisation_C": REGULARISATION,
        "threshold_chosen_by": f"{FOLDS}-fold cross-validation by topic, online clustering in file order",
        "cross_validated": {
            "precision": round(p, 3),
            "recall": round(r, 3),
            "f1": round(f1, 3),
            "with_sibling": round(sibling, 3),
        },
    }
    model = fit(rows, labels, threshold, about)
    args.out.write_text(model.to_json(), encoding="utf-8")
    print(f"threshold {threshold:.2f} (cross-validated F1 {f1:.3f}, with sibling {sibling:.1%}); weights:")
    for name, weight in zip(FEATURES, model.weights, strict=True):
        print(f"  {name:22s} {weight:+.3f}")
    print(f"  {'bias':22s} {model.bias:+.3f}\nwritten to {args.out}")


if __name__ == "__main__":
    main()
