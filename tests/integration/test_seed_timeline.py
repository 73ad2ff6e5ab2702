"""The timeline of the reference story (../shared/seeds), read at run time: no seed text is copied here."""

from __future__ import annotations

from datetime import date

import pytest

from newsfuse.document import Article
from newsfuse.parse.embeddings import Embedder
from newsfuse.reconcile import value_disagreements
from newsfuse.reconcile.timeline import DatedEvent, build_timeline, find_dated_events, story_date
from tests.conftest import needs_shared

pytestmark = needs_shared

CALL_DAY = date(2025, 3, 18)  # Tuesday


@pytest.fixture(scope="module")
def articles(seed_articles: list[Article]) -> list[Article]:
    return seed_articles


@pytest.fixture(scope="module")
def events(articles: list[Article]) -> list[DatedEvent]:
    day = story_date(articles)
    return [event for article in articles for event in find_dated_events(article, day)]


def dates_of(events: list[DatedEvent], words: str) -> set[str]:
    found = {e.date for e in events if e.date_words.casefold() == words.casefold()}
    assert found, f"no event dated by {words!r}"
    return found


def test_the_story_date_is_the_day_of_the_call(articles: list[Article]) -> None:
    assert story_date(articles) == CALL_DAY


def test_weekdays_resolve_against_the_article_or_the_story_date(events: list[DatedEvent]) -> None:
    assert dates_of(events, "Tuesday") == {"2025-03-18"}
    assert dates_of(events, "Monday") == {"2025-03-17"}
    assert dates_of(events, "Sunday") == {"2025-03-16"}
    # Articles with no date of their own count from the story's date.
    assert any(e.counted_from == "story" and e.date == "2025-03-18" for e in events)


def test_written_and_relative_dates_keep_their_precision(events: list[DatedEvent]) -> None:
    assert dates_of(events, "last week") == {"2025-03"}
    assert dates_of(events, "2014") == {"2014"}
    assert dates_of(events, "February 2025") == {"2025-02"}
    [since] = [e for e in events if e.date_words == "March 2022"]
    assert (since.date, since.relation) == ("2022-03", "since")
    assert any(e.date == "2025-03-18" and e.resolution == "written" and e.precision == "day" for e in events)


def test_durations_ages_times_and_an_undated_statement_are_not_dated(events: list[DatedEvent]) -> None:
    for event in events:
        words = event.date_words.casefold()
        assert "-day" not in words and " days" not in words and "old" not in words and "hour" not in words
        assert words != "today"


def test_every_event_text_is_exact_article_text(articles: list[Article], events: list[DatedEvent]) -> None:
    by_id = {a.id: a for a in articles}
    for event in events:
        article = by_id[event.article]
        assert article.span_text(event.clause) == event.text
        assert event.date_words in article.span_text(event.date_span)


def test_the_call_is_one_timeline_entry_for_all_articles(articles: list[Article]) -> None:
    timeline = build_timeline(articles)
    assert [e.date for e in timeline] == sorted(e.date for e in timeline)
    texts = [a.text for a in articles]
    assert all(any(entry.text in text for text in texts) for entry in timeline)
    on_call_day = [e for e in timeline if e.date == "2025-03-18"]
    call = max(on_call_day, key=lambda e: len(e.articles))
    assert call.articles == sorted(a.id for a in articles)
    # Every mention of the call's weekday is not an entry of its own.
    assert len(on_call_day) <= 3
    assert len({(e.date, e.text) for e in timeline}) == len(timeline)
    assert {"2014", "2022-03", "2025-02", "2025-03", "2025-03-16", "2025-03-17"} <= {e.date for e in timeline}


def test_no_date_disagreement_on_the_seeds(articles: list[Article], embedder: Embedder) -> None:
    assert [d for d in value_disagreements(articles, embedder) if d.kind == "date"] == []
