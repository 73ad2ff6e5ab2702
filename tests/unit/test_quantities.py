"""Quantities: wording read as intervals, grouped by what they measure, compared across articles.

Every sentence here is invented (the fictional town of Port Alder), none is from ../shared.
"""

from __future__ import annotations

from datetime import date

import pytest

from newsfuse.config import Config
from newsfuse.document import Article
from newsfuse.parse import annotate
from newsfuse.reconcile.amounts import display_unit, interval, parse_number
from newsfuse.reconcile.quantities import Amount, find_quantities, quantity_disagreements


@pytest.fixture(scope="module")
def parsed(config: Config):  # type: ignore[no-untyped-def]
    """Parse texts once per module: the same text always gives the same parsed article."""
    cache: dict[tuple[str, str, str | None], Article] = {}

    def make(text: str, article_id: str = "a", duplicate_of: str | None = None) -> Article:
        key = (text, article_id, duplicate_of)
        if key not in cache:
            article = Article(
                id=article_id, origin=article_id, text=text, published=date(2024, 5, 13), duplicate_of=duplicate_of
            )
            annotate([article], config.parse)
            cache[key] = article
        return cache[key]

    return make


def amounts(article: Article) -> list[tuple[str, float | None, float | None, str, tuple[str, str] | None]]:
    return [(article.span_text(a.span), _r(a.low), _r(a.high), a.unit, a.attribute) for a in find_quantities(article)]


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


# --- numbers and hedges ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "step"),
    [
        ("2.5", 2.5, 0.5),
        ("2.25", 2.25, 0.05),
        ("1,200", 1200, 100),
        ("198", 198, 1),
        ("175", 175, 1),
        ("150", 150, 10),
        ("ninety", 90, 10),
        ("twenty-three", 23, 1),
        ("three", 3, 1),
        ("two hundred", 200, 100),
        ("three thousand", 3000, 1000),
        ("1.5 million", 1_500_000, 500_000),
        ("a dozen", 12, 12),
    ],
)
def test_numbers_are_read_with_the_step_they_were_rounded_to(text: str, value: float, step: float) -> None:
    assert parse_number(text) == pytest.approx((value, step))


@pytest.mark.parametrize(
    ("value", "step", "hedge", "expected"),
    [
        (3, 1, "nearly", (2.4, 3)),
        (3, 1, "almost", (2.4, 3)),
        (3, 1, "just under", (2.4, 3)),
        (2, 1, "about", (1.75, 2.25)),
        (2, 1, "around", (1.75, 2.25)),
        (2, 1, "roughly", (1.75, 2.25)),
        (40, 10, "some", (35, 45)),
        (1.5, 0.5, "more than", (1.5, None)),
        (1.5, 0.5, "over", (1.5, None)),
        (12, 1, "at least", (12, None)),
        (12, 1, "upwards of", (12, None)),
        (10, 10, "just over", (10, 12)),
        (5, 1, "less than", (None, 5)),
        (5, 1, "under", (None, 5)),
        (5, 1, "up to", (None, 5)),
        (5, 1, "at most", (None, 5)),
        (2.5, 0.5, None, (2.25, 2.75)),  # a bare "2.5 hours" is rounded to the half hour
        (2, 1, None, (1.75, 2.25)),  # never looser than "about"
        (90, 10, None, (85, 95)),
    ],
)
def test_hedge_table(value: float, step: float, hedge: str | None, expected: tuple[float | None, float | None]) -> None:
    low, high = interval(value, step, hedge)
    assert (_r(low), _r(high)) == pytest.approx(expected)


def test_bare_counts_are_exact_unless_round() -> None:
    assert interval(198, 1, None, count=True) == (198, 198)
    assert interval(200, 100, None, count=True) == (175, 225)


