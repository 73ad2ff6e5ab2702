"""Mentions: every amount, date and time an article states, read as a typed interval with its slot.

Every sentence here is invented (the fictional town of Port Alder), none is from ../shared.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from newsfuse.config import Config
from newsfuse.document import Article
from newsfuse.parse import annotate
from newsfuse.reconcile.mentions import Mention, find_amounts, find_dates
from newsfuse.reconcile.mentions.values import UNITS, display_unit, interval, parse_number

Parse = Callable[[str], Article]


@pytest.fixture(scope="module")
def parse(config: Config) -> Parse:
    cache: dict[str, Article] = {}

    def make(text: str) -> Article:
        if text not in cache:
            article = Article(id="a", origin="a", text=text, published=date(2024, 5, 13))
            annotate([article], config.parse)
            cache[text] = article
        return cache[text]

    return make


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def read(mentions: list[Mention]) -> list[tuple[str, str, float | None, float | None]]:
    return [(m.text, m.dimension, _r(m.low), _r(m.high)) for m in mentions]


# --- numbers and hedges ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "step"),
    [
        ("2.5", 2.5, 0.5),
        ("2.25", 2.25, 0.05),
        ("1,200", 1200, 100),
        ("198", 198, 1),
        ("150", 150, 10),
        ("ninety", 90, 10),
        ("twenty-three", 23, 1),
        ("two hundred", 200, 100),
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
        (2, 1, "about", (1.75, 2.25)),
        (1.5, 0.5, "more than", (1.5, None)),
        (12, 1, "at least", (12, None)),
        (10, 10, "just over", (10, 12)),
        (5, 1, "up to", (None, 5)),
        (2.5, 0.5, None, (2.25, 2.75)),  # a bare "2.5 hours" is rounded to the half hour
        (90, 10, None, (85, 95)),
    ],
)
def test_hedges_give_intervals(
    value: float, step: float, hedge: str | None, expected: tuple[float | None, float | None]
) -> None:
    low, high = interval(value, step, hedge)
    assert (_r(low), _r(high)) == pytest.approx(expected)


def test_bare_counts_are_exact_unless_round() -> None:
    assert interval(198, 1, None, count=True) == (198, 198)
    assert interval(200, 100, None, count=True) == (175, 225)


# --- amounts of every dimension ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The two mayors spoke for nearly three hours on Monday.", ("nearly three hours", "duration", 2.4, 3.0)),
        ("Port Alder officials discussed the bridge for over 90 minutes.", ("over 90 minutes", "duration", 1.5, None)),
        ("The talks lasted between two and three hours.", ("between two and three hours", "duration", 2.0, 3.0)),
        ("The blackout lasted two hours and 15 minutes.", ("two hours and 15 minutes", "duration", 2.2417, 2.2583)),
        ("The council approved a 30-day closure of the bridge.", ("30-day", "duration", 630.0, 810.0)),
        ('The engineer said the repairs would last "three weeks at the very least".',
         ("three weeks at the very least", "duration", 504.0, None)),
        ("The 58-year-old harbour master retired.", ("58-year-old", "age", 57.5, 58.5)),
        ("Turnout fell to about 40 percent.", ("about 40 percent", "percent", 35.0, 45.0)),
        ("The harbour authority paid €45 million for the dredger.", ("€45 million", "money", 44.5e6, 45.5e6)),
        ("The harbour authority paid 45 million euros for the dredger.", ("45 million euros", "money", 44.5e6, 45.5e6)),
        ("The dredger is said to have cost $1.2bn.", ("$1.2bn", "money", 1.15e9, 1.25e9)),
        ("The storm left at least 12 dead.", ("at least 12", "count", 12.0, None)),
        ("Crews rescued 1,250 stranded residents on Tuesday.", ("1,250", "count", 1245.0, 1255.0)),
        ("The lighthouse keeper was married twice.", ("twice", "times", 2.0, 2.0)),
    ],
)  # fmt: skip
def test_amounts(parse: Parse, text: str, expected: tuple[str, str, float, float | None]) -> None:
    assert expected in read(find_amounts(parse(text)))


def test_units_glued_to_the_number_and_depths(parse: Parse) -> None:
    found = read(find_amounts(parse("The diver fell 300ft before the rope held, at a depth of 10 km.")))
    assert ("300ft", "length", 80.01, 102.87) in found
    assert ("10 km", "length", 8750.0, 11250.0) in found


def test_an_age_between_commas_after_a_name(parse: Parse) -> None:
    found = find_amounts(parse("Mara Quill, 52, a mother of four, crossed the bridge."))
    [age] = [m for m in found if m.text == "52"]
    assert (age.dimension, age.low, age.high) == ("age", 51.5, 52.5)
    [children] = [m for m in found if m.text == "four"]
    assert children.dimension == "count"


def test_a_part_of_a_set_is_marked_partitive(parse: Parse) -> None:
    found = find_amounts(parse("The ferry company released 198 passengers, including 23 injured passengers."))
    assert [(m.text, m.slot.noun, m.slot.partitive) for m in found] == [
        ("198", "passenger", False),
        ("23", "passenger", True),
    ]


def test_the_slot_names_what_is_measured_and_the_cues_of_change(parse: Parse) -> None:
    [toll, earlier] = find_amounts(parse("The toll rose to 17 from 3 reported earlier."))
    assert (toll.text, toll.slot.noun, toll.slot.verb) == ("17", "toll", "rise")
    assert {"rise", "early"} <= toll.slot.cues
    assert earlier.low == 3.0


@pytest.mark.parametrize(
    "text",
    [
        "The bridge was built three years ago.",  # a point in time
        "The ferry will run every fifteen minutes.",  # how often
        "The council met in 1998 and again in 2004.",  # years are dates
        "The harbour gate is on 12000 block of Quay Road.",  # an address
        "Police seized an AK-47 and two F-16 manuals.",  # models
    ],
)
def test_not_amounts(parse: Parse, text: str) -> None:
    found = read(find_amounts(parse(text)))
    assert not [m for m in found if m[1] == "duration" or m[0] in {"12000", "47", "16", "1998", "2004"}]


# --- dates and times ---------------------------------------------------------------------------


def test_a_written_date_is_a_day(parse: Parse) -> None:
    [mention] = find_dates(parse("Police said the fire began on Sunday, December 8, 2024."), date(2024, 12, 9))
    assert (mention.text, mention.label, mention.precision, mention.weekday) == (
        "on Sunday, December 8, 2024", "2024-12-08", "day", 6,
    )  # fmt: skip


def test_a_date_no_year_anchors_is_kept_as_its_month_and_day(config: Config) -> None:
    texts = {
        "a": "The harbour board approved the new ferry timetable in May, a spokesman said.",
        "b": "The harbour board approved the new ferry timetable on August 14, a spokesman said.",
        "c": "On August 14, 2023, the harbour board approved the new ferry timetable.",
    }
    articles = [Article(id=k, origin=k, text=t) for k, t in texts.items()]  # undated, as plain files are
    annotate(articles, config.parse)
    may, august, dated = (find_dates(article, None)[0] for article in articles)
    assert [(m.text, m.label, m.precision, m.month_day) for m in (may, august)] == [
        ("in May", "May", "yearless", (5, None)),
        ("on August 14", "14 August", "yearless", (8, 14)),
    ]
    assert not may.states_the_same(august) and august.states_the_same(dated) and not may.states_the_same(dated)


def test_times_with_zones_are_compared_in_utc(parse: Parse) -> None:
    found = find_dates(parse("The ferry left at 0915 GMT and docked at 4:15 pm local time."), None)
    assert [(m.text, m.label, m.unit.name if m.unit else None) for m in found] == [
        ("at 0915 GMT", "09:15 UTC", "UTC"),
        ("at 4:15 pm local time", "16:15", "local"),
    ]
    assert (found[0].low, found[0].high) == (555.0, 555.0)


def test_a_time_in_eastern_time_is_moved_to_utc(parse: Parse) -> None:
    [mention] = find_dates(parse("The bridge closed at 3:30 p.m. EDT after the collision."), None)
    assert mention.label == "19:30 UTC"


# --- display ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "bounds", "expected"),
    [
        (["week", "week", "week"], [(147.0, 189.0), (504.0, None), (336.0, 672.0)], "week"),
        (["minute", "hour"], [(1.5, None), (2.4, 3.0)], "hour"),
        (["month", "day"], [(None, 730.5), (228.0, 252.0)], "day"),  # ten days would be 0.33 of a month
        (["cm", "m"], [(0.35, 0.45), (0.5, 0.6)], "centimetre"),
    ],
)
def test_a_group_is_shown_in_the_unit_its_articles_write(
    written: list[str], bounds: list[tuple[float | None, float | None]], expected: str
) -> None:
    assert display_unit([UNITS[w] for w in written], bounds).name == expected
