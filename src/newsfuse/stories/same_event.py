"""Whether two articles report the same real-world event: a probability from pair features.

The features compare what tells one event from a similar one (see features.py): the leads'
embeddings, rarity-weighted words and names, participants one article names and the other never
does, years, publication dates, specific numbers, quoted words. A logistic model weighs them; its
weights are fit on ECB+ topics 1-22 by `bench/fit_same_event.py` and shipped in
`same_event.json`, which also records how they were fit and what they scored.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from newsfuse.errors import ModelError
from newsfuse.stories.features import ArticleFeatures

FEATURES = (
    "lead",  # cosine of the lead embeddings
    "lemmas",  # cosine of content lemmas, each weighted by its rarity
    "names",  # cosine of names, each weighted by its rarity
    "numbers",  # cosine of specific numbers
    "salient_missing_max",  # share of one article's salient names the other never mentions (the larger side)
    "salient_missing_min",  # ... the smaller side
    "first_missing_max",  # share of the first sentence's names the other never mentions (the larger side)
    "years_shared",  # Jaccard of the years mentioned
    "years_apart",  # both mention years, none in common
    "published_gap",  # days between publication dates, over a year (0 when either is unknown)
    "quotes",  # the two quote the same words: at least QUOTED_RUNS quoted 5-word runs in common
)
DEFAULT_MODEL = "same_event.json"
# Two different events almost never share two quoted runs of five words: on ECB+ topics 1-22, all
# 122 article pairs that do report the same event. (Taking such a pair as certain, whatever the
# other features say, lowered cross-validated F1 from 0.935 to 0.928: the certainty pulled whole
# groups together in average linkage.)
QUOTED_RUNS = 2


@lru_cache(maxsize=65536)
def rarity(word: str) -> float:
    """How much a word or name tells: high for rare words ("Klitschko"), low for common ones ("police")."""
    from wordfreq import zipf_frequency

    return max(0.3, 7.0 - zipf_frequency(word, "en"))


@dataclass(slots=True)
class Profile:
    """An article's features made ready for comparing: unit-length weighted vectors."""

    features: ArticleFeatures
    lemmas: dict[str, float]
    names: dict[str, float]
    numbers: dict[str, float]

    @classmethod
    def of(cls, features: ArticleFeatures) -> Profile:
        return cls(features, _weighted(features.lemmas), _weighted(features.names), _weighted(features.numbers))


def _weighted(counts: Counter[str]) -> dict[str, float]:
    vector = {key: (1.0 + math.log(count)) * rarity(key) for key, count in counts.items() if count > 0}
    norm = math.sqrt(sum(value * value for value in vector.values()))
    return {key: value / norm for key, value in vector.items()} if norm else {}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(value * b.get(key, 0.0) for key, value in a.items())


def _missing(names: frozenset[str], other: ArticleFeatures) -> float:
    """The rarity-weighted share of `names` that the other article never mentions."""
    if not names:
        return 0.0
    total = sum(rarity(name) for name in names)
    return sum(rarity(name) for name in names if not other.mentions(name)) / total


def pair_features(a: Profile, b: Profile) -> np.ndarray:
    """The features of one pair of articles, in the order of FEATURES (symmetric in a and b)."""
    fa, fb = a.features, b.features
    salient = (_missing(fa.salient, fb), _missing(fb.salient, fa))
    first = max(_missing(fa.first_names, fb), _missing(fb.first_names, fa))
    years = len(fa.years & fb.years) / len(fa.years | fb.years) if fa.years and fb.years else 0.0
    apart = 1.0 if fa.years and fb.years and not fa.years & fb.years else 0.0
    gap = min(abs((fa.published - fb.published).days), 365) / 365 if fa.published and fb.published else 0.0
    return np.array(
        [
            float(np.dot(fa.vector, fb.vector)),
            _cosine(a.lemmas, b.lemmas),
            _cosine(a.names, b.names),
            _cosine(a.numbers, b.numbers),
            max(salient),
            min(salient),
            first,
            years,
            apart,
            gap,
            1.0 if len(fa.quotes & fb.quotes) >= QUOTED_RUNS else 0.0,
        ]
    )


@dataclass(frozen=True, slots=True)
class SameEventModel:
    """A logistic model over pair features: P(same event) = sigmoid(w . x + b)."""

    weights: np.ndarray
    bias: float
    threshold: float  # the probability at or above which two stories are one (average linkage)
    about: dict[str, Any]  # how the weights were fit and what they scored

    def probability(self, a: Profile, b: Profile) -> float:
        """P(the two articles report the same event)."""
        return 1.0 / (1.0 + math.exp(-(float(np.dot(self.weights, pair_features(a, b))) + self.bias)))

    def to_json(self) -> str:
        record = {
            "features": list(FEATURES),
            "weights": [round(float(w), 6) for w in self.weights],
            "bias": round(self.bias, 6),
            "threshold": self.threshold,
            "about": self.about,
        }
        return json.dumps(record, indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str, origin: str) -> SameEventModel:
        try:
            record = json.loads(text)
            if record["features"] != list(FEATURES):
                raise ValueError(f"its features are {record['features']}, this version uses {list(FEATURES)}")
            return cls(
                np.array(record["weights"], dtype=np.float64),
                float(record["bias"]),
                float(record["threshold"]),
                dict(record.get("about", {})),
            )
        except (ValueError, KeyError, TypeError) as error:
            raise ModelError(
                f"story model {origin} is not a same-event model for this version ({error}): "
                "refit it with `python -m bench.fit_same_event --out FILE`, or leave stories.model empty"
            ) from error


@lru_cache(maxsize=4)
def load_model(path: str = "") -> SameEventModel:
    """The same-event model: the one shipped with newsfuse, or a file fit by bench/fit_same_event.py."""
    if not path:
        text = resources.files("newsfuse.stories").joinpath(DEFAULT_MODEL).read_text(encoding="utf-8")
        return SameEventModel.from_json(text, DEFAULT_MODEL)
    try:
        text = Path(path).expanduser().read_text(encoding="utf-8")
    except OSError as error:
        raise ModelError(
            f"story model {path} cannot be read ({error.strerror}): "
            "set stories.model to a model file, or leave it empty"
        ) from error
    return SameEventModel.from_json(text, path)
