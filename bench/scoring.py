"""The article-extraction benchmark's scoring, as published with the benchmark.

Per page: word 4-gram shingles (words are `\\w+` runs) of the extracted body against the
expected body; true/false positives and false negatives counted with multiplicity and normalised
per page. Precision and recall are averaged over pages (pages with no prediction, or no truth,
skipped for that average); F1 comes from the two averages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+", re.UNICODE)
NGRAM = 4


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + NGRAM]) for i in range(max(1, len(tokens) - NGRAM + 1)) if tokens)


def page_counts(expected: str, predicted: str) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of one page."""
    truth, guess = _shingles(expected), _shingles(predicted)
    tp = fp = fn = 0
    for key in truth.keys() | guess.keys():
        t, p = truth.get(key, 0), guess.get(key, 0)
        tp += min(t, p)
        fp += max(0, p - t)
        fn += max(0, t - p)
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float
    pages: int


def score(pairs: Iterable[tuple[str, str]]) -> Score:
    """Score (expected, predicted) body pairs the benchmark's way."""
    counts = [page_counts(expected, predicted) for expected, predicted in pairs]
    precisions = [tp / (tp + fp) for tp, fp, _ in counts if tp + fp > 0]
    recalls = [tp / (tp + fn) for tp, _, fn in counts if tp + fn > 0]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(precision, recall, f1, len(counts))