# --- the forms -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "wording", "low", "high", "thing"),
    [
        ("The two mayors spoke for nearly three hours on Monday.", "nearly three hours", 2.4, 3.0, "call"),
        ("The council met for a 2.5 hour session on Monday.", "2.5 hour", 2.25, 2.75, "session"),
        ("The mayors talked for more than an hour and a half.", "more than an hour and a half", 1.5, None, "call"),
        ("Port Alder officials discussed the bridge for over 90 minutes.", "over 90 minutes", 1.5, None, "call"),
        ("The ferry operators held a two-hour meeting at the harbour.", "two-hour", 1.75, 2.25, "meeting"),
        ("The harbour hearing ran from 10 am to noon.", "from 10 am to noon", 1.75, 2.25, "hearing"),
        ("Their conversation lasted between two and three hours.", "between two and three hours", 2.0, 3.0, "call"),
        ("The storm lasted a couple of hours.", "a couple of hours", 1.5, 3.0, "storm"),
        ("The council approved a 30-day closure of the bridge.", "30-day", 630.0, 810.0, "closure"),
        ("The mayor gave a speech lasting twenty minutes.", "twenty minutes", 0.2917, 0.375, "speech"),
        ("The blackout lasted two hours and 15 minutes.", "two hours and 15 minutes", 2.2417, 2.2583, "blackout"),
    ],
)
def test_durations(parsed, text: str, wording: str, low: float, high: float | None, thing: str) -> None:  # type: ignore[no-untyped-def]
    found = amounts(parsed(text))
    [(_, found_low, found_high, unit, attribute)] = [a for a in found if a[0] == wording]
    assert found_low == pytest.approx(low, abs=1e-3)
    assert found_high == (None if high is None else pytest.approx(high, abs=1e-3))
    assert (unit, attribute) == ("hour", (thing, "duration"))


def test_clock_span_with_hedges_reads_as_about(parsed) -> None:  # type: ignore[no-untyped-def]
    article = parsed("Their meeting lasted about two hours, beginning around 10 am and concluding at noon.")
    assert amounts(article) == [
        ("about two hours", 1.75, 2.25, "hour", ("meeting", "duration")),
        ("beginning around 10 am and concluding at noon", 1.75, 2.25, "hour", ("meeting", "duration")),
    ]
    assert [a.hedge for a in find_quantities(article)] == ["about", "about"]


@pytest.mark.parametrize(
    "text",
    [
        "The bridge reopens at 10 am on Monday.",  # a time of day, not a length
        "The crane swung 90 degrees over the quay.",  # an angle
        "The bridge was built three years ago.",  # a point in time
        "The council met in 1998 and again in 2004.",  # years
        "The 58-year-old harbour master retired.",  # an age
    ],
)
def test_not_amounts(parsed, text: str) -> None:  # type: ignore[no-untyped-def]
    assert find_quantities(parsed(text)) == []


def test_a_deadline_measures_nothing(parsed) -> None:  # type: ignore[no-untyped-def]
    [amount] = find_quantities(parsed("The ferry will resume in 30 days."))
    assert amount.attribute is None


def test_counts(parsed) -> None:  # type: ignore[no-untyped-def]
    article = parsed(
        "The storm left at least 12 dead. Crews rescued 1,250 stranded residents on Tuesday. "
        "The ferry company released 198 passengers, including 23 injured passengers."
    )
    assert amounts(article) == [
        ("at least 12 dead", 12.0, None, "count", ("people killed", "count")),
        ("1,250 stranded residents", 1245.0, 1255.0, "count", ("stranded residents rescued", "count")),
        ("198 passengers", 198.0, 198.0, "count", ("passengers released", "count")),
        ("23 injured passengers", 23.0, 23.0, "count", None),  # a part of the 198: never compared
    ]


def test_word_numbers_and_percentages(parsed) -> None:  # type: ignore[no-untyped-def]
    article = parsed("Twenty residents were evacuated. Turnout fell to about 40 percent.")
    found = find_quantities(article)
    assert [(article.span_text(a.span), a.low, a.high, a.unit) for a in found] == [
        ("Twenty residents", 17.5, 22.5, "count"),
        ("about 40 percent", 35.0, 45.0, "percent"),
    ]
    assert isinstance(found[0], Amount)


# --- disagreements -------------------------------------------------------------------------------


def test_incompatible_lengths_of_one_call(parsed) -> None:  # type: ignore[no-untyped-def]
    articles = [
        parsed("The two mayors spoke for nearly three hours on Monday.", "a"),
        parsed("Their phone call lasted about two hours.", "b"),
        parsed("The mayors reached a deal during a 2.5 hour phone conversation.", "c"),
    ]
    [disagreement] = quantity_disagreements(articles)
    assert disagreement.kind == "quantity"
    assert disagreement.topic == "length of the call"
    assert disagreement.compatible is False
    assert [v.value for v in disagreement.versions] == ["about two hours", "2.5 hour", "nearly three hours"]
    assert [v.articles for v in disagreement.versions] == [["b"], ["c"], ["a"]]
    assert disagreement.versions[0].normalized.model_dump() == {"min": 1.75, "max": 2.25, "unit": "hour"}  # type: ignore[union-attr]
    assert disagreement.versions[1].evidence[0].sentence == articles[2].text
    assert disagreement.note == (
        "The articles give the length of the call as anything from 'about two hours' to 'nearly three hours'; "
        "'about two hours' and 'nearly three hours' cannot both be true."
    )
    assert quantity_disagreements(articles) == [disagreement]  # deterministic, ids included


