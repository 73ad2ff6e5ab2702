"""Amounts in article text: every number an article states, with its unit, hedge and interval.

One pattern reads every written amount: counts of anything ("70 people", "seven AK-47s", "killing
two"), money with its currency and scale ("$1.2bn", "£30m", "EUR 45m", "45 million euros"),
durations, lengths, areas, masses, volumes, speeds and temperatures in any of their units,
glued to the number or not ("300ft", "a 10-metre dhow", "minus 17 degrees"), percentages,
magnitudes, ages ("the 41-year-old", "aged 52", "Smith, 52,"), how many times ("twice", "shot
eleven times"), ranges ("between two and four weeks", "24- to 30-foot", "five or six") and halves
("two and a half years"). A number that is part of a date, a clock time, a name or a model
("AK-47", "F-16", "the 1990s") is no amount. What each amount is of comes from the parse
(`mentions/slots.py`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from newsfuse.document import Article, Span
from newsfuse.reconcile.evidence import sentence_at
from newsfuse.reconcile.mentions.mention import Mention
from newsfuse.reconcile.mentions.slots import slot_of
from newsfuse.reconcile.mentions.values import (
    CURRENCIES,
    DIGIT_NUMBER,
    HEDGE,
    MULTIPLES,
    POSTFIX_HEDGE,
    SHORT_SCALES,
    UNITS,
    WORD_NUMBER,
    Unit,
    hedge_kind,
    interval,
    money_unit,
    normal_hedge,
    parse_number,
    to_canonical,
)

# Units written with a space or a hyphen after the number; the rest only glued to it ("5m", "3s").
_SPACED_UNITS = sorted((form for form in UNITS if len(form) > 2 or form in {"km", "cm", "mm", "kg", "ft", "lb"}),
                       key=len, reverse=True)  # fmt: skip
# "s" stays out: "the 1990s", "47s" are no seconds.
_GLUED_UNITS = sorted(
    (form for form in UNITS if form not in _SPACED_UNITS and form.isascii() and form != "s"), key=len, reverse=True
)
_SYMBOL_UNITS = ["%", "°c", "°f", "°"]
_CURRENCY_WORDS = sorted((w for w in CURRENCIES if w.isalpha() and len(w) > 3), key=len, reverse=True)


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)


_CURRENCY_BEFORE = r"(?P<cur>US\$|A\$|C\$|HK\$|\$|€|£|¥|(?:USD|EUR|GBP|AUD|CAD|CHF|INR|JPY|Rs\.?)\s?)"
_CORE = rf"(?:{DIGIT_NUMBER}|{WORD_NUMBER})"
_LONG_SCALE = r"[\s-]+(?:thousand|million|billion|trillion)\b"
_SHORT_SCALE = r"(?:bn|mn|mln|tn|m|b|k)(?![a-zA-Z])"
_FIRST = (
    # Not inside a word or number, nor after a model's hyphen ("AK-47", "F-16", "52-3"); after a
    # word's hyphen it is ("magnitude-5.9", "minus-20", "hospital-nine days": a dash the corpus joined).
    rf"(?<![\w.,:$€£¥/])(?<!(?-i:[A-Z0-9])-)(?:(?P<between>between|from)\s+)?{_CURRENCY_BEFORE}?"
    rf"(?P<num>{_CORE})(?P<half>\s+and\s+a\s+(?:half|quarter))?(?P<scale>{_LONG_SCALE}|{_SHORT_SCALE})?"
)
_SECOND = (
    rf"(?P<sep>\s*-\s*to\s+|\s*(?:–|-)\s*|\s+(?:to|or|and)\s+){_CURRENCY_BEFORE.replace('cur', 'cur2')}?"
    rf"(?P<num2>{_CORE})(?P<scale2>{_LONG_SCALE}|{_SHORT_SCALE})?"
)
_AFTER = (
    rf"(?:(?P<age>[\s-]*years?[\s-]*old\b|[\s-]+year-old\b)"
    rf"|(?P<unitsep>\s*-\s*|\s+|)(?P<unit>{_alternation(_SPACED_UNITS + _CURRENCY_WORDS)})(?![\w])"
    rf"|(?P<glued>{_alternation(_GLUED_UNITS)})(?![\w])"
    rf"|\s?(?P<symbol>{_alternation(_SYMBOL_UNITS)})"
    rf"|[\s-]*(?P<magnitude>magnitude\b)"
    rf"|\s+(?P<times>times)\b)?"
    rf"(?P<half2>\s+and\s+a\s+half)?"
    rf"(?:\s+and\s+(?P<extra>{_CORE})\s+(?P<extra_unit>minutes?|seconds?)\b)?"
    rf"(?P<post>[\"”’]?\s+{POSTFIX_HEDGE}\b(?!\s+than))?"
)
# A range first ("between two and four weeks", "24- to 30-foot", "40 or 50"); where its second
# number does not make one, each number is read alone.
RANGE = re.compile(_FIRST + _SECOND + _AFTER, re.IGNORECASE)
AMOUNT = re.compile(_FIRST + _AFTER, re.IGNORECASE)
MULTIPLE = re.compile(r"\b(?P<num>once|twice|thrice)\b", re.IGNORECASE)
_HEDGE_BEFORE = re.compile(rf"(?:^|[\s(\"“])(?P<hedge>{HEDGE})\s*$", re.IGNORECASE)
_MAGNITUDE_BEFORE = re.compile(r"\bmagnitude(?:\s+of)?[\s-]*$|\brichter\s+scale\s+of\s+$", re.IGNORECASE)
_AGE_BEFORE = re.compile(r"\b(?:aged|age\s+of|ages\s+of)\s+$", re.IGNORECASE)
_MINUS_BEFORE = re.compile(r"(?:\bminus[\s-]*|(?<![\w])-)$", re.IGNORECASE)
_RICHTER_AFTER = re.compile(r"\s+on\s+the\s+richter\s+scale", re.IGNORECASE)
# After the number: a clock time, an ordinal suffix, a decade, or letters glued on ("47s", "3D").
_NOT_AN_AMOUNT_AFTER = re.compile(
    r"(?::\d|/\d|\s*(?:a\.?\s?m\b|p\.?\s?m\b)|st\b|nd\b|rd\b|th\b|s\b|[a-z]|\s*[-–]\s*\d|\s+block\s+of\b"
    r"|\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)",
    re.IGNORECASE,
)
# A clock time written as a number ("at 0915 GMT", "1100 hrs"), and a day after its month ("Nov. 11").
_CLOCK_AFTER = re.compile(r"\s*(?:gmt|utc|hrs\b|hours\b|ist\b|est\b|edt\b|cet\b|local\s+time)", re.IGNORECASE)
_MONTH_BEFORE = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*$", re.IGNORECASE)
# Before the number: a name or model ("AK-47", "F-16", "Covid-19"), a version or a page ("No. 5").
_NOT_AN_AMOUNT_BEFORE = re.compile(
    r"(?:[A-Za-z]-|[A-Za-z]|\d/|\bno\.\s?|#|\bpage\s|\bchapter\s|\bverse\s|\broute\s|\bflight\s)$", re.IGNORECASE
)
_YEAR = re.compile(r"(?:1[6-9]|20)\d\d")
AGE = Unit("year", "age", "year", 1.0)
# "a week", "an hour and a half", "half a mile": one of a unit, in words.
_WORD_UNITS = "|".join(sorted((u for u in UNITS if len(u) > 2 and u.isalpha()), key=len, reverse=True))
ONE_UNIT = re.compile(
    rf"(?<![\w-])(?P<num>half\s+an?|an?|one)[\s-]+(?P<unit>{_WORD_UNITS})\b"
    rf"(?P<half>\s+and\s+a\s+half)?(?P<post>\s+{POSTFIX_HEDGE}\b(?!\s+than))?",
    re.IGNORECASE,
)
# Entity types that a bare number belongs to rather than counts with.
_NOT_COUNT_TYPES = frozenset({"DATE", "TIME", "ORDINAL", "ORG", "PRODUCT", "FAC", "LAW", "WORK_OF_ART", "EVENT"})


class _Groups:
    """A match of RANGE or AMOUNT, read alike: a group that did not match (or that the pattern does
    not have) is the empty string."""

    def __init__(self, match: re.Match[str]) -> None:
        self.match = match
        self.re = match.re
        self._groups = match.groupdict()

    def __getitem__(self, name: str) -> str:
        return self._groups.get(name) or ""

    def start(self, name: str | int = 0) -> int:
        return self.match.start(name)

    def end(self, name: str | int = 0) -> int:
        return self.match.end(name)


@dataclass(frozen=True, slots=True)
class _Read:
    start: int
    end: int
    anchor: int  # where the unit, or else the number, stands: what the parse hangs the slot on
    dimension: str
    low: float | None
    high: float | None
    unit: Unit | None
    hedge: str | None
    label: str
    stated: tuple[float, float]
    tolerance: float = 0.0


def find_amounts(article: Article) -> list[Mention]:
    """Every amount `article` states, in text order (see the module's docstring)."""
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    text = article.text
    for read in _reads(article):
        if any(read.start < end and start < read.end for start, end in taken):
            continue
        if read.dimension == "duration" and (
            _AGO_AFTER.match(text, read.end) or _EVERY_BEFORE.search(text, 0, read.start)
        ):
            continue  # "three years ago" is a point in time, "every fifteen minutes" how often
        read = _as_age(text, read)
        slot = slot_of(article, read.start, read.end, read.anchor, read.dimension)
        if slot is None:
            continue
        taken.append((read.start, read.end))
        sentence = sentence_at(article, read.start)
        span = Span(read.start, read.end, "amount")
        found.append(
            Mention(
                article, span, "amount", read.dimension, read.low, read.high, read.unit, read.hedge, slot, sentence,
                read.label, read.stated, read.tolerance,
            )
        )  # fmt: skip
    found.sort(key=lambda m: (m.span.start, m.span.end))
    return found


def _reads(article: Article) -> Iterator[_Read]:
    text = article.text
    for match in ONE_UNIT.finditer(text):
        unit = UNITS[match["unit"].lower()]
        value = 0.5 if match["num"].lower().startswith("half") else 1.0
        value += 0.5 if match["half"] else 0.0
        before = text[max(0, match.start() - 40) : match.start()]
        hedge_match = _HEDGE_BEFORE.search(before)
        hedge = hedge_match["hedge"] if hedge_match else (match["post"].strip() if match["post"] else None)
        start = match.start() - (len(before) - hedge_match.start("hedge")) if hedge_match else match.start()
        one = interval(value, 0.5 if value % 1 else 1.0, hedge)
        label = " ".join(text[start : match.end()].lower().split())
        stated = to_canonical(value, unit) or 0.0
        slack = _tolerance(value, 1.0, False) * unit.factor
        yield _Read(start, match.end(), match.start("unit"), unit.dimension, to_canonical(one[0], unit),
                    to_canonical(one[1], unit), unit, normal_hedge(hedge), label, (stated, stated), slack)  # fmt: skip
    for match in MULTIPLE.finditer(text):
        value = float(MULTIPLES[match["num"].lower()])
        label = match["num"].lower()
        yield _Read(match.start(), match.end(), match.start(), "times", value, value, None, None, label, (value, value))
    for pattern in (RANGE, AMOUNT):
        for match in pattern.finditer(text):
            read = _read(text, match)
            if read is not None:
                yield read


def _read(text: str, found: re.Match[str]) -> _Read | None:
    match = _Groups(found)
    number = " ".join(match["num"].split())
    before = text[max(0, match.start() - 40) : match.start()]
    after = text[match.end("num") : match.end("num") + 12]
    if (
        re.fullmatch(r"\d{4}", number)
        and int(number[:2]) < 24
        and int(number[2:]) < 60
        and _CLOCK_AFTER.match(text, match.end("num"))
    ):
        return None  # a time of day: dates and times are read as such
    unit, dimension = _unit(match, before)
    scale = match["scale"]
    if scale and scale.strip().lower() in SHORT_SCALES and not (match["cur"] or match["cur2"]):
        glued = UNITS.get(scale.strip().lower())  # "60m" is 60 metres when it is no money
        if glued is None or unit is not None or dimension is not None:
            return None
        unit, dimension, scale = glued, glued.dimension, ""
    if dimension is None:
        if (_NOT_AN_AMOUNT_BEFORE.search(before) and not match["cur"]) or _NOT_AN_AMOUNT_AFTER.match(after):
            return None
        if _MONTH_BEFORE.search(before) or number.startswith("."):
            return None  # "Nov. 11" is a day; ".267" a batting average
        if match.re is RANGE and (match["sep"] or "").strip() in {"-", "–"} and not match["between"]:
            return None  # "9-14", "38-44": a record or a score, not a range of counts
        if not match["scale"] and match.re is AMOUNT and _YEAR.fullmatch(number):
            return None  # a year: dates are read as dates
        dimension = "count"
    parsed = _value(number, match["half"], scale, bool(match["cur"] or match["cur2"]))
    if parsed is None:
        return None
    value, step = parsed
    if match["half2"] and unit is not None:
        value, step = value + 0.5, 0.5
    if match["extra"] and unit is not None:
        extra = parse_number(match["extra"])
        extra_unit = UNITS.get(match["extra_unit"].lower())
        if extra is None or extra_unit is None:
            return None
        value, step = value + extra[0] * extra_unit.factor / unit.factor, extra[1] * extra_unit.factor / unit.factor
    hedge_match = _HEDGE_BEFORE.search(before)
    hedge = hedge_match["hedge"] if hedge_match else None
    hedge = hedge or (match["post"].strip(' "”’') if match["post"] else None)
    start = match.start()
    if hedge_match and not match["between"]:
        start -= len(before) - hedge_match.start("hedge")
    if _MINUS_BEFORE.search(before) and dimension == "temperature":
        minus = _MINUS_BEFORE.search(before)
        assert minus is not None
        start = min(start, match.start() - (len(before) - minus.start()))
        value = -value
        hedge = {"more than": "less than", "less than": "more than"}.get(hedge_kind(hedge) or "", hedge)
    if match.re is RANGE:
        second = _value(" ".join(match["num2"].split()), None, match["scale2"] or match["scale"], bool(match["cur"]))
        sep = (match["sep"] or "").strip().lower()
        if second is None or (sep == "and" and not match["between"]) or second[0] <= value:
            return None  # "38-44" read the other way round is a score; "and" without "between" is two things
        low, high = value, second[0]
        written = parse_number(" ".join(match["num2"].split()))
        if match["scale2"] and not match["scale"] and written:
            low = value * (second[0] / written[0])  # "$2 to $3 million": the scale is the second's
        bounds: tuple[float | None, float | None] = (low, high)
        stated = (low, high)
    else:
        stated = (value, value)
        bounds = interval(value, step, hedge, count=dimension in {"count", "times"})
        if bounds[0] is not None and bounds[1] is not None and bounds[0] > bounds[1]:  # "minus 17 degrees"
            bounds = (bounds[1], bounds[0])
    canonical = unit if unit is not None else None
    end = match.end()
    if canonical is not None:
        bounds = (to_canonical(bounds[0], canonical), to_canonical(bounds[1], canonical))
        stated = (to_canonical(stated[0], canonical) or 0.0, to_canonical(stated[1], canonical) or 0.0)
    anchor = match.start("unit") if match["unit"] else match.start("num")
    label = " ".join(text[start:end].lower().split())
    slack = 0.0 if match.re is RANGE else _tolerance(abs(value), step, dimension in {"count", "times"})
    slack *= canonical.factor if canonical is not None else 1.0
    return _Read(
        start, end, anchor, dimension, bounds[0], bounds[1], canonical, normal_hedge(hedge), label, stated, slack
    )


_AGO_AFTER = re.compile(r"\s+(?:ago|before\s+that)\b", re.IGNORECASE)
_EVERY_BEFORE = re.compile(r"\b(?:every|each|per)\s+$", re.IGNORECASE)
# A bare number between commas after a capitalised name: the news style for a person's age
# ("Mara Quill, 52, said"). A count there would need a noun.
_NAME_BEFORE = re.compile(r"\b[A-Z][\w'’-]+,\s*$")
_COMMA_AFTER = re.compile(r"\s*,")


def _as_age(text: str, read: _Read) -> _Read:
    """A bare count written as a person's age, read as an age."""
    if read.dimension != "count" or read.unit is not None or read.hedge is not None:
        return read
    if read.low is None or read.low != read.high or not (read.low.is_integer() and 1 <= read.low <= 120):
        return read
    if not (_NAME_BEFORE.search(text, max(0, read.start - 60), read.start) and _COMMA_AFTER.match(text, read.end)):
        return read
    low, high = read.low - 0.5, read.low + 0.5
    return _Read(read.start, read.end, read.anchor, "age", low, high, AGE, None, read.label, read.stated, 0.0)


def _tolerance(value: float, step: float, count: bool) -> float:
    """How far a figure stated as `value` may stand from it and still be that figure rounded."""
    low, _ = interval(value, step, None, count=count)
    return value - (low or value)


def _unit(match: _Groups, before: str) -> tuple[Unit | None, str | None]:
    """The unit and dimension an amount is written in; (None, None) for a bare number."""
    currency = match["cur"] or match["cur2"]
    if currency:
        return money_unit(CURRENCIES.get(currency.strip().lower().rstrip("."), currency.strip().upper())), "money"
    word = match["unit"] or match["glued"] or match["symbol"]
    if word:
        key = " ".join(word.lower().split())
        if key in CURRENCIES:
            return money_unit(CURRENCIES[key]), "money"
        unit = UNITS.get(key)
        if unit is not None:
            return unit, unit.dimension
    if match["age"] or _AGE_BEFORE.search(before):
        return AGE, "age"
    if match["magnitude"] or _MAGNITUDE_BEFORE.search(before):
        return None, "magnitude"
    if match["times"]:
        return None, "times"
    return None, None


def _value(number: str, half: str | None, scale: str | None, money: bool) -> tuple[float, float] | None:
    parsed = parse_number(number)
    if parsed is None:
        return None
    value, step = parsed
    if half:
        value, step = value + (0.25 if "quarter" in half.lower() else 0.5), 0.25 if "quarter" in half.lower() else 0.5
    if scale:
        word = scale.strip(" -\t\n").lower()
        if word in SHORT_SCALES and not money:
            return None  # "60m" is metres unless money: the glued unit reads it
        factor = SHORT_SCALES.get(word) or {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}[word]
        value, step = value * factor, step * factor
    return value, step
