"""Amounts as wording: numbers, hedges and units read as intervals, and the units they are shown in.

Everything here works on text alone, without the spaCy parse: written numbers and number words
("1,200", "ninety", "a dozen") with the step they were rounded to; hedges ("nearly", "more than",
"or so") and the interval each gives a stated value; units of duration and length and their
conversion to a canonical unit (hours, metres); the patterns that find durations, vague durations,
percentages and clock-time spans in text; and the display unit and rounding of a group of amounts
in the report. `newsfuse.reconcile.quantities` finds amounts in articles with these and compares them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

# --- numbers --------------------------------------------------------------------------------------

ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}

_ONE_WORD = "|".join(sorted(ONES, key=len, reverse=True))
_TEN_WORD = "|".join(TENS)
_SMALL = rf"(?:(?:{_TEN_WORD})(?:[- ](?:{_ONE_WORD}))?|{_ONE_WORD})"
_WORD_NUMBER = rf"(?:{_SMALL}(?:\s+(?:hundred|thousand|million|billion)(?:\s+(?:and\s+)?{_SMALL})?)*|a\s+dozen)"
_DIGIT_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s+(?:thousand|million|billion))?"
NUMBER = rf"(?:{_DIGIT_NUMBER}|{_WORD_NUMBER})"


def parse_number(text: str) -> tuple[float, float] | None:
    """A written number as (value, rounding step): "2.5" -> (2.5, 0.5), "1,200" -> (1200, 100), "ninety" -> (90, 10).

    The step is the place of the last significant digit (halves count as their own step): what
    the writer rounded to, so a bare number is read as true to half a step.
    """
    words = text.lower().replace(",", "").replace("-", " ").split()
    if not words:
        return None
    if words == ["a", "dozen"]:
        return 12.0, 12.0
    if re.fullmatch(r"\d+(?:\.\d+)?", words[0]):
        digits = words[0]
        scale = _SCALES.get(words[1], 1) if len(words) > 1 else 1
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
        elif word in _SCALES:
            scale = _SCALES[word]
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
    unit = 10.0**zeros
    return unit


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
    "an estimated": "about", "estimated": "about",
    # "more than/over/at least X" has no upper end: [X, open).
    "more than": "more than", "over": "more than", "at least": "more than", "upwards of": "more than",
    "in excess of": "more than", "well over": "more than", "no fewer than": "more than", "no less than": "more than",
    # "just over X" is above X but close to it: [X, 1.2 X].
    "just over": "just over", "a little over": "just over", "slightly more than": "just over",
    "a little more than": "just over",
    # "less than/under/up to/at most X" has no lower end: (open, X].
    "less than": "less than", "fewer than": "less than", "under": "less than", "up to": "less than",
    "at most": "less than", "no more than": "less than", "as many as": "less than", "as much as": "less than",
}  # fmt: skip
HEDGE = "(?:" + "|".join(re.escape(h).replace(r"\ ", r"\s+") for h in sorted(HEDGES, key=len, reverse=True)) + ")"
# Hedges written after the amount ("three weeks at the very least", "two hours or so"), read as the
# prefix hedge of the same kind.
POSTFIX_HEDGES: dict[str, str] = {
    "at the very least": "more than", "at least": "more than", "or more": "more than", "or longer": "more than",
    "at the very most": "less than", "at the most": "less than", "at most": "less than", "or less": "less than",
    "or so": "about",
}  # fmt: skip
# A closing quote may stand between the amount and its hedge ('"three weeks" at least'); "or more
# than a month" is a second amount, not a hedge.
_POSTFIX = (
    r"(?:[\"”’]?\s+(?P<post>"
    + "|".join(re.escape(h).replace(r"\ ", r"\s+") for h in sorted(POSTFIX_HEDGES, key=len, reverse=True))
    + r")\b(?!\s+than\b))?"
)


def interval(value: float, step: float, hedge: str | None, *, count: bool = False) -> tuple[float | None, float | None]:
    """The interval a stated value means under its hedge (see HEDGES); a bare value is true to half its step."""
    word = " ".join(hedge.lower().split()) if hedge else None
    kind = HEDGES.get(word, POSTFIX_HEDGES.get(word, word)) if word else None
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

# Durations in hours; lengths in metres.
DURATION_UNITS = {
    "second": 1 / 3600, "sec": 1 / 3600, "minute": 1 / 60, "min": 1 / 60, "hour": 1.0, "hr": 1.0, "day": 24.0,
    "week": 168.0, "month": 730.5, "year": 8766.0,
}  # fmt: skip
LENGTH_UNITS = {
    "metre": 1.0, "meter": 1.0, "m": 1.0, "kilometre": 1000.0, "kilometer": 1000.0, "km": 1000.0,
    "mile": 1609.344, "foot": 0.3048, "feet": 0.3048, "ft": 0.3048, "yard": 0.9144, "centimetre": 0.01,
    "centimeter": 0.01, "cm": 0.01, "inch": 0.0254,
}  # fmt: skip
_UNIT_WORD = (
    r"(?P<unit>seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|metres?|meters?|kilometres?"
    r"|kilometers?|km|miles?|feet|foot|ft|yards?|centimetres?|centimeters?|cm|inch(?:es)?|m)\b"
)
_PERCENT_WORD = r"(?P<unit>%|per\s*cent\b|percent\b)"


def unit_name(word: str) -> str:
    word = re.sub(r"\s+", "", word.lower())
    if word in {"%", "percent", "percent."}:
        return "percent"
    if word in LENGTH_UNITS or word in {"feet", "inches"}:
        return "inch" if word == "inches" else word
    if word.endswith("s") and word[:-1] in DURATION_UNITS | LENGTH_UNITS:
        return word[:-1]
    return word


def canonical_unit(unit: str) -> tuple[str, float]:
    """(canonical unit, factor to it) for a written unit."""
    if unit in DURATION_UNITS:
        return "hour", DURATION_UNITS[unit]
    if unit in LENGTH_UNITS:
        return "metre", LENGTH_UNITS[unit]
    return unit, 1.0


# --- patterns -------------------------------------------------------------------------------------

_PRE = rf"(?<![\w.,-])(?:(?P<hedge>{HEDGE})\s+)?"
_AND_A_HALF = r"(?P<half>\s+and\s+a\s+half)?"
DURATION = re.compile(
    _PRE
    + rf"(?:(?:between\s+|from\s+)?(?P<low>{NUMBER})\s*(?:-|–|to|and)\s*)?(?P<num>{NUMBER}|an?|half\s+an?|a\s+half)"
    + _AND_A_HALF
    + r"(?:\s+|\s*-\s*)"
    + _UNIT_WORD
    + r"(?P<half2>\s+and\s+a\s+half)?"
    + rf"(?:\s+and\s+(?P<extra>{NUMBER})\s+(?P<extra_unit>minutes?|seconds?))?"
    + r"(?P<long>\s*-\s*long\b)?"
    + _POSTFIX,
    re.IGNORECASE,
)
VAGUE = re.compile(
    rf"(?<![\w-])(?P<word>a\s+couple\s+of|a\s+few|several)\s+{_UNIT_WORD.replace('?P<unit>', '?P<unit>')}",
    re.IGNORECASE,
)
VAGUE_RANGES = {"a couple of": (1.5, 3.0), "a few": (2.0, 5.0), "several": (3.0, 9.0)}
PERCENT = re.compile(_PRE + rf"(?P<num>{_DIGIT_NUMBER}|{_WORD_NUMBER})\s*" + _PERCENT_WORD + _POSTFIX, re.IGNORECASE)
_CLOCK = (
    r"(?:\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)(?![\w])|\d{1,2}:\d{2}|noon|midday|midnight)"
    r"(?:\s+(?:ET|EST|EDT|PT|PST|PDT|CT|GMT|UTC|BST|CET|local\s+time|Moscow\s+time))?"
)
CLOCK_SPAN = re.compile(
    rf"(?:from|between|beginning|starting|began|started|begun)\s+(?P<h1>(?:at|around|about|roughly|shortly\s+after|"
    rf"just\s+after)\s+)?(?P<t1>{_CLOCK})"
    rf"(?:\s*(?:-|–|to|until|till|through|and)\s+|[^.;!?]{{0,40}}?\b(?:ending|concluding|finishing|ended|concluded|"
    rf"finished|wrapping\s+up|wrapped\s+up)\s+)(?P<h2>(?:at|around|about|roughly|shortly\s+before|just\s+before)\s+)?"
    rf"(?P<t2>{_CLOCK})",
    re.IGNORECASE,
)


def normal_hedge(word: str | None) -> str | None:
    return " ".join(word.lower().split()) if word else None


def duration_value(match: re.Match[str]) -> tuple[float, float] | None:
    number = " ".join(match["num"].lower().split())
    if number in {"a", "an"}:
        value, step = 1.0, 1.0
    elif number in {"half a", "half an", "a half"}:
        value, step = 0.5, 0.5
    else:
        parsed = parse_number(number)
        if parsed is None:
            return None
        value, step = parsed
    if match["half"] or match["half2"]:
        value, step = value + 0.5, 0.5
    if match["extra"]:
        extra = parse_number(match["extra"])
        if extra is None:
            return None
        main_unit = DURATION_UNITS.get(unit_name(match["unit"]), 1.0)
        factor = DURATION_UNITS.get(unit_name(match["extra_unit"]), 0.0) / main_unit
        value, step = value + extra[0] * factor, extra[1] * factor
    return value, step


def clock_difference(first: str, second: str) -> float | None:
    start, end = _clock_hours(first), _clock_hours(second)
    if start is None or end is None:
        return None
    hours = end - start
    if hours <= 0:
        hours += 12 if hours > -12 and not re.search(r"[ap]\.?m", second, re.IGNORECASE) else 24
    return hours if 0 < hours <= 12 else None


def _clock_hours(text: str) -> float | None:
    text = text.lower()
    if text.startswith(("noon", "midday")):
        return 12.0
    if text.startswith("midnight"):
        return 24.0
    match = re.match(r"(\d{1,2})(?::(\d{2}))?\s*([ap])?", text)
    if match is None:
        return None
    hours = int(match[1]) % 12 + int(match[2] or 0) / 60
    if match[3] == "p" or (match[3] is None and int(match[1]) == 12):
        hours += 12
    return hours


# --- display ----------------------------------------------------------------------------------------

# Written units by the name a reader sees in the report.
_DISPLAY_NAMES = {
    "sec": "second", "min": "minute", "hr": "hour", "m": "metre", "meter": "metre", "cm": "centimetre",
    "centimeter": "centimetre", "km": "kilometre", "kilometer": "kilometre", "ft": "foot", "feet": "foot",
}  # fmt: skip
# A group is shown in the largest written unit in which no value is smaller than this: "about a
# week" reads well as 0.875 weeks, "ten days" badly as 0.33 months.
_SMALLEST_NATURAL = 0.5
_SIGNIFICANT_DIGITS = 3


def in_display_unit(value: float | None, factor: float) -> float | None:
    """A canonical value in the display unit, to three significant digits (half up, as people round)."""
    if value is None:
        return None
    scaled = value / factor
    if scaled == 0:
        return 0.0
    exponent = math.floor(math.log10(abs(scaled))) - _SIGNIFICANT_DIGITS + 1
    # repr first: 0.1 + 0.2 is shown as 0.3, not as the binary value just above it.
    return float(Decimal(repr(scaled)).quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP))


def display_unit(
    unit: str, written: Sequence[str], bounds: Sequence[tuple[float | None, float | None]]
) -> tuple[str, float]:
    """The unit a group of amounts is shown in, and its size in the canonical `unit`.

    The largest unit any version is written in, unless a value would read as a small fraction of
    it: the closure in weeks, the call in hours, a tremor in seconds. Counts and percentages are
    shown as they are.
    """
    sizes = DURATION_UNITS if unit == "hour" else LENGTH_UNITS if unit == "metre" else {}
    candidates = sorted({_DISPLAY_NAMES.get(w, w) for w in written if w in sizes}, key=lambda w: -sizes[w])
    values = [abs(v) for low, high in bounds for v in (low, high) if v]
    for name in candidates:
        if all(v / sizes[name] >= _SMALLEST_NATURAL for v in values):
            return name, sizes[name]
    if candidates:
        return candidates[-1], sizes[candidates[-1]]
    return unit, 1.0