def test_compatible_lengths(parsed) -> None:  # type: ignore[no-untyped-def]
    articles = [
        parsed("The mayors talked for more than 90 minutes.", "a"),
        parsed("Their phone call lasted 2.5 hours.", "b"),
    ]
    [disagreement] = quantity_disagreements(articles)
    assert disagreement.compatible is True
    assert disagreement.note.endswith("all of these can be true at once.")


def test_same_value_is_no_disagreement(parsed) -> None:  # type: ignore[no-untyped-def]
    articles = [parsed("Their phone call lasted two hours.", "a"), parsed("The mayors held a two-hour call.", "b")]
    assert quantity_disagreements(articles) == []


def test_copies_do_not_disagree_with_their_original(parsed) -> None:  # type: ignore[no-untyped-def]
    articles = [
        parsed("Their phone call lasted about two hours.", "a"),
        parsed("Their phone call lasted nearly three hours.", "b", duplicate_of="a"),
    ]
    assert quantity_disagreements(articles) == []


def test_different_things_are_not_grouped(parsed) -> None:  # type: ignore[no-untyped-def]
    articles = [
        parsed("The council approved a 30-day closure after a two-hour meeting.", "a"),
        parsed("The closure will last 30 days. The meeting ran for two hours.", "b"),
        parsed("The ferry company released 198 passengers, including 23 injured passengers.", "c"),
        parsed("The ferry company released 23 injured passengers.", "d"),
    ]
    assert quantity_disagreements(articles) == []


def test_an_article_contradicting_itself_raises_nothing(parsed) -> None:  # type: ignore[no-untyped-def]
    articles = [
        parsed("The first meeting lasted two hours. The second meeting lasted five hours.", "a"),
        parsed("The meeting lasted three hours.", "b"),
    ]
    assert quantity_disagreements(articles) == []


def test_disagreements_are_ordered_by_sources(parsed) -> None:  # type: ignore[no-untyped-def]
    articles = [
        parsed("The storm left at least 12 dead.", "a"),
        parsed("The storm killed 15 people. The blackout lasted two hours.", "b"),
        parsed("The storm killed 16 people. The blackout lasted nearly five hours.", "c"),
    ]
    topics = [d.topic for d in quantity_disagreements(articles)]
    assert topics == ["number of people killed", "length of the blackout"]


def test_counts_far_apart_are_different_sets(parsed) -> None:  # type: ignore[no-untyped-def]
    articles = [
        parsed("One person was arrested on Monday night.", "a"),
        parsed("By Friday, police had arrested 46 people.", "b"),
    ]
    assert quantity_disagreements(articles) == []


# --- hedges after the amount, closures, display units ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "wording", "low", "high", "hedge"),
    [
        (
            'The engineer said the repairs would last "three weeks at the very least".',
            "three weeks at the very least", 504.0, None, "at the very least",
        ),
        ("The storm lasted two hours or so.", "two hours or so", 1.75, 2.25, "or so"),
        ("The blackout lasted five hours or more.", "five hours or more", 5.0, None, "or more"),
        ("The hearing will last three days at most.", "three days at most", None, 72.0, "at most"),
        ("The ferry strike lasted a week at least.", "a week at least", 168.0, None, "at least"),
    ],
)  # fmt: skip
def test_hedges_after_the_amount(  # type: ignore[no-untyped-def]
    parsed, text: str, wording: str, low: float | None, high: float | None, hedge: str
) -> None:
    article = parsed(text)
    [amount] = find_quantities(article)
    assert (article.span_text(amount.span), _r(amount.low), _r(amount.high), amount.hedge) == (
        wording,
        low,
        high,
        hedge,
    )


def test_or_more_than_starts_a_second_amount(parsed) -> None:  # type: ignore[no-untyped-def]
    found = amounts(parsed("The delay could be two hours or more than a day."))
    assert [(w, lo, hi) for w, lo, hi, _, _ in found] == [("two hours", 1.75, 2.25), ("more than a day", 24.0, None)]


