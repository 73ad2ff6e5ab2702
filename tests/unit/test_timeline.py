"""The timeline and date disagreements, on sentences written for these tests (the invented town of Port Alder)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from newsfuse.config import Config
from newsfuse.document import Article
from newsfuse.parse import annotate
from newsfuse.reconcile.mentions import Mention, find_dates
from newsfuse.reconcile.timeline import (
    DatedEvent,
    build_timeline,
    date_disagreements,
    find_dated_events,
    story_date,
)

# Wednesday 15 May 2024: the day most of these invented articles appear.
PUBLISHED = date(2024, 5, 15)


Parse = Callable[..., Article]


@pytest.fixture(scope="module")
def parse(config: Config) -> Parse:
    def parse(text: str, published: date | None = PUBLISHED, article_id: str = "a", **fields: Any) -> Article:
        article = Article(id=article_id, origin=article_id, text=text, published=published, **fields)
        annotate([article], config.parse)
        return article

    return parse


def dated(
    parse: Parse, text: str, published: date | None = PUBLISHED, story_day: date | None = None
) -> list[DatedEvent]:
    return find_dated_events(parse(text, published), story_day)


def dates(parse: Parse, text: str, published: date | None = PUBLISHED, story_day: date | None = None) -> list[str]:
    return [event.date for event in dated(parse, text, published, story_day)]


# --- story_date ---------------------------------------------------------------------------------


def test_story_date_is_the_most_common_publication_date_of_independent_articles() -> None:
    day, other = date(2024, 5, 14), date(2024, 5, 15)
    articles = [
        Article(id="a", origin="a", text="x", published=other),
        Article(id="b", origin="b", text="x", published=day),
        Article(id="c", origin="c", text="x", published=day),
        # Two reposts of "a" do not outvote the originals.
        Article(id="d", origin="d", text="x", published=other, duplicate_of="a"),
        Article(id="e", origin="e", text="x", published=other, duplicate_of="a"),
        Article(id="f", origin="f", text="x"),
    ]
    assert story_date(articles) == day


def test_story_date_ties_go_to_the_earliest_and_none_without_dates() -> None:
    articles = [
        Article(id="a", origin="a", text="x", published=date(2024, 5, 15)),
        Article(id="b", origin="b", text="x", published=date(2024, 5, 14)),
    ]
    assert story_date(articles) == date(2024, 5, 14)
    assert story_date([Article(id="a", origin="a", text="x")]) is None


# --- absolute dates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("The harbour bridge was opened on March 18, 2021, by the mayor.", "2021-03-18", "day"),
        ("The ferry company was sold on 4 February 2019 to a Dutch group.", "2019-02-04", "day"),
        ("The council approved the repairs in February 2023.", "2023-02", "month"),
        ("The bridge was built in 1962 by a Glasgow firm.", "1962", "year"),
        ("Port Alder was founded in 1791 by whalers from Nantucket.", "1791", "year"),
    ],
)
def test_absolute_dates_keep_the_precision_they_are_written_with(
    parse: Parse, text: str, expected: str, precision: str
) -> None:
    [event] = dated(parse, text)
    assert (event.date, event.precision) == (expected, precision)
    assert event.resolution == "written"


def test_a_day_and_month_without_a_year_take_the_most_recent_year(parse: Parse) -> None:
    assert dates(parse, "Inspectors last visited the bridge on 18 March, the council said.") == ["2024-03-18"]
    assert dates(parse, "The ferry fares rose on 20 December, the company said.") == ["2023-12-20"]


def test_a_month_alone_is_the_most_recent_such_month(parse: Parse) -> None:
    assert dates(parse, "His February announcement of a toll angered drivers in Port Alder.") == ["2024-02"]


def test_since_a_month_stays_partial_and_is_marked(parse: Parse) -> None:
    [event] = dated(parse, "The old ferry pier has been closed to the public since March 2022.")
    assert (event.date, event.relation) == ("2022-03", "since")


# --- weekdays -----------------------------------------------------------------------------------


def test_a_weekday_is_the_most_recent_such_day_on_or_before_the_article_date(parse: Parse) -> None:
    # The article is from Wednesday 15 May 2024.
    assert dates(parse, "Inspectors found a crack in a steel girder on Monday.") == ["2024-05-13"]
    assert dates(parse, "The mayor closed the harbour bridge on Wednesday.") == ["2024-05-15"]
    assert dates(parse, "Engineers began their survey of the girders on Thursday.") == ["2024-05-09"]


def test_a_weekday_before_a_noun_and_a_weekday_with_a_time_of_day(parse: Parse) -> None:
    assert dates(parse, "Tuesday's inspection of the bridge found a second crack.") == ["2024-05-14"]
    assert dates(parse, "The council met on Tuesday morning to discuss the bridge.") == ["2024-05-14"]


def test_a_weekday_falls_back_on_the_story_day(parse: Parse) -> None:
    assert dates(parse, "Inspectors found the crack on Monday.", published=None, story_day=PUBLISHED) == ["2024-05-13"]
    # Without any date to count from, a weekday dates no day but keeps its weekday, so two
    # undated articles can still be compared by it.
    [event] = dated(parse, "Inspectors found the crack on Monday.", published=None)
    assert (event.date, event.weekday, event.precision) == ("", 0, "weekday")


def test_a_weekday_of_a_future_happening_is_the_next_such_day(parse: Parse) -> None:
    assert dates(parse, "The ferry will run an extra service on Friday, the company said.") == ["2024-05-17"]
    # Said on a Wednesday, "will ... on Wednesday" may be today or next week: no date.
    assert dates(parse, "The council will vote on the repairs on Wednesday.") == []


def test_a_past_happening_inside_a_future_sentence_is_past(parse: Parse) -> None:
    # "will hold" is to come; "damaged" happened, and its Monday is the one before the article's date.
    text = "Ferry crews will hold a service in the town hall after a storm damaged the pier on Monday."
    assert dates(parse, text) == ["2024-05-13"]


# --- relative dates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The ferry company raised its fares yesterday.", "2024-05-14"),
        ("The bridge was closed to lorries last week after a survey.", "2024-05"),
        ("The council approved the budget last month.", "2024-04"),
        ("The council approved the budget last year.", "2023"),
        ("The bridge was repainted three years ago.", "2021"),
        ("The ferry pier reopened earlier this month after repairs.", "2024-05"),
        ("The last major repair of the bridge was two months ago.", "2024-03"),
    ],
)
def test_relative_dates_count_from_the_article_date(parse: Parse, text: str, expected: str) -> None:
    assert dates(parse, text) == [expected]


def test_last_week_that_straddles_two_months_is_a_year(parse: Parse) -> None:
    assert dates(parse, "The bridge was closed to lorries last week.", published=date(2024, 5, 2)) == ["2024"]


# --- what is not a happening's date -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The bridge will stay closed for 30 days while the girder is replaced.",
        "The council agreed a 30-day closure of the bridge.",
        "The repairs are expected to take three weeks.",
        "The three-year-old ferry has never broken down.",
        "The inspection began around 10 am and ended at noon.",
        "The council wants a safer bridge in the future.",
        "Repairs began two days after the inspection.",
        "The bridge must be reopened before the summer.",
        "Ferries ran every day in the 1990s.",
    ],
)
def test_durations_ages_times_and_vague_dates_are_not_happenings(parse: Parse, text: str) -> None:
    assert dates(parse, text) == []


def test_today_in_a_quotation_is_not_dated(parse: Parse) -> None:
    quoted = "“Today we closed the bridge for the safety of everyone,” the mayor wrote in a letter to residents."
    assert dates(parse, quoted, published=None, story_day=PUBLISHED) == []
    # A statement set off by a line ending in a colon is a quotation too.
    embedded = "The council posted its notice online:\nToday the council closed the harbour bridge to all traffic."
    assert dates(parse, embedded, published=None, story_day=PUBLISHED) == []
    # The article's own "today" is its date.
    assert dates(parse, "The council closed the harbour bridge today.") == ["2024-05-15"]


# --- spans and text -----------------------------------------------------------------------------


def test_an_event_keeps_exact_spans_and_the_clause_holding_the_date(parse: Parse) -> None:
    text = (
        "The ferry now runs every fifteen minutes. "
        "The repairs are the first since the bridge reopened in 2009 after a storm damaged its deck."
    )
    article = parse(text)
    [event] = find_dated_events(article, None)
    assert article.span_text(event.date_span) == "2009"
    assert article.span_text(event.sentence).startswith("The repairs are the first")
    assert event.text == article.span_text(event.clause)
    assert event.text.startswith("the bridge reopened in 2009")
    assert event.sentence.start <= event.clause.start < event.clause.end <= event.sentence.end


def test_an_unparsed_article_is_refused() -> None:
    with pytest.raises(ValueError, match="annotate"):
        find_dated_events(Article(id="a", origin="a", text="Inspectors found it on Monday."), None)


# --- the timeline ---------------------------------------------------------------------------------

HERALD = (
    "Inspectors found a crack in a steel girder of the harbour bridge on Monday. "
    "Mayor Daniel Fairweather closed the harbour bridge on Tuesday. "
    "The bridge was built in 1962."
)
GAZETTE = (
    "The harbour bridge was closed by Mayor Daniel Fairweather on Tuesday, May 14, 2024. "
    "The crack in the girder was found by inspectors on Monday during a routine inspection. "
    "The town's ferry service began in 1911."
)
RADIO = "Port Alder's ferry company said on Tuesday it would add extra sailings while the harbour bridge is shut."


def test_the_timeline_merges_one_happening_across_articles_and_sorts_by_date(parse: Parse) -> None:
    articles = [
        parse(HERALD, article_id="herald"),
        parse(GAZETTE, published=None, article_id="gazette"),
        parse(RADIO, article_id="radio"),
    ]
    timeline = build_timeline(articles)
    assert [entry.date for entry in timeline] == sorted(entry.date for entry in timeline)
    by_date: dict[str, list[list[str]]] = {}
    for entry in timeline:
        by_date.setdefault(entry.date, []).append(entry.articles)
    assert by_date["1911"] == [["gazette"]]
    assert by_date["1962"] == [["herald"]]
    assert by_date["2024-05-13"] == [["gazette", "herald"]]
    # The closure is one entry; the ferry company's announcement the same day is another.
    assert sorted(by_date["2024-05-14"]) == [["gazette", "herald"], ["radio"]]
    closure = next(e for e in timeline if e.date == "2024-05-14" and e.articles == ["gazette", "herald"])
    # The clearest wording gives the date in full.
    assert "May 14, 2024" in closure.text


def test_the_timeline_is_deterministic(parse: Parse) -> None:
    first = [parse(HERALD, article_id="herald"), parse(GAZETTE, article_id="gazette")]
    second = [parse(GAZETTE, article_id="gazette"), parse(HERALD, article_id="herald")]
    assert build_timeline(first) == build_timeline(second)


# --- date disagreements: the comparison of aligned dates ---------------------------------------
# Which dates date the same happening is the alignment model's to decide (tests/unit/test_align.py);
# here the groups are given, and the comparison is checked.


def _group(*articles: Article) -> list[Mention]:
    return [mention for article in articles for mention in find_dates(article, PUBLISHED)]


def _times(*articles: Article) -> list[Mention]:
    return [mention for mention in _group(*articles) if mention.dimension == "time"]


def test_two_articles_dating_the_same_happening_differently_disagree(parse: Parse) -> None:
    herald = parse("Mayor Daniel Fairweather closed the harbour bridge on Tuesday, May 14, 2024.", article_id="herald")
    gazette = parse(
        "Mayor Fairweather closed the harbour bridge on May 13, 2024, after the inspection.", article_id="gazette"
    )
    group = _group(herald, gazette)
    [disagreement] = date_disagreements([group], {"herald": herald, "gazette": gazette})
    assert disagreement.kind == "date"
    assert not disagreement.compatible
    assert [(v.normalized, v.articles) for v in disagreement.versions] == [
        ("2024-05-13", ["gazette"]),
        ("2024-05-14", ["herald"]),
    ]
    assert [v.value for v in disagreement.versions] == ["on May 13, 2024", "on Tuesday, May 14, 2024"]
    for version in disagreement.versions:
        [evidence] = version.evidence
        assert evidence.sentence.startswith("Mayor")
    assert disagreement.note.endswith(".")
    assert disagreement.id == date_disagreements([group], {"herald": herald, "gazette": gazette})[0].id


def test_a_seizure_dated_in_two_different_months_disagrees(parse: Parse) -> None:
    a = parse("Rebels seized the Port Alder lighthouse in March 2022, the navy said.", article_id="a")
    b = parse("Rebels seized the Port Alder lighthouse in February 2022 after a short siege.", article_id="b")
    [disagreement] = date_disagreements([_group(a, b)], {"a": a, "b": b})
    assert [v.normalized for v in disagreement.versions] == ["2022-02", "2022-03"]


def test_the_same_happening_at_two_precisions_that_agree_is_no_disagreement(parse: Parse) -> None:
    a = parse("Rebels seized the Port Alder lighthouse in March 2022.", article_id="a")
    b = parse("Rebels seized the Port Alder lighthouse on 4 March 2022.", article_id="b")
    assert date_disagreements([_group(a, b)], {"a": a, "b": b}) == []


def test_a_copy_does_not_disagree_with_its_original(parse: Parse) -> None:
    original = parse("Rebels seized the Port Alder lighthouse in March 2022, the navy said.", article_id="a")
    copy = parse(
        "Rebels seized the Port Alder lighthouse in February 2022 after a short siege.",
        article_id="b",
        duplicate_of="a",
    )
    assert date_disagreements([_group(original, copy)], {"a": original, "b": copy}) == []


def test_times_in_two_zones_are_compared_in_utc(parse: Parse) -> None:
    a = parse("The ferry Alder Star sank at 0915 GMT on Friday.", article_id="a")
    b = parse("The ferry Alder Star sank at 11:15 am EDT on Friday.", article_id="b")
    # Alignment compares a time only with times, so the group holds the times and not "Friday".
    [disagreement] = date_disagreements([_times(a, b)], {"a": a, "b": b})
    assert [v.normalized for v in disagreement.versions] == ["09:15 UTC", "15:15 UTC"]
    c = parse("The ferry Alder Star sank at 5:15 am EDT on Friday.", article_id="c")
    assert date_disagreements([_times(a, c)], {"a": a, "c": c}) == []  # 0915 GMT is 5:15 EDT


def test_an_undated_weekday_joins_the_dated_version_it_agrees_with(parse: Parse) -> None:
    # PUBLISHED is Wednesday 15 May 2024: "on Monday" there is 13 May; the radio item has no date.
    dated_a = parse("The harbour bridge closed on Monday after a crack was found.", article_id="a")
    dated_b = parse("The harbour bridge closed on Sunday after a crack was found.", article_id="b")
    radio = parse("The harbour bridge closed on Monday after a crack was found.", published=None, article_id="c")
    group = [m for article in (dated_a, dated_b, radio) for m in find_dates(article, None)]
    [disagreement] = date_disagreements([group], {"a": dated_a, "b": dated_b, "c": radio})
    assert [(v.normalized, v.articles) for v in disagreement.versions] == [
        ("2024-05-12", ["b"]),
        ("2024-05-13", ["a", "c"]),
    ]
