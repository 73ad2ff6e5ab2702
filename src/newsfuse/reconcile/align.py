"""Alignment: which mentions of different articles fill the same slot of the same event.

Two mentions are compared by a logistic model over pair features: the cosine of their sentences'
embeddings, the cosine of their slots in a few words ("people injured", "quake magnitude"), whether
they measure the same noun and fill the same predicate, the words, names and qualifiers around
them, units, hedges and cues, and, as one weak feature, how far apart their values are. The
weights are fitted on the hand-checked development gold by `bench/fit_align.py`, one model per kind
of mention, and shipped in `align.json` with how they were fitted, the threshold chosen by
cross-validation by topic and what it scored. Mentions are then grouped by average linkage: two
groups are one when the mean probability over their pairs of different articles reaches the
threshold, so one loose pair never chains two slots together.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from newsfuse.document import Article
from newsfuse.numeric import product
from newsfuse.parse.embeddings import Embedder
from newsfuse.reconcile.evidence import independent_sources
from newsfuse.reconcile.mentions import Mention
from newsfuse.reconcile.mentions.mention import month_days
from newsfuse.reconcile.mentions.slots import UPDATE_CUES

FEATURES = (
    "cosine",  # the sentences' embeddings
    "slot_cosine",  # the slots' phrases' embeddings
    "window_cosine",  # the embeddings of the words around each value, the value masked
    "noun_cosine",  # the measured nouns' embeddings (with their qualifiers), 0 when either has none
    "verb_cosine",  # the predicates' embeddings, 0 when either has none
    "noun_same",
    "verb_same",
    "noun_missing",  # either measures no noun of its own
    "verb_missing",
    "context",  # Jaccard of the clauses' content words
    "names",  # overlap of the sentences' names
    "owner_same",  # both values belong to one name ("Orozco, 27" and "Orozco, 29")
    "owner_conflict",  # each belongs to a name, and the names differ (Klitschko's age and Pukall's)
    "date_gap",  # log(1 + days) between the articles' publication dates, 0 when either is undated
    "modifiers",  # Jaccard of the nouns' qualifiers
    "unit_same",  # written in the same unit
    "log_ratio",  # |log| of the ratio of the stated values, capped at 3
    "compatible",  # the intervals meet
    "partitive",  # either is a part of another set
    "hedged",  # either is hedged
    "cue",  # either has a cue of change or time
    "lead",  # both stand in their article's first three sentences
)
# Dimensions whose values can be compared: a count and a number of times ("seven bullets", "shot
# eleven times") are both how many.
_COMPARABLE = {"times": "count"}


@dataclass(frozen=True, slots=True)
class AlignModel:
    """The fitted pair model of one kind of mention, and its decision threshold."""

    kind: str
    features: tuple[str, ...]
    weights: np.ndarray
    bias: float
    # The decision threshold; None where no threshold was precise enough in cross-validation, and
    # this kind of mention is then never raised (see align.json's "fitted").
    threshold: float | None
    prefilter: float  # pairs whose sentences' cosine is below this are never aligned (fitted: see align.json)
    # The share of the story's independent sources an aligned group must span to be compared: a
    # figure only two of twenty outlets give is seldom the story's, and its "disagreements" were
    # mostly two different things (fitted with the threshold: see align.json).
    min_share: float = 0.0

    def probability(self, rows: np.ndarray) -> np.ndarray:
        """P(same slot) for each row of pair features."""
        if rows.shape[0] == 0:
            return np.zeros(0)
        z = np.asarray(rows @ self.weights + self.bias, dtype=np.float64)
        result: np.ndarray = 1.0 / (1.0 + np.exp(-z))
        return result

    def columns(self, computed: Sequence[str]) -> list[int]:
        """Where each of the model's features stands among the `computed` ones."""
        unknown = [f for f in self.features if f not in computed]
        if unknown:
            raise ValueError(f"the {self.kind} alignment model needs features newsfuse does not compute: {unknown}")
        return [list(computed).index(f) for f in self.features]

    def to_record(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "features": list(self.features),
            "weights": [round(float(w), 6) for w in self.weights],
            "bias": round(self.bias, 6),
            "threshold": self.threshold,
            "prefilter": self.prefilter,
            "min_share": self.min_share,
        }

    @classmethod
    def from_record(cls, record: dict[str, object]) -> AlignModel:
        features = tuple(str(f) for f in record["features"])  # type: ignore[attr-defined]
        weights = np.asarray(record["weights"], dtype=np.float64)
        if len(features) != len(weights):
            raise ValueError(
                f"align model for {record['kind']} has {len(weights)} weights for {len(features)} features"
            )
        return cls(
            kind=str(record["kind"]),
            features=features,
            weights=weights,
            bias=float(record["bias"]),  # type: ignore[arg-type]
            threshold=None if record["threshold"] is None else float(record["threshold"]),  # type: ignore[arg-type]
            prefilter=float(record["prefilter"]),  # type: ignore[arg-type]
            min_share=float(record.get("min_share", 0.0)),  # type: ignore[arg-type]
        )