def test_percentages_take_hedges_after_them(parsed) -> None:  # type: ignore[no-untyped-def]
    assert amounts(parsed("Turnout rose to 40 percent or more.")) == [
        ("40 percent or more", 40.0, None, "percent", None)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The ferry terminal will stay closed for two weeks.",
        "The coast road will remain closed for ten days.",
        "The harbour bridge will be closed for a month.",
        "The council shut the marina for three days.",
        "The fish market will stay shut for about a week, the mayor said.",
        "The council will keep the bridge closed for two weeks.",
        "The lighthouse will stay closed for at least three weeks after the storm damaged it.",
        "The closure is expected to last between two and four weeks.",
        "The closure is likely to last three weeks.",
    ],
)
def test_being_closed_for_a_while_is_the_length_of_the_closure(parsed, text: str) -> None:  # type: ignore[no-untyped-def]
    [amount] = find_quantities(parsed(text))
    assert amount.attribute == ("closure", "duration")


def test_other_raised_subjects(parsed) -> None:  # type: ignore[no-untyped-def]
    [amount] = find_quantities(parsed("The hearing is likely to run for three days."))
    assert amount.attribute == ("hearing", "duration")


@pytest.mark.parametrize(
    "text",
    [
        "The ferry will run every fifteen minutes.",  # how often, not how long
        "The ferry sailed three hours after the storm.",  # an offset
    ],
)
def test_frequencies_and_offsets_are_not_lengths(parsed, text: str) -> None:  # type: ignore[no-untyped-def]
    assert find_quantities(parsed(text)) == []


def test_closures_worded_differently_are_one_disagreement_shown_in_weeks(parsed) -> None:  # type: ignore[no-untyped-def]
    articles = [
        parsed("The marina will stay closed for at least three weeks.", "a"),
        parsed("The harbour master said the closure would last three weeks or more.", "b"),
        parsed("The closure is expected to last between two and four weeks.", "c"),
        parsed("The marina will stay shut for about a week, the mayor said.", "d"),
    ]
    [disagreement] = quantity_disagreements(articles)
    assert disagreement.topic == "length of the closure"
    assert disagreement.compatible is False
    shown = {v.value: v.normalized.model_dump() for v in disagreement.versions}  # type: ignore[union-attr]
    assert shown == {
        "about a week": {"min": 0.875, "max": 1.13, "unit": "week"},  # 1.125 to three significant digits
        "between two and four weeks": {"min": 2.0, "max": 4.0, "unit": "week"},
        "at least three weeks": {"min": 3.0, "max": None, "unit": "week"},
        "three weeks or more": {"min": 3.0, "max": None, "unit": "week"},
    }
    assert disagreement.note.endswith("'about a week' and 'at least three weeks' cannot both be true.")


def test_repairs_are_not_the_closure(parsed) -> None:  # type: ignore[no-untyped-def]
    articles = [
        parsed("The marina will stay closed for at least three weeks.", "a"),
        parsed("Repairs to the marina could take up to a month.", "b"),
    ]
    assert quantity_disagreements(articles) == []


@pytest.mark.parametrize(
    ("unit", "written", "bounds", "expected"),
    [
        ("hour", ["week", "week", "week"], [(147.0, 189.0), (504.0, None), (336.0, 672.0)], ("week", 168.0)),
        ("hour", ["minute", "hour"], [(1.5, None), (2.4, 3.0)], ("hour", 1.0)),
        # ten days would read as 0.33 of a month: shown in days
        ("hour", ["month", "day"], [(None, 730.5), (228.0, 252.0)], ("day", 24.0)),
        ("hour", ["second", "second"], [(10 / 3600, 12 / 3600), (26.25 / 3600, 33.75 / 3600)], ("second", 1 / 3600)),
        ("metre", ["cm", "m"], [(0.35, 0.45), (0.5, 0.6)], ("centimetre", 0.01)),
        ("count", ["count"], [(12.0, 12.0)], ("count", 1.0)),
        ("percent", ["percent"], [(35.0, 45.0)], ("percent", 1.0)),
    ],
)
def test_display_unit(
    unit: str, written: list[str], bounds: list[tuple[float | None, float | None]], expected: tuple[str, float]
) -> None:
    assert display_unit(unit, written, bounds) == pytest.approx(expected)


def test_values_are_shown_to_three_significant_digits(parsed) -> None:  # type: ignore[no-untyped-def]
    articles = [
        parsed("The tremor lasted just over 10 seconds.", "a"),
        parsed("The tremor lasted 30 seconds.", "b"),
    ]
    [disagreement] = quantity_disagreements(articles)
    assert [v.normalized.model_dump() for v in disagreement.versions] == [  # type: ignore[union-attr]
        {"min": 10.0, "max": 12.0, "unit": "second"},
        {"min": 26.3, "max": 33.8, "unit": "second"},
    ]
