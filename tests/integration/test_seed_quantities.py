"""Quantities on the reference story (../shared/seeds), read at run time.

No text of the seeds is copied here: the test checks normalised values and that every version's
wording stands in its article's text.
"""

from __future__ import annotations

import pytest

from newsfuse.document import Article
from newsfuse.reconcile.quantities import find_quantities, quantity_disagreements
from newsfuse.report import Disagreement, QuantityRange
from tests.conftest import needs_shared

pytestmark = needs_shared


@pytest.fixture(scope="module")
def articles(seed_articles: list[Article]) -> list[Article]:
    return seed_articles


@pytest.fixture(scope="module")
def disagreements(articles: list[Article]) -> list[Disagreement]:
    return quantity_disagreements(articles)


def test_the_call_length_is_found_in_every_article(articles: list[Article]) -> None:
    for article in articles:
        assert any(a.attribute == ("call", "duration") for a in find_quantities(article)), article.id


def test_the_call_length_is_one_incompatible_disagreement(
    articles: list[Article], disagreements: list[Disagreement]
) -> None:
    [call] = [d for d in disagreements if d.topic == "length of the call"]
    assert call.kind == "quantity"
    assert call.compatible is False
    assert {a for v in call.versions for a in v.articles} == {a.id for a in articles}
    ranges = {(v.normalized.min, v.normalized.max) for v in call.versions if isinstance(v.normalized, QuantityRange)}
    # over 90 minutes, about two hours (and the clock span), over two hours, 2.5 hours, nearly three hours
    assert {(1.5, None), (1.75, 2.25), (2.0, None), (2.25, 2.75), (2.4, 3.0)} <= ranges
    assert len(call.versions) >= 6  # the clock span is a version of its own
    by_id = {a.id: a for a in articles}
    for version in call.versions:
        for proof in version.evidence:
            assert version.value in proof.sentence
            assert by_id[proof.article].text[proof.start : proof.end] == proof.sentence
    # The pair named as impossible is "about two hours" against "nearly three hours".
    assert "(1.75, 2.25)" not in call.note
    lows = [v.normalized.min for v in call.versions if isinstance(v.normalized, QuantityRange)]
    assert lows == sorted(x if x is not None else float("-inf") for x in lows)


def test_no_false_disagreements(disagreements: list[Disagreement]) -> None:
    # 198/175/23 prisoners are three different sets; every "30-day" ceasefire agrees.
    assert [d.topic for d in disagreements] == ["length of the call"]
