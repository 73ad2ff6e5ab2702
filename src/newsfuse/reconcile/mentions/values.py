"""Values as wording: numbers, hedges and units read as intervals in a canonical unit per dimension.

Everything here works on text alone, without the spaCy parse: written numbers and number words
("1,200", "ninety", "a dozen", "6.1") with the step they were rounded to; hedges ("nearly", "more
than", "or so") and the interval each gives a stated value; units of every dimension newsfuse
compares (durations, lengths, areas, masses, volumes, speeds, temperatures, money by currency,
percentages) with their conversion to one canonical unit; and the unit and rounding a group of
values is shown in. `newsfuse.reconcile.mentions.amounts` finds amounts in articles with these.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# --- numbers --------------------------------------------------------------------------------------

ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 10**12}
# Scales abbreviated after a currency or a number: "$1.2bn", "£30m", "EUR 45m", "5k".
SHORT_SCALES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "mln": 1_000_000, "bn": 10**9, "b": 10**9, "tn": 10**12}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "hundredth": 100,
}  # fmt: skip
# How many times: "married twice", "shot eleven times".
MULTIPLES = {"once": 1, "twice": 2, "thrice": 3}

_ONE_WORD = "|".join(sorted(ONES, key=len, reverse=True))
_TEN_WORD = "|".join(TENS)
_SMALL = rf"(?:(?:{_TEN_WORD})(?:[- ](?:{_ONE_WORD}))?|{_ONE_WORD})"
WORD_NUMBER = (
    rf"(?:(?:a|{_SMALL})\s+dozen\b"
    rf"|{_SMALL}(?:\s+(?:hundred|thousand|million|billion|trillion)(?:\s+(?:and\s+)?{_SMALL})?)*"
    rf"|(?:a|one)\s+hundred|(?:a|one)\s+thousand)"
)
DIGIT_NUMBER = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
NUMBER = rf"(?:{DIGIT_NUMBER}(?:\s+(?:thousand|million|billion|trillion)\b)?|{WORD_NUMBER})"


def parse_number(text: str) -> tuple[float, float] | None:
    """A written number as (value, rounding step): "2.5" -> (2.5, 0.5), "1,200" -> (1200, 100), "ninety" -> (90, 10).

    The step is the place of the last significant digit (halves count as their own step): what
    the writer rounded to, so a bare number is read as true to half a step.
    """
    words = text.lower().replace(",", "").replace("-", " ").split()
    if not words:
        return None
    if words in (["a", "dozen"], ["dozen"]):
        return 12.0, 12.0
    if len(words) >= 2 and words[-1] == "dozen":  # "three dozen"
        dozens = parse_number(" ".join(words[:-1]))
        return (dozens[0] * 12, 12.0) if dozens else None
    if words[0] in {"a", "one"} and len(words) == 2 and words[1] in SCALES:
        return float(SCALES[words[1]]), float(SCALES[words[1]])
    if re.fullmatch(r"\d*\.?\d+", words[0]):
        digits = words[0]
        scale = SCALES.get(words[1], SHORT_SCALES.get(words[1], 1)) if len(words) > 1 else 1
        return float(digits) * scale, _digit_step(digits) * scale
    total = 0.0
    current = 0.0
    step = 1.0
    for word in words:
        if word == "and":
            continue
        if word in ONES:
            current += ONES[word]
            step = 1.0 if ONES[word] % 10 else 10.0
        elif word in TENS:
            current += TENS[word]
            step = 10.0
        elif word in SCALES:
            scale = SCALES[word]
            if scale == 100:
                current = max(current, 1.0) * 100
                step = max(step * 100, 100.0) if current % 100 == 0 else step
            else:
                total += max(current, 1.0) * scale
                step = step * scale if current else float(scale)
                current = 0.0
        else:
            return None
    return total + current, step


def _digit_step(digits: str) -> float:
    if "." in digits:
        decimals = digits.split(".", 1)[1].rstrip("0")
        if not decimals:
            return 1.0
        unit = 10.0 ** -len(decimals)
        return unit * 5 if decimals.endswith("5") else unit
    integer = digits.lstrip("0") or "0"
    zeros = len(integer) - len(integer.rstrip("0"))
    return 10.0**zeros


# --- hedges ---------------------------------------------------------------------------------------

# What a hedged number means, as an interval around the stated value X. Each rule is one way
# reporters hedge; the bounds are deliberately generous, because a false "disagreement" costs
# more than a missed one.
ABOUT_TOLERANCE = 0.125
HEDGES: dict[str, str] = {
    # "nearly three hours" is under X but close to it: [0.8 X, X]. Nobody writes "nearly
    # three hours" for two hours and a quarter.
    "nearly": "nearly", "almost": "nearly", "close to": "nearly", "just under": "nearly",
    "just short of": "nearly", "not quite": "nearly",
    # "about/around/roughly X" is X give or take ABOUT_TOLERANCE (12.5%): "about two hours" is 1h45-2h15.
    "about": "about", "around": "about", "roughly": "about", "some": "about", "approximately": "about",
    "an estimated": "about", "estimated": "about", "an approximate": "about", "approximate": "about",
    "like": "about",
    # "more than/over/at least X" has no upper end: [X, open).
    "more than": "more than", "over": "more than", "at least": "more than", "upwards of": "more than",
    "in excess of": "more than", "well over": "more than", "no fewer than": "more than", "no less than": "more than",
    "above": "more than", "exceeding": "more than",
    # "just over X" is above X but close to it: [X, 1.2 X].
    "just over": "just over", "a little over": "just over", "slightly more than": "just over",
    "a little more than": "just over",
    # "less than/under/up to/at most X" has no lower end: (open, X].
    "less than": "less than", "fewer than": "less than", "under": "less than", "up to": "less than",
    "at most": "less than", "no more than": "less than", "as many as": "less than", "as much as": "less than",
    "below": "less than",
}  # fmt: skip
HEDGE = "(?:" + "|".join(re.escape(h).replace(r"\ ", r"\s+") for h in sorted(HEDGES, key=len, reverse=True)) + ")"
# Hedges written after the amount ("three weeks at the very least", "two hours or so"), read as the
# prefix hedge of the same kind.
POSTFIX_HEDGES: dict[str, str] = {
    "at the very least": "more than", "at least": "more than", "or more": "more than", "or longer": "more than",
    "plus": "more than", "at the very most": "less than", "at the most": "less than", "at most": "less than",
    "or less": "less than", "or fewer": "less than", "or so": "about",
}  # fmt: skip
POSTFIX_HEDGE = (
    "(?:" + "|".join(re.escape(h).replace(r"\ ", r"\s+") for h in sorted(POSTFIX_HEDGES, key=len, reverse=True)) + ")"
)


def normal_hedge(hedge: str | None) -> str | None:
    """A hedge as lower-case words with single spaces ("Just  Over" -> "just over"); None stays None."""
    return " ".join(hedge.lower().split()) if hedge else None


def hedge_kind(hedge: str | None) -> str | None:
    """What a hedge does to a value: "nearly", "about", "more than", "just over", "less than", or None."""
    word = " ".join(hedge.lower().split()) if hedge else None
    return HEDGES.get(word, POSTFIX_HEDGES.get(word)) if word else None


def interval(value: float, step: float, hedge: str | None, *, count: bool = False) -> tuple[float | None, float | None]:
    """The interval a stated value means under its hedge (see HEDGES); a bare value is true to half its step."""
    kind = hedge_kind(hedge)
    if kind == "nearly":
        return value * 0.8, value
    if kind == "about":
        return value * (1 - ABOUT_TOLERANCE), value * (1 + ABOUT_TOLERANCE)
    if kind == "more than":
        return value, None
    if kind == "just over":
        return value, value * 1.2
    if kind == "less than":
        return None, value
    # A bare count with a non-round last digit ("198") is exact; a round one ("200") is rounded.
    tolerance = 0.0 if count and step <= 1 else min(step / 2, value * ABOUT_TOLERANCE)
    return value - tolerance, value + tolerance


# --- units ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Unit:
    """A written unit: the dimension it measures, its canonical unit and the factor to it."""

    name: str  # the unit as the report shows it: "week", "kilometre", "USD"
    dimension: str  # "duration", "length", "area", "mass", "volume", "speed", "temperature", "money", "percent"
    canonical: str  # the unit values of this dimension are compared in: "hour", "metre", "USD", ...
    factor: float  # canonical = written * factor (+ offset)
    offset: float = 0.0


def _units() -> dict[str, Unit]:
    table: dict[str, Unit] = {}

    def add(dimension: str, canonical: str, factor: float, name: str, *forms: str, offset: float = 0.0) -> None:
        unit = Unit(name, dimension, canonical, factor, offset)
        for form in (name, *forms):
            table[form] = unit

    hour = 1.0
    add("duration", "hour", hour / 3600, "second", "seconds", "sec", "secs", "s")
    add("duration", "hour", hour / 60, "minute", "minutes", "min", "mins")
    add("duration", "hour", hour, "hour", "hours", "hr", "hrs", "h")
    add("duration", "hour", 24 * hour, "day", "days")
    add("duration", "hour", 24 * hour, "night", "nights")
    add("duration", "hour", 168 * hour, "week", "weeks")
    add("duration", "hour", 336 * hour, "fortnight", "fortnights")
    add("duration", "hour", 730.5 * hour, "month", "months")
    add("duration", "hour", 8766 * hour, "year", "years", "yr", "yrs")
    add("duration", "hour", 87660 * hour, "decade", "decades")
    add("duration", "hour", 876600 * hour, "century", "centuries")
    add("length", "metre", 1.0, "metre", "metres", "meter", "meters", "m")
    add("length", "metre", 1000.0, "kilometre", "kilometres", "kilometer", "kilometers", "km", "kms")
    add("length", "metre", 0.01, "centimetre", "centimetres", "centimeter", "centimeters", "cm")
    add("length", "metre", 0.001, "millimetre", "millimetres", "millimeter", "millimeters", "mm")
    add("length", "metre", 1609.344, "mile", "miles", "mi")
    add("length", "metre", 1852.0, "nautical mile", "nautical miles", "nm")
    add("length", "metre", 0.3048, "foot", "feet", "ft")
    add("length", "metre", 0.9144, "yard", "yards", "yd", "yds")
    add("length", "metre", 0.0254, "inch", "inches", "in")
    add("area", "square metre", 1.0, "square metre", "square metres", "square meter", "square meters", "sq m", "m2")
    add("area", "square metre", 1e6, "square kilometre", "square kilometres", "square kilometer",
        "square kilometers", "sq km", "km2")  # fmt: skip
    add("area", "square metre", 2_589_988.11, "square mile", "square miles", "sq mi")
    add("area", "square metre", 0.09290304, "square foot", "square feet", "sq ft")
    add("area", "square metre", 10_000.0, "hectare", "hectares", "ha")
    add("area", "square metre", 4046.8564224, "acre", "acres")
    add("mass", "kilogram", 1.0, "kilogram", "kilograms", "kilo", "kilos", "kg", "kgs")
    add("mass", "kilogram", 0.001, "gram", "grams", "g")
    add("mass", "kilogram", 1000.0, "tonne", "tonnes", "metric ton", "metric tons", "t")
    add("mass", "kilogram", 907.18474, "ton", "tons")
    add("mass", "kilogram", 0.45359237, "pound", "pounds", "lb", "lbs")
    add("mass", "kilogram", 0.028349523, "ounce", "ounces", "oz")
    add("volume", "litre", 1.0, "litre", "litres", "liter", "liters", "l")
    add("volume", "litre", 0.001, "millilitre", "millilitres", "milliliter", "milliliters", "ml")
    add("volume", "litre", 3.785411784, "gallon", "gallons", "gal")
    add("volume", "litre", 158.987294928, "barrel", "barrels", "bbl")
    add("volume", "litre", 1000.0, "cubic metre", "cubic metres", "cubic meter", "cubic meters")
    add("speed", "kilometre per hour", 1.0, "kilometre per hour", "kilometres per hour", "kilometers per hour",
        "km/h", "kmh", "kph")  # fmt: skip
    add("speed", "kilometre per hour", 1.609344, "mile per hour", "miles per hour", "mph")
    add("speed", "kilometre per hour", 1.852, "knot", "knots")
    add("speed", "kilometre per hour", 3.6, "metre per second", "metres per second", "meters per second", "m/s")
    add("temperature", "degree Celsius", 1.0, "degree Celsius", "degrees celsius", "degree celsius", "°c",
        "degrees centigrade", "c")  # fmt: skip
    add("temperature", "degree Celsius", 5 / 9, "degree Fahrenheit", "degrees fahrenheit", "degree fahrenheit",
        "°f", "f", offset=-32 * 5 / 9)  # fmt: skip
    # "minus 17 degrees": a temperature whose scale the words do not give; compared only with its like.
    add("temperature", "degree", 1.0, "degree", "degrees", "°")
    add("percent", "percent", 1.0, "percent", "per cent", "%", "pc", "percentage point", "percentage points")
    return table


UNITS = _units()
# Currencies, by the symbol, code or word written beside the amount.
CURRENCIES = {
    "$": "USD", "us$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD", "a$": "AUD", "aud": "AUD",
    "c$": "CAD", "cad": "CAD", "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "£": "GBP", "gbp": "GBP",
    "pounds sterling": "GBP", "sterling": "GBP", "¥": "JPY", "yen": "JPY", "jpy": "JPY", "rupee": "INR",
    "rupees": "INR", "rs": "INR", "inr": "INR", "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB",
    "yuan": "CNY", "renminbi": "CNY", "franc": "CHF", "francs": "CHF", "chf": "CHF", "hk$": "HKD",
}  # fmt: skip


def money_unit(currency: str) -> Unit:
    """The unit of an amount of money in a currency code: compared only with the same currency."""
    return Unit(currency, "money", currency, 1.0)


def to_canonical(value: float | None, unit: Unit) -> float | None:
    return None if value is None else value * unit.factor + unit.offset


# --- display ----------------------------------------------------------------------------------------

# A group is shown in the largest written unit in which no value is smaller than this: "about a
# week" reads well as 0.875 weeks, "ten days" badly as 0.33 months.
_SMALLEST_NATURAL = 0.5
_SIGNIFICANT_DIGITS = 3


def in_display_unit(value: float | None, unit: Unit) -> float | None:
    """A canonical value in the display unit, to three significant digits (half up, as people round)."""
    if value is None:
        return None
    scaled = (value - unit.offset) / unit.factor
    if scaled == 0:
        return 0.0
    exponent = math.floor(math.log10(abs(scaled))) - _SIGNIFICANT_DIGITS + 1
    # repr first: 0.1 + 0.2 is shown as 0.3, not as the binary value just above it.
    return float(Decimal(repr(scaled)).quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP))


def display_unit(written: Sequence[Unit], bounds: Sequence[tuple[float | None, float | None]]) -> Unit:
    """The unit a group of values is shown in: the largest unit any version is written in, unless a
    value would read as a small fraction of it (the closure in weeks, the call in hours, a tremor
    in seconds)."""
    candidates = sorted({u.name: u for u in written}.values(), key=lambda u: (-u.factor, u.name))
    values = [abs(v) for low, high in bounds for v in (low, high) if v]
    for unit in candidates:
        if unit.offset == 0 and all(v / unit.factor >= _SMALLEST_NATURAL for v in values):
            return unit
    return candidates[-1]
