"""The story clusterer on invented articles: one event stays one story, another event starts one."""

from __future__ import annotations

from datetime import date

from newsfuse.config import Config
from newsfuse.document import Article
from newsfuse.parse import annotate
from newsfuse.parse.embeddings import load_embedder
from newsfuse.stories import group_articles

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
