"""Near-copies: which input is the original, and which the repost."""

from __future__ import annotations

from datetime import date

import pytest

from newsfuse.document import Article
from newsfuse.ingest.dedup import mark_near_copies

BODY = (
    "The harbour bridge closed on Monday after inspectors found a crack in a steel girder. "
    "Council engineer Maria Okonkwo said repairs would take between two and four weeks. "
    "The ferry will run every fifteen minutes while the bridge is shut, the council said."
)


def test_the_later_published_near_copy_is_the_repost() -> None:
    later = Article("later", "later.txt", BODY + " Local shops expect fewer customers.", published=date(2024, 5, 13))
    earlier = Article("earlier", "earlier.txt", BODY, published=date(2024, 5, 12))
    unrelated = Article("other", "other.txt", "A storm is forecast for the weekend across the whole coast.")
    mark_near_copies([later, earlier, unrelated], threshold=0.7)
    assert (later.syndicated, later.duplicate_of) == (True, "earlier")
    assert (earlier.syndicated, earlier.duplicate_of) == (False, None)
    assert (unrelated.syndicated, unrelated.duplicate_of) == (False, None)
    assert later.syndicated_because is not None and "shared with earlier" in later.syndicated_because


def test_an_article_that_says_it_is_a_repost_is_the_copy_even_if_read_first() -> None:
    repost = Article("repost", "r.txt", BODY, syndicated=True, syndicated_because="says: originally published by X")
    original = Article("original", "o.txt", BODY + " Officials will give an update on Friday.")
    mark_near_copies([repost, original], threshold=0.7)
    assert repost.duplicate_of == "original" and original.duplicate_of is None


def test_different_articles_on_the_same_event_are_not_copies() -> None:
    a = Article("a", "a.txt", BODY)
    b = Article(
        "b",
        "b.txt",
        "Drivers face a twenty-minute detour along the coast road after the harbour bridge was shut. "
        "The mayor asked commuters to use the ferry, which now runs twice as often.",
    )
    mark_near_copies([a, b], threshold=0.7)
    assert a.duplicate_of is None and b.duplicate_of is None and not b.syndicated


def test_a_copy_of_a_copy_names_the_first_original() -> None:
    # second shares 71% of its 5-grams with first; third shares 87% with second but only 62% with first
    extra = " Shop owners on the eastern side of the town said they feared losing customers for weeks."
    first = Article("first", "1.txt", BODY, published=date(2024, 5, 12))
    second = Article("second", "2.txt", BODY + extra, published=date(2024, 5, 13))
    third = Article("third", "3.txt", BODY + extra + " A public meeting is planned for Thursday evening.")
    third.published = date(2024, 5, 14)
    mark_near_copies([first, second, third], threshold=0.7)
    assert second.duplicate_of == "first"
    assert third.duplicate_of == "first", "not the copy in between"


def test_large_batches_use_minhash_and_find_the_same_copies(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsfuse.ingest import dedup

    def batch() -> list[Article]:
        extra = " Shop owners on the eastern side of the town said they feared losing customers for weeks."
        articles = [
            Article(f"noise-{i}", "n.txt", f"Item {i}: the weather on day {i} was {'fine ' * (i % 7)}and calm.")
            for i in range(6)
        ]
        articles += [Article("first", "1.txt", BODY), Article("second", "2.txt", BODY + extra)]
        return articles

    exact = batch()
    mark_near_copies(exact, threshold=0.7)
    monkeypatch.setattr(dedup, "EXACT_UP_TO", 2)
    approximate = batch()
    mark_near_copies(approximate, threshold=0.7)
    assert [a.duplicate_of for a in approximate] == [a.duplicate_of for a in exact]
    assert approximate[-1].duplicate_of == "first"
