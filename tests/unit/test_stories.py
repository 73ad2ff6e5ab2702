"""The story clusterer: one event stays one story, a similar event is another, stories regroup.

The first tests run the shipped same-event model on invented articles; the others use a model
that looks only at the leads' cosine, on hand-made vectors, so that each rule can be seen at work.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from newsfuse.config import Config
from newsfuse.document import Article
from newsfuse.errors import ModelError
from newsfuse.parse import annotate
from newsfuse.parse.embeddings import load_embedder
from newsfuse.pipeline import analyze
from newsfuse.stories import (
    ArticleFeatures,
    ClusterSettings,
    SameEventModel,
    StoryClusterer,
    StoryState,
    article_features,
    group_articles,
    load_model,
)
from newsfuse.stories.same_event import FEATURES, Profile, pair_features

BRIDGE = [
    "The harbour bridge in Port Alder closed on Monday after inspectors found a crack in a steel girder. "
    "Mayor Daniel Fairweather said it would stay shut for weeks.",
    "Port Alder's harbour bridge was shut on Monday when engineers found a cracked girder, Mayor Daniel "
    "Fairweather said. Ferries will run more often.",
    "Engineer Maria Okonkwo said the crack in the Port Alder harbour bridge girder was about 40 centimetres "
    "long. The bridge closed on Monday.",
]
FIRE = [
    "A fire destroyed the old grain store in Kessel Bay on Friday night. Fire chief Anna Lund said no one "
    "was hurt and the cause is not yet known.",
    "Kessel Bay's grain store burned down on Friday, fire chief Anna Lund said, adding that nobody was "
    "injured in the blaze.",
]
# A similar event: another bridge, another town, other officials, another year.
OTHER_BRIDGE = [
    "The river bridge in Millbrook was closed on Thursday after a barge struck one of its piers in 2019. "
    "Governor Helen Castellano said divers would inspect the damage.",
    "Millbrook's river bridge stayed closed on Thursday while divers checked the pier a barge hit, "
    "Governor Helen Castellano said in 2019.",
]


def _articles(texts: list[str], prefix: str, published: date = date(2024, 5, 13)) -> list[Article]:
    return [
        Article(id=f"{prefix}-{n}", origin=f"{prefix}-{n}", text=text, published=published)
        for n, text in enumerate(texts)
    ]


def _grouped(articles: list[Article], config: Config) -> list[list[str]]:
    annotate(articles, config.parse)
    return [[a.id for a in group] for group in group_articles(articles, load_embedder(config.embed), config.stories)]


def test_two_events_are_two_stories_and_a_copy_follows_its_original(config: Config) -> None:
    articles = _articles(BRIDGE, "bridge") + _articles(FIRE, "fire")
    articles.append(
        Article(id="repost", origin="repost", text=FIRE[0], published=date(2024, 5, 14), duplicate_of="fire-0")
    )
    assert _grouped(articles, config) == [["bridge-0", "bridge-1", "bridge-2"], ["fire-0", "fire-1", "repost"]]


def test_a_similar_event_is_a_story_of_its_own(config: Config) -> None:
    articles = _articles(BRIDGE, "bridge") + _articles(OTHER_BRIDGE, "millbrook", date(2019, 3, 7))
    assert _grouped(articles, config) == [["bridge-0", "bridge-1", "bridge-2"], ["millbrook-0", "millbrook-1"]]


def test_one_article_is_one_story(config: Config) -> None:
    (article,) = _articles(BRIDGE[:1], "bridge")
    annotate([article], config.parse)
    assert group_articles([article], load_embedder(config.embed)) == [[article]]
    assert group_articles([], load_embedder(config.embed)) == []


def test_analyze_reports_unrelated_inputs_as_separate_stories(config: Config, tmp_path: Path) -> None:
    for prefix, texts in (("bridge", BRIDGE), ("fire", FIRE)):
        for n, text in enumerate(texts):
            (tmp_path / f"{prefix}-{n}.txt").write_text(text, encoding="utf-8")
    report = analyze([str(tmp_path)], config)
    assert [[a.id for a in story.articles] for story in report.stories] == [
        ["bridge-0", "bridge-1", "bridge-2"],
        ["fire-0", "fire-1"],
    ]
    assert len({story.id for story in report.stories}) == 2


def test_features_name_the_participants_years_and_numbers(config: Config) -> None:
    (article,) = _articles(
        ["Mayor Daniel Fairweather closed the Port Alder bridge in 2024. Fairweather said 1,200 cars a day use it."],
        "bridge",
    )
    annotate([article], config.parse)
    (features,) = article_features([article], load_embedder(config.embed))
    assert "fairweather" in features.names and "fairweather" in features.salient
    assert features.years == {"2024"} and features.numbers == {"1,200": 1}
    assert features.mentions("fairweather") and not features.mentions("castellano")
    assert ArticleFeatures.from_record(json.loads(json.dumps(features.to_record()))).to_record() == features.to_record()


def test_pair_features_are_symmetric_and_the_shipped_model_loads(config: Config) -> None:
    articles = _articles(BRIDGE[:1] + OTHER_BRIDGE[:1], "pair")
    annotate(articles, config.parse)
    a, b = (Profile.of(f) for f in article_features(articles, load_embedder(config.embed)))
    assert np.allclose(pair_features(a, b), pair_features(b, a)) and len(pair_features(a, b)) == len(FEATURES)
    model = load_model()
    assert 0.5 < model.threshold < 1 and "cross_validated" in model.about
    assert model.probability(a, a) > model.threshold > model.probability(a, b)


def test_a_model_file_of_another_version_is_refused_with_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"features": ["lead"], "weights": [1.0], "bias": 0.0, "threshold": 0.5}))
    with pytest.raises(ModelError, match=r"refit it with `python -m bench\.fit_same_event"):
        load_model(str(path))
    with pytest.raises(ModelError, match="cannot be read"):
        load_model(str(tmp_path / "missing.json"))


# A model that looks only at the leads: P(same) = sigmoid(20 cos - 15), so cosine 0.78 gives 0.65,
# 0.70 gives 0.27 and 0.92 gives 0.97; two groups are one story at a mean of 0.6.
LEADS_ONLY = SameEventModel(np.array([20.0] + [0.0] * (len(FEATURES) - 1)), -15.0, 0.6, {})


def _at(degrees: float) -> np.ndarray:
    """A unit vector in the plane of the first two axes, at this angle from the first."""
    return np.array([math.cos(math.radians(degrees)), math.sin(math.radians(degrees)), 0.0], dtype=np.float32)


def _item(article_id: str, degrees: float) -> ArticleFeatures:
    return ArticleFeatures(article_id, _at(degrees))


def _clusterer(settings: ClusterSettings | None = None) -> StoryClusterer:
    return StoryClusterer(dimensions=3, model=LEADS_ONLY, settings=settings)


def test_an_article_placed_on_thin_evidence_moves_when_better_evidence_arrives() -> None:
    clusterer = _clusterer()
    assert clusterer.add(_item("a1", 0)) == 0
    assert clusterer.add(_item("b1", 38.7)) == 0  # cosine 0.78 to a1: nothing better to go by yet
    # a2 is a1's event (cosine 0.99) and unlike b1 (0.68): regrouped, a1 and b1 average 0.44.
    assert clusterer.add(_item("a2", -8)) == 0
    assert clusterer.stories() == {0: ["a1", "a2"], 1: ["b1"]}
    assert clusterer.story_of("b1") == 1 and [s.key for s in clusterer.changes().states] == [0, 1]


def test_two_stories_merge_when_an_article_shows_they_are_one() -> None:
    clusterer = _clusterer()
    assert [clusterer.add(_item("p1", 0)), clusterer.add(_item("p2", 45.6))] == [0, 1]  # cosine 0.70: apart
    assert clusterer.add(_item("p3", 22.8)) == 0  # 0.97 to both: p1 and p2 now average 0.62 with it
    assert clusterer.stories() == {0: ["p1", "p3", "p2"]} and clusterer.changes().removed == [1]


def test_a_stray_joins_the_story_it_matches_in_part() -> None:
    def placed(settings: ClusterSettings | None) -> dict[int, list[str]]:
        clusterer = _clusterer(settings)
        for n, degrees in enumerate((0, 0, 0, 18.2, 18.2, 18.2)):  # one story: the halves at cosine 0.95
            clusterer.add(_item(f"t{n}", degrees))
        clusterer.add(_item("stray", -33.2))  # 0.85 with t0-t2, 0.07 with t3-t5: a mean of 0.46
        return clusterer.stories()

    assert placed(None) == {0: ["t0", "t1", "t2", "t3", "t4", "t5", "stray"]}
    assert placed(ClusterSettings(stray_mean=1.0)) == {0: ["t0", "t1", "t2", "t3", "t4", "t5"], 1: ["stray"]}


def test_a_settled_story_moves_as_one_block_compared_through_its_latest_articles() -> None:
    settings = ClusterSettings(regroup_limit=3, sample=2)
    clusterer = _clusterer(settings)
    for n, degrees in enumerate((40, 40, 0, 0)):  # a settled story of four, its latest two at 0 degrees
        assert clusterer.add(_item(f"s{n}", degrees if n >= 2 else 20)) == 0
    assert clusterer.add(_item("near-latest", 5)) == 0
    assert clusterer.stories() == {0: ["s0", "s1", "s2", "s3", "near-latest"]}


def test_a_restored_clusterer_goes_on_where_the_first_stopped(config: Config) -> None:
    articles = _articles(BRIDGE, "bridge") + _articles(FIRE, "fire")
    annotate(articles, config.parse)
    features = article_features(articles, load_embedder(config.embed))
    first = StoryClusterer()
    keys = sorted({first.add(item) for item in features[:4]})
    records = [json.loads(json.dumps(first.state(key).to_record())) for key in keys]
    kept = [ArticleFeatures.from_record(json.loads(json.dumps(f.to_record()))) for f in features[:4]]
    restored = StoryClusterer.restore((StoryState.from_record(r) for r in records), kept)
    assert restored.add(features[4]) == first.add(features[4])
    assert restored.stories() == first.stories() == {0: ["bridge-0", "bridge-1", "bridge-2"], 1: ["fire-0", "fire-1"]}
    restored.remove(1, features[4])
    restored.remove(1, features[3])
    assert restored.stories() == {0: ["bridge-0", "bridge-1", "bridge-2"]}


class _Shelf:
    """Stories and features kept between runs, as a library keeps them (a StoryStore)."""

    def __init__(self, states: list[StoryState], features: Sequence[ArticleFeatures]) -> None:
        self.records = {state.key: state.to_record() for state in states}
        self.features = {f.article_id: f.to_record() for f in features}
        self.loaded: list[int] = []
        self.read: list[str] = []

    def load_states(self, keys: Sequence[int]) -> list[StoryState]:
        self.loaded.extend(keys)
        return [StoryState.from_record(self.records[key]) for key in keys if key in self.records]

    def load_features(self, article_ids: Sequence[str]) -> list[ArticleFeatures]:
        self.read.extend(article_ids)
        return [ArticleFeatures.from_record(self.features[i]) for i in article_ids if i in self.features]


def test_a_resumed_clusterer_loads_only_the_stories_it_needs_and_places_as_the_first_would(
    config: Config,
) -> None:
    articles = _articles(BRIDGE, "bridge") + _articles(FIRE, "fire")
    annotate(articles, config.parse)
    features = article_features(articles, load_embedder(config.embed))
    first = StoryClusterer()
    keys = sorted({first.add(item) for item in features[:4]})
    shelf = _Shelf([first.state(key) for key in keys], features[:4])
    resumed = StoryClusterer.resume(first.index_bytes(), shelf, stories=len(first), next_key=2)
    assert resumed.stories() == {}, "nothing is loaded before an article needs it"

    assert resumed.add(features[4]) == first.add(features[4]) == 1
    assert resumed.stories()[1] == ["fire-0", "fire-1"]
    changes = resumed.changes()
    assert [state.key for state in changes.states] == [1] and changes.removed == []
    assert changes.stories == 2 and changes.next_key == 2
    assert set(shelf.loaded) <= set(keys)
    lighthouse = replace(features[4], article_id="lighthouse", vector=-features[4].vector)
    assert resumed.add(lighthouse) == 2 and resumed.changes().stories == 3


def test_a_resumed_clusterer_reads_only_a_settled_storys_latest_articles() -> None:
    settings = ClusterSettings(regroup_limit=3, sample=2)
    first = StoryClusterer(dimensions=3, model=LEADS_ONLY, settings=settings)
    items = [_item(f"s{n}", degrees) for n, degrees in enumerate((10, 10, 0, 0))]
    for item in items:
        first.add(item)
    shelf = _Shelf([first.state(0)], items)
    resumed = StoryClusterer.resume(
        first.index_bytes(), shelf, stories=1, next_key=1, dimensions=3, model=LEADS_ONLY, settings=settings
    )
    assert resumed.add(_item("near", 3)) == 0 and resumed.stories() == {0: ["s0", "s1", "s2", "s3", "near"]}
    assert sorted(set(shelf.read)) == ["s2", "s3"], "the settled story is compared through its latest two"
    assert np.allclose(resumed.state(0).total, first.state(0).total + _at(3))


def test_the_stories_settings_reach_the_clusterer_and_a_bad_threshold_is_refused() -> None:
    from newsfuse.config import load_config
    from newsfuse.errors import ConfigError
    from newsfuse.stories.cluster import configured

    model, settings = configured(load_config(environ={"NEWSFUSE_STORIES_THRESHOLD": "0.8"}).stories)
    assert model.threshold == 0.8 and model.weights.tolist() == load_model().weights.tolist()
    model, settings = configured(load_config(environ={"NEWSFUSE_STORIES_CANDIDATES": "3"}).stories)
    assert settings.candidates == 3 and model.threshold == load_model().threshold
    with pytest.raises(ConfigError, match=r"stories\.threshold"):
        load_config(environ={"NEWSFUSE_STORIES_THRESHOLD": "1.5"})


def test_a_story_crowded_out_by_a_nearer_centroid_is_found_through_its_recent_articles() -> None:
    # Same event when the leads are close enough and the names agree: lead 10, names 10, bias -14.
    weights = np.zeros(len(FEATURES))
    weights[FEATURES.index("lead")] = weights[FEATURES.index("names")] = 10.0
    model = SameEventModel(weights, -14.0, 0.6, {})

    def placed(recent: int) -> dict[int, list[str]]:
        clusterer = StoryClusterer(dimensions=3, model=model, settings=ClusterSettings(candidates=1, recent=recent))
        for name, degrees, person in (("m1", 0, "okonkwo"), ("m2", 45, "okonkwo"), ("n1", 35, "castellano")):
            clusterer.add(replace(_item(name, degrees), names=Counter([person])))
        # The nearest centroid is n1's story (9 degrees off); the nearest article is m2 (1 degree).
        clusterer.add(replace(_item("probe", 44), names=Counter(["okonkwo"])))
        return clusterer.stories()

    assert placed(recent=100) == {0: ["m1", "m2", "probe"], 1: ["n1"]}
    assert placed(recent=1) == {0: ["m1", "m2"], 1: ["n1"], 2: ["probe"]}, "only n1 is recent enough"


def test_a_clusterer_keeping_few_articles_in_memory_places_them_as_one_keeping_all(config: Config) -> None:
    articles = _articles(BRIDGE, "bridge") + _articles(FIRE, "fire") + _articles(OTHER_BRIDGE, "millbrook")
    annotate(articles, config.parse)
    features = article_features(articles, load_embedder(config.embed))
    keeping_all = StoryClusterer()
    shelf = _Shelf([], features)  # the store the forgotten features are read back from
    keeping_two = StoryClusterer.resume(None, shelf, stories=0, next_key=0, settings=ClusterSettings(profiles=2))
    for item in features:
        keeping_all.add(item)
        keeping_two.add(item)
        assert len(keeping_two._profiles) <= 2
    assert keeping_two.stories() == keeping_all.stories() and len(keeping_all.stories()) == 3
    assert shelf.read, "forgotten features were read back when needed"