@lru_cache(maxsize=4)
def load_models(path: str | None = None) -> dict[str, AlignModel]:
    """The shipped alignment models (or those in the JSON file at `path`), by kind of mention."""
    if path is None:
        text = resources.files("newsfuse.reconcile").joinpath("align.json").read_text("utf-8")
    else:
        text = Path(path).read_text("utf-8")
    data = json.loads(text)
    return {record["kind"]: AlignModel.from_record(record) for record in data["models"]}


class Vectors:
    """The embeddings the features read: each mention's sentence, and each slot phrase."""

    def __init__(self, embedder: Embedder, mentions: Sequence[Mention]) -> None:
        sentences = sorted({_sentence_key(m): m for m in mentions}.items())
        phrases = sorted(
            {m.slot.phrase() for m in mentions}
            | {m.slot.window or m.slot.phrase() for m in mentions}
            | {m.slot.noun_phrase() for m in mentions if m.slot.noun}
            | {m.slot.verb for m in mentions if m.slot.verb}
        )
        texts = [m.article.span_text(m.sentence) for _, m in sentences] + phrases
        encoded = embedder.encode(texts) if texts else np.zeros((0, 384), dtype=np.float32)
        self.sentence = {key: encoded[n] for n, (key, _) in enumerate(sentences)}
        self.phrase = {phrase: encoded[len(sentences) + n] for n, phrase in enumerate(phrases)}

    def of_sentences(self, mentions: Sequence[Mention]) -> np.ndarray:
        return np.stack([self.sentence[_sentence_key(m)] for m in mentions]) if mentions else np.zeros((0, 384))

    def of_phrases(self, mentions: Sequence[Mention]) -> np.ndarray:
        return np.stack([self.phrase[m.slot.phrase()] for m in mentions]) if mentions else np.zeros((0, 384))

    def of_nouns(self, mentions: Sequence[Mention]) -> np.ndarray:
        """Each mention's noun phrase vector (zeros without a noun: its cosines are 0)."""
        zero = np.zeros(384, dtype=np.float32)
        rows = [self.phrase[m.slot.noun_phrase()] if m.slot.noun else zero for m in mentions]
        return np.stack(rows) if rows else np.zeros((0, 384))

    def of_verbs(self, mentions: Sequence[Mention]) -> np.ndarray:
        zero = np.zeros(384, dtype=np.float32)
        rows = [self.phrase[m.slot.verb] if m.slot.verb else zero for m in mentions]
        return np.stack(rows) if rows else np.zeros((0, 384))

    def of_windows(self, mentions: Sequence[Mention]) -> np.ndarray:
        rows = [self.phrase[m.slot.window or m.slot.phrase()] for m in mentions]
        return np.stack(rows) if rows else np.zeros((0, 384))


def _sentence_key(mention: Mention) -> tuple[str, int, int]:
    return (mention.article.id, mention.sentence.start, mention.sentence.end)


def comparable(a: Mention, b: Mention) -> bool:
    """Whether two mentions' values can be compared: the same dimension in the same canonical unit,
    and for ages the same person where both name one."""
    dimension_a, dimension_b = _COMPARABLE.get(a.dimension, a.dimension), _COMPARABLE.get(b.dimension, b.dimension)
    if dimension_a != dimension_b or a.kind != b.kind:
        return False
    if dimension_a == "age" and a.slot.owner and b.slot.owner and a.slot.owner != b.slot.owner:
        return False  # an age is one person's: the 32-year-old Klitschko is not the 33-year-old Pukall
    return (a.unit.canonical if a.unit else None) == (b.unit.canonical if b.unit else None)


