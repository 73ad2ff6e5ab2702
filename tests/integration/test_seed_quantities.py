"""Quantities on the reference story (../shared/seeds), read at run time.

No text of the seeds is copied here: the test checks normalised values and that every version's
wording stands in its article's text.
"""

from __future__ import annotations

import pytest

from newsfuse.document import Article
from newsfuse.parse.embeddings import Embedder
from newsfuse.reconcile import value_disagreements
from newsfuse.reconcile.mentions import find_amounts
from newsfuse.report import Disagreement, QuantityRange
from tests.conftest import needs_shared

pytestmark = needs_shared


@pytest.fixture(scope="module")
def disagreements(seed_articles: list[Article], embedder: Embedder) -> list[Disagreement]:
    return [d for d in value_disagreements(seed_articles, embedder) if d.kind == "quantity"]


def test_the_call_length_is_read_in_every_article(seed_articles: list[Article]) -> None:
    for article in seed_articles:
        assert any(m.dimension == "duration" and m.unit and m.unit.name in {"hour", "minute"}
                   for m in find_amounts(article)), article.id  # fmt: skip


def test_the_call_length_is_one_incompatible_disagreement(
    seed_articles: list[Article], disagreements: list[Disagreement]
) -> None:
    [call] = disagreements
    assert call.kind == "quantity" and call.topic.startswith("length of the")
    assert call.compatible is False and call.update is False
    assert len({a for v in call.versions for a in v.articles}) >= 4
    ranges = {(v.normalized.min, v.normalized.max) for v in call.versions if isinstance(v.normalized, QuantityRange)}
    # about two hours and nearly three hours cannot both be true; more than 90 minutes, over two
    # hours and 2.5 hours are versions beside them
    assert {(1.75, 2.25), (2.4, 3.0), (2.25, 2.75)} <= ranges
    assert {v.normalized.unit for v in call.versions if isinstance(v.normalized, QuantityRange)} == {"hour"}
    by_id = {a.id: a for a in seed_articles}
    for version in call.versions:
        for proof in version.evidence:
            assert version.value in proof.sentence
            assert by_id[proof.article].text[proof.start : proof.end] == proof.sentence
    lows = [v.normalized.min for v in call.versions if isinstance(v.normalized, QuantityRange)]
    assert lows == sorted(x if x is not None else float("-inf") for x in lows)


def test_no_false_disagreements(disagreements: list[Disagreement]) -> None:
    # Three different sets of prisoners, and every "30-day" ceasefire agrees: only the call's length.
    assert len(disagreements) == 1
