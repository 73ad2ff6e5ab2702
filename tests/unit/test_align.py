"""Alignment: mentions of different articles grouped by the slot they fill (invented Port Alder sentences).

The pair model's probabilities are given by hand here, so each test checks the grouping rules, not
the fitted weights; tests/quality holds the fitted model to its measured figures.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from newsfuse.config import Config
from newsfuse.document import Article
from newsfuse.parse import annotate
from newsfuse.reconcile.align import AlignModel, coexist, comparable, group, load_models, mutual_best, widely_given
from newsfuse.reconcile.mentions import Mention, find_amounts


@pytest.fixture(scope="module")
def story(config: Config) -> dict[str, Article]:
    texts = {
        "a": "The harbour crane fell 40 metres. The ferry strike lasted two days, and a second strike five days.",
        "b": "The harbour crane fell 40 metres. The ferry strike lasted two days.",
        "c": "The harbour crane fell 45 metres. The ferry strike lasted five days.",
        "d": "The harbour crane fell 40 metres, and again 40 metres, said the mayor, 52.",
    }
    articles = {k: Article(id=k, origin=k, text=t, published=date(2024, 5, 13)) for k, t in texts.items()}
    annotate(list(articles.values()), config.parse)
    return articles


def _mentions(story: dict[str, Article]) -> list[Mention]:
    return [m for article in story.values() for m in find_amounts(article)]


def _index(mentions: list[Mention], article: str, text: str, nth: int = 0) -> int:
    return [n for n, m in enumerate(mentions) if m.article.id == article and m.text == text][nth]


def test_a_repeated_figure_is_no_rival_but_another_figure_is(story: dict[str, Article]) -> None:
    mentions = _mentions(story)
    d1, d2 = _index(mentions, "d", "40 metres"), _index(mentions, "d", "40 metres", 1)
    a = _index(mentions, "a", "40 metres")
    a_two, a_five = _index(mentions, "a", "two days"), _index(mentions, "a", "five days")
    c_five = _index(mentions, "c", "five days")
    pairs = [(a, d1), (a, d2), (a_two, c_five), (a_five, c_five)]
    kept, _ = mutual_best(mentions, pairs, np.array([0.9, 0.8, 0.9, 0.7]))
    # Both of d's "40 metres" stay matched to a's; c's "five days" goes with a's "two days", its
    # likelier match, and the pair with a's own "five days" is beaten by it.
    assert sorted(kept) == sorted([(a, d1), (a, d2), (a_two, c_five)])


def test_groups_join_by_the_mean_of_their_articles_best_links(story: dict[str, Article]) -> None:
    mentions = _mentions(story)
    a, b, c = (_index(mentions, x, t) for x, t in (("a", "40 metres"), ("b", "40 metres"), ("c", "45 metres")))
    d1, d2 = _index(mentions, "d", "40 metres"), _index(mentions, "d", "40 metres", 1)
    pairs = sorted([(a, b), (a, c), (b, c), (a, d1), (a, d2), (b, d1), (c, d1)])
    strong = {pair: 0.99 for pair in pairs}
    assert group(mentions, pairs, np.array([strong[p] for p in pairs]), 0.95) == [sorted([a, b, c, d1, d2])]
    # One article's weak links pull its join below the threshold: c stays out.
    weak = {**strong, (a, c): 0.5, (b, c): 0.5, (c, d1): 0.5}
    assert group(mentions, pairs, np.array([weak[p] for p in pairs]), 0.95) == [sorted([a, b, d1, d2])]


def test_a_difference_one_article_states_both_sides_of_is_explained(story: dict[str, Article]) -> None:
    mentions = _mentions(story)
    # a says two days, c five: but a gives five days too, for a second strike.
    members = [mentions[_index(mentions, "a", "two days")], mentions[_index(mentions, "c", "five days")]]
    assert coexist(members, mentions)
    lengths = [mentions[_index(mentions, "b", "40 metres")], mentions[_index(mentions, "c", "45 metres")]]
    assert not coexist(lengths, mentions)


def test_a_group_must_span_its_share_of_the_story(story: dict[str, Article]) -> None:
    mentions = _mentions(story)
    pair = [mentions[_index(mentions, "b", "40 metres")], mentions[_index(mentions, "c", "45 metres")]]
    assert widely_given(pair, story, 0.5)  # 2 of 4
    assert not widely_given(pair, story, 0.6)
    story["c"].duplicate_of = "b"
    try:
        assert widely_given(pair, story, 0.4) is False  # a copy is no second source: 1 of 3
    finally:
        story["c"].duplicate_of = None


def test_only_values_of_one_dimension_and_person_compare(story: dict[str, Article]) -> None:
    mentions = _mentions(story)
    metres, days = mentions[_index(mentions, "a", "40 metres")], mentions[_index(mentions, "a", "two days")]
    assert comparable(metres, mentions[_index(mentions, "c", "45 metres")])
    assert not comparable(metres, days)


def test_a_kind_without_a_precise_enough_threshold_is_never_raised(story: dict[str, Article]) -> None:
    from newsfuse.reconcile.align import Vectors, aligned

    model = load_models()["amount"]
    off = AlignModel(model.kind, model.features, model.weights, model.bias, None, model.prefilter, model.min_share)
    assert aligned(_mentions(story), Vectors(None, []), off, story) == []  # type: ignore[arg-type]


def test_the_shipped_models_say_how_they_were_fitted() -> None:
    import json
    from importlib import resources

    shipped = json.loads(resources.files("newsfuse.reconcile").joinpath("align.json").read_text("utf-8"))
    assert set(load_models()) == {"amount", "date", "name"}
    for kind in ("amount", "date", "name"):
        assert shipped["fitted"][kind]["command"] == "python -m bench.fit_align"


def test_each_shipped_model_raises_at_the_setting_cross_validation_chose() -> None:
    import json
    from importlib import resources

    shipped = json.loads(resources.files("newsfuse.reconcile").joinpath("align.json").read_text("utf-8"))
    models = load_models()
    for kind, about in shipped["fitted"].items():
        chosen = about.get("cross_validated")
        if chosen is None:
            assert models[kind].threshold is None, f"{kind}: no setting was precise enough, so it is never raised"
            continue
        assert (models[kind].min_share, models[kind].threshold) == (chosen["share"], chosen["threshold"]), kind