def candidate_pairs(mentions: Sequence[Mention], cosines: np.ndarray, prefilter: float) -> list[tuple[int, int]]:
    """The pairs worth scoring: different articles, comparable values, sentences not too far apart."""
    pairs = []
    for i in range(len(mentions)):
        for j in range(i + 1, len(mentions)):
            a, b = mentions[i], mentions[j]
            if a.article is b.article or cosines[i, j] < prefilter or not comparable(a, b):
                continue
            pairs.append((i, j))
    return pairs


def pair_features(a: Mention, b: Mention, similar: Similarities, i: int, j: int) -> list[float]:
    """The features of one pair of mentions (`i`, `j`: their rows in `similar`), in FEATURES order."""
    sa, sb = a.slot, b.slot
    ratio = _distance(a, b)
    lead = a.sentence.start <= _third_sentence_end(a) and b.sentence.start <= _third_sentence_end(b)
    return [
        float(similar.sentence[i, j]),
        float(similar.slot[i, j]),
        float(similar.window[i, j]),
        float(similar.noun[i, j]),
        float(similar.verb[i, j]),
        float(sa.noun is not None and sa.noun == sb.noun),
        float(sa.verb is not None and sa.verb == sb.verb),
        float(sa.noun is None or sb.noun is None),
        float(sa.verb is None or sb.verb is None),
        _jaccard(sa.context, sb.context),
        _overlap(sa.names, sb.names),
        float(sa.owner is not None and sa.owner == sb.owner),
        float(sa.owner is not None and sb.owner is not None and sa.owner != sb.owner),
        _date_gap(a, b),
        _jaccard(sa.modifiers, sb.modifiers),
        float(a.unit is not None and b.unit is not None and a.unit.name == b.unit.name),
        ratio,
        float(_meet(a, b)),
        float(sa.partitive or sb.partitive),
        float(bool(a.hedge or b.hedge)),
        float(bool(sa.cues or sb.cues)),
        float(lead),
    ]


@dataclass(frozen=True, slots=True)
class Similarities:
    """The cosines between mentions, each a square matrix: sentences, slot phrases, masked windows,
    measured nouns and predicates."""

    sentence: np.ndarray
    slot: np.ndarray
    window: np.ndarray
    noun: np.ndarray
    verb: np.ndarray


def similarities(mentions: Sequence[Mention], vectors: Vectors) -> Similarities:
    """The cosines between these mentions' sentences, slots, windows, nouns and predicates."""
    matrices = [
        product(rows, rows.T).astype(np.float64)
        for rows in (
            vectors.of_sentences(mentions),
            vectors.of_phrases(mentions),
            vectors.of_windows(mentions),
            vectors.of_nouns(mentions),
            vectors.of_verbs(mentions),
        )
    ]
    return Similarities(*matrices)


def score_pairs(
    mentions: Sequence[Mention], vectors: Vectors, model: AlignModel
) -> tuple[list[tuple[int, int]], np.ndarray]:
    """The candidate pairs of these mentions and each one's probability of filling one slot."""
    if len(mentions) < 2:
        return [], np.zeros(0)
    similar = similarities(mentions, vectors)
    pairs = candidate_pairs(mentions, similar.sentence, model.prefilter)
    rows = np.array(
        [pair_features(mentions[i], mentions[j], similar, i, j) for i, j in pairs], dtype=np.float64
    ).reshape(len(pairs), len(FEATURES))
    return pairs, model.probability(rows[:, model.columns(FEATURES)])


def mutual_best(
    mentions: Sequence[Mention], pairs: Sequence[tuple[int, int]], probabilities: np.ndarray
) -> tuple[list[tuple[int, int]], np.ndarray]:
    """The pairs in which neither mention has a likelier match stating another value in the
    other's article.

    An article states one slot's value once (or repeats it): when article A gives "four life terms
    and seven counts" and B the same, four goes with four and seven with seven, however alike the
    sentences make the crossed pairs look. A repeat of the same figure is no rival: an article
    giving "over two hours" twice has both matched.
    """
    owners = [m.article.id for m in mentions]
    values = [_value_key(m) for m in mentions]
    best: dict[tuple[int, str, tuple[float, float]], float] = {}
    for (i, j), p in zip(pairs, probabilities, strict=True):
        for mine, other in ((i, j), (j, i)):
            key = (mine, owners[other], values[other])
            best[key] = max(best.get(key, 0.0), float(p))

    by_mention: dict[int, list[tuple[tuple[int, str, tuple[float, float]], float]]] = {}
    for key, q in best.items():
        by_mention.setdefault(key[0], []).append((key, q))

    def beaten(mine: int, other: int, p: float) -> bool:
        return any(
            q > p + 1e-12 and owner == owners[other] and value != values[other]
            for (_, owner, value), q in by_mention.get(mine, [])
        )

    kept = [
        n
        for n, ((i, j), p) in enumerate(zip(pairs, probabilities, strict=True))
        if not beaten(i, j, float(p)) and not beaten(j, i, float(p))
    ]
    return [pairs[n] for n in kept], probabilities[kept] if len(probabilities) else probabilities


