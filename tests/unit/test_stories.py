"""The story clusterer on invented articles: one event stays one story, another event starts one."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import numpy as np

from newsfuse.config import Config
from newsfuse.document import Article
from newsfuse.parse import annotate
from newsfuse.parse.embeddings import load_embedder
from newsfuse.pipeline import analyze
from newsfuse.stories import ArticleFeatures, StoryClusterer, StoryState, article_features, group_articles

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


def _articles(texts: list[str], prefix: str) -> list[Article]:
    return [
        Article(id=f"{prefix}-{n}", origin=f"{prefix}-{n}", text=text, published=date(2024, 5, 13))
        for n, text in enumerate(texts)
    ]


def test_two_events_are_two_stories_and_a_copy_follows_its_original(config: Config) -> None:
    articles = _articles(BRIDGE, "bridge") + _articles(FIRE, "fire")
    copy = Article(id="repost", origin="repost", text=FIRE[0], published=date(2024, 5, 14), duplicate_of="fire-0")
    articles.append(copy)
    annotate(articles, config.parse)
    groups = group_articles(articles, load_embedder(config.embed))
    assert [[a.id for a in g] for g in groups] == [
        ["bridge-0", "bridge-1", "bridge-2"],
        ["fire-0", "fire-1", "repost"],
    ]


def test_one_article_is_one_story(config: Config) -> None:
    (article,) = _articles(BRIDGE[:1], "bridge")
    annotate([article], config.parse)
    assert group_articles([article], load_embedder(config.embed)) == [[article]]
    assert group_articles([], load_embedder(config.embed)) == []


MAYOR = '"We will not reopen the bridge until every girder has been checked twice,"'
FERRY_CHIEF = '"Extra boats will run every half hour until the bridge reopens,"'
CLOSURE = (
    "The harbour bridge in Port Alder closed on Monday after inspectors found a crack in a steel girder. "
    f'Mayor Daniel Fairweather said: {MAYOR[:-2]}."'
)
FERRIES = (
    "Ferry operators in the bay added six crossings a day as commuters looked for other routes to work. "
    "The timetable changes start on Wednesday, the operator Baywater Lines said. {}"
)


def _placed(texts: dict[str, str], config: Config) -> list[list[str]]:
    articles = [Article(id=key, origin=key, text=text, published=date(2024, 5, 13)) for key, text in texts.items()]
    annotate(articles, config.parse)
    return [[a.id for a in group] for group in group_articles(articles, load_embedder(config.embed))]


def test_the_same_quotation_joins_an_article_whose_lead_has_another_angle(config: Config) -> None:
    quoting = FERRIES.format(f"{MAYOR} the mayor told reporters.")
    paraphrasing = FERRIES.format("The mayor said the bridge would stay shut until each girder was rechecked.")
    assert _placed({"closure": CLOSURE, "ferries": quoting}, config) == [["closure", "ferries"]]
    assert _placed({"closure": CLOSURE, "ferries": paraphrasing}, config) == [["closure"], ["ferries"]]


def test_two_stories_merge_when_an_article_quotes_both(config: Config) -> None:
    ferries = FERRIES.format(f"{FERRY_CHIEF} said Ruth Amsel, who runs Baywater Lines.")
    both = f"Commuters crowded the ferry piers. {MAYOR} the mayor said. {FERRY_CHIEF} Ruth Amsel said."
    assert _placed({"closure": CLOSURE, "ferries": ferries}, config) == [["closure"], ["ferries"]]
    assert _placed({"closure": CLOSURE, "ferries": ferries, "both": both}, config) == [["closure", "ferries", "both"]]


def test_a_restored_clusterer_goes_on_where_the_first_stopped(config: Config) -> None:
    articles = _articles(BRIDGE, "bridge") + _articles(FIRE, "fire")
    annotate(articles, config.parse)
    features = article_features(articles, load_embedder(config.embed))
    first = StoryClusterer()
    keys = [first.add(item) for item in features[:4]]
    records = [json.loads(json.dumps(first.state(key).to_record())) for key in sorted(set(keys))]
    restored = StoryClusterer.restore(StoryState.from_record(r) for r in records)
    again = ArticleFeatures.from_record(json.loads(json.dumps(features[4].to_record())))
    assert restored.add(again) == first.add(features[4])
    assert restored.stories() == first.stories() == {0: ["bridge-0", "bridge-1", "bridge-2"], 1: ["fire-0", "fire-1"]}
    restored.remove(1, features[4])
    restored.remove(1, features[3])
    assert restored.stories() == {0: ["bridge-0", "bridge-1", "bridge-2"]}


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


def _item(article_id: str, vector: tuple[float, ...], names: str) -> ArticleFeatures:
    array = np.array(vector, dtype=np.float32)
    return ArticleFeatures(article_id, array / np.linalg.norm(array), Counter(names.split()))


def test_a_story_absorbs_the_lone_article_that_came_before_it_formed() -> None:
    clusterer = StoryClusterer(dimensions=3)
    assert clusterer.add(_item("early", (1, 0, 0), "alder fairweather")) == 0
    assert clusterer.add(_item("other", (0.6, 0.8, 0), "ferry baywater amsel")) == 1  # too far, no shared name
    # Closer to "other" in names, near enough to both: it joins "other", whose story now matches "early".
    assert clusterer.add(_item("bridge", (0.95, 0.31, 0), "alder fairweather ferry baywater amsel")) == 0
    assert clusterer.stories() == {0: ["early", "other", "bridge"]}
    assert clusterer.take_merges() == [(1, 0)]
    assert clusterer.take_merges() == []


class _Shelf:
    """Stories and name counts kept between runs, as a library keeps them (a StoryStore)."""

    def __init__(self, states: list[StoryState]) -> None:
        self.records = {state.key: state.to_record() for state in states}
        self.counts = Counter(name for state in states for name in state.names)
        self.loaded: list[int] = []

    def load_states(self, keys: Sequence[int]) -> list[StoryState]:
        self.loaded.extend(keys)
        return [StoryState.from_record(self.records[key]) for key in keys if key in self.records]

    def name_counts(self, names: Sequence[str]) -> dict[str, int]:
        return {name: self.counts[name] for name in names if name in self.counts}


def test_a_resumed_clusterer_loads_only_the_stories_it_needs_and_places_as_the_first_would(
    config: Config,
) -> None:
    articles = _articles(BRIDGE, "bridge") + _articles(FIRE, "fire")
    annotate(articles, config.parse)
    features = article_features(articles, load_embedder(config.embed))
    first = StoryClusterer()
    keys = sorted({first.add(item) for item in features[:4]})
    shelf = _Shelf([first.state(key) for key in keys])
    resumed = StoryClusterer.resume(first.index_bytes(), shelf, stories=len(first), next_key=2)
    assert resumed.stories() == {}, "nothing is loaded before an article needs it"

    assert resumed.add(features[4]) == first.add(features[4]) == 1
    assert resumed.stories()[1] == ["fire-0", "fire-1"]
    changes = resumed.changes()
    assert [state.key for state in changes.states] == [1] and changes.removed == []
    assert changes.stories == 2 and changes.next_key == 2
    now = {key: StoryState.from_record(record) for key, record in shelf.records.items()}
    now.update((state.key, state) for state in changes.states)
    assert changes.name_counts, "fire-1 brings a name the story had not mentioned"
    for name, stories in changes.name_counts.items():
        assert stories == sum(name in state.names for state in now.values()), name
    assert set(shelf.loaded) <= set(keys)
    new = resumed.add(_item("harbour", (1.0,) * 384, "lighthouse keeper"))
    assert new == 2 and {"keeper": 1, "lighthouse": 1}.items() <= resumed.changes().name_counts.items()