def _value_key(mention: Mention) -> tuple[float, float]:
    if mention.kind == "date" and mention.month_day:
        month, day = mention.month_day  # a date with no year: its month and day are its value
        return (-math.inf, float(100 * month + (day or 0)))
    if mention.kind == "date" and mention.low is None and mention.weekday is not None:
        return (-math.inf, float(mention.weekday))  # a weekday with no date: its weekday is its value
    return (
        round(mention.low if mention.low is not None else -math.inf, 9),
        round(mention.high if mention.high is not None else math.inf, 9),
    )


def group(
    mentions: Sequence[Mention], pairs: Sequence[tuple[int, int]], probabilities: np.ndarray, threshold: float
) -> list[list[int]]:
    """Average-linkage groups of mentions: two groups join while the mean, over their pairs of
    different articles, of the likeliest link between those articles' mentions (a pair never
    scored, or not a mutual best match, counts as 0) is at least `threshold`. An article's repeats
    of one figure move together: they are one node, linked as its likeliest member is. Returns the
    groups of two or more, each sorted."""
    pairs, probabilities = mutual_best(mentions, pairs, probabilities)
    node_of: dict[tuple[str, tuple[float, float]], int] = {}
    nodes = [node_of.setdefault((m.article.id, _value_key(m)), len(node_of)) for m in mentions]
    owners = [article for article, _ in node_of]
    linked: dict[tuple[int, int], float] = {}
    for (i, j), p in zip(pairs, probabilities, strict=True):
        x, y = sorted((nodes[i], nodes[j]))
        if x != y:
            linked[(x, y)] = max(linked.get((x, y), 0.0), float(p))
    # Only pairs at the threshold can ever join: work inside their connected components.
    parent = list(range(len(owners)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (x, y), p in linked.items():
        if p >= threshold:
            parent[find(x)] = find(y)
    components: dict[int, list[int]] = {}
    for x in range(len(owners)):
        components.setdefault(find(x), []).append(x)
    members_of: dict[int, list[int]] = {}
    for i, x in enumerate(nodes):
        members_of.setdefault(x, []).append(i)
    groups: list[list[int]] = []
    for component in components.values():
        if len(component) > 1:
            for cluster in _average_linkage(component, linked, owners, threshold):
                if len(cluster) > 1:
                    groups.append(sorted(i for x in cluster for i in members_of[x]))
    return sorted(groups)


def _average_linkage(
    members: list[int], linked: dict[tuple[int, int], float], owners: Sequence[str], threshold: float
) -> list[list[int]]:
    clusters = [[m] for m in members]
    while len(clusters) > 1:
        best, best_pair = threshold, None
        for x in range(len(clusters)):
            for y in range(x + 1, len(clusters)):
                mean = _mean_link(clusters[x], clusters[y], linked, owners)
                if mean is not None and mean >= best:
                    best, best_pair = mean, (x, y)
        if best_pair is None:
            break
        x, y = best_pair
        clusters[x] = clusters[x] + clusters[y]
        del clusters[y]
    return clusters


def _mean_link(
    first: list[int], second: list[int], linked: dict[tuple[int, int], float], owners: Sequence[str]
) -> float | None:
    """The mean, over pairs of different articles (one from each group), of the likeliest link
    between their mentions; None when there is no such pair. Articles, not mentions, are averaged:
    an article that repeats a figure has one say, and its repeats, no other article's best match,
    do not pull the mean down."""
    best: dict[tuple[str, str], float] = {}
    for i in first:
        for j in second:
            if owners[i] == owners[j]:
                continue
            key = (owners[i], owners[j])
            best[key] = max(best.get(key, 0.0), linked.get((i, j) if i < j else (j, i), 0.0))
    return sum(best.values()) / len(best) if best else None


def aligned(
    mentions: Sequence[Mention], vectors: Vectors, model: AlignModel, articles: dict[str, Article]
) -> list[list[Mention]]:
    """The mentions grouped by the slot they fill (groups of two or more) that are worth comparing:
    `widely_given` and not explained by `coexist`."""
    if model.threshold is None:
        return []
    pairs, probabilities = score_pairs(mentions, vectors, model)
    groups = [[mentions[i] for i in g] for g in group(mentions, pairs, probabilities, model.threshold)]
    return [g for g in groups if widely_given(g, articles, model.min_share) and not coexist(g, mentions)]


def widely_given(members: Sequence[Mention], articles: dict[str, Article], min_share: float) -> bool:
    """Whether a group's articles are at least `min_share` of the story's independent sources."""
    story = independent_sources(set(articles), articles)
    return story > 0 and independent_sources({m.article.id for m in members}, articles) / story >= min_share - 1e-9


def coexist(members: Sequence[Mention], mentions: Sequence[Mention]) -> bool:
    """Whether every difference in an aligned group is between values that one of its articles
    states both of: when the article giving 32 also gives 33 elsewhere (the 32-year-old
    champion, the 33-year-old challenger), two outlets that give one each are most likely naming
    the two things, not disagreeing on one. A group whose figures say they changed ("rose to",
    "initially") is kept: an article giving the earlier and the later figure shows an update.
    """
    if any(m.slot.cues & UPDATE_CUES for m in members):
        return False
    stated: dict[str, list[Mention]] = {}
    for mention in mentions:
        stated.setdefault(mention.article.id, []).append(mention)

    def states(article_id: str, value: Mention) -> bool:
        return any(comparable(m, value) and m.states_the_same(value) for m in stated.get(article_id, []))

    differing = [
        (a, b)
        for n, a in enumerate(members)
        for b in members[n + 1 :]
        if a.article.id != b.article.id and not a.states_the_same(b)
    ]
    return bool(differing) and all(states(a.article.id, b) or states(b.article.id, a) for a, b in differing)


def _distance(a: Mention, b: Mention) -> float:
    """How far apart two values are, on a scale of 0 to 3: |log| of their ratio for amounts, of
    the days (or hours) between them for dates (and times)."""
    if a.kind == "date" and (a.month_day or b.month_day):
        return _month_day_distance(a, b)
    if a.kind == "date" and (a.low is None or b.low is None):
        if a.weekday is None or b.weekday is None:
            return 0.0
        apart = abs(a.weekday - b.weekday)  # days between weekdays, the nearer way round
        return math.log1p(min(apart, 7 - apart))
    stated_a, stated_b = _stated(a), _stated(b)
    if a.kind == "date":
        scale = 60.0 if a.dimension == "time" else 1.0
        return min(math.log1p(abs(stated_a - stated_b) / scale), 3.0)
    return min(abs(math.log(stated_a / stated_b)), 3.0) if stated_a > 0 and stated_b > 0 else 3.0


def _month_day_distance(a: Mention, b: Mention) -> float:
    """|log| of the days between the nearest (month, day) two dates allow, as in one leap year
    (a month alone is its middle day); 0 where either is a weekday alone."""
    days_a, days_b = month_days(a), month_days(b)
    if days_a is None or days_b is None:
        return 0.0

    def of_year(month: int, day: int | None) -> int:
        return date(2000, month, day or 15).timetuple().tm_yday

    apart = min(abs(of_year(*x) - of_year(*y)) for x in days_a for y in days_b)
    return min(math.log1p(min(apart, 366 - apart)), 3.0)


def _stated(mention: Mention) -> float:
    """The value a mention states, in its canonical unit: the middle of its interval, or its open end."""
    low, high = mention.low, mention.high
    if low is not None and high is not None:
        return abs(low + high) / 2
    return abs(low if low is not None else high if high is not None else 0.0)


def _meet(a: Mention, b: Mention) -> bool:
    low = max(x for x in (a.low, b.low, -math.inf) if x is not None)
    high = min(x for x in (a.high, b.high, math.inf) if x is not None)
    return low <= high + 1e-9


def _third_sentence_end(mention: Mention) -> int:
    sentences = mention.article.sentences
    return sentences[min(2, len(sentences) - 1)].end if sentences else 0


def _date_gap(a: Mention, b: Mention) -> float:
    first, second = a.article.published, b.article.published
    if first is None or second is None:
        return 0.0
    return math.log1p(abs((first - second).days))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0
