"""Dates and times of day in article text, as mentions: an interval of days, or of minutes.

A date is read as `mentions/dated.py` reads it (spaCy's entities, dateparser, and the rules for
weekdays and words counted from a day), anchored to the story: a date without its year takes the
year the article's own text gives for it, or the article's date, or the story's (the most common
date among its dated articles). A weekday that no date anchors is kept as a weekday, comparable
with other weekdays, and a month or a day of a month that no year anchors ("in May", "November 18"
in a story none of whose articles is dated) as a month and day, comparable with any date by them. A
time of day ("about 3 p.m.", "0915 GMT", "shortly before midnight") is read with its hedge and,
where the text gives one, its time zone: times with a zone are compared in UTC, times without one
only with each other.
"""

from __future__ import annotations

import re
from datetime import date

from newsfuse.document import Article, Span
from newsfuse.reconcile.evidence import sentence_at
from newsfuse.reconcile.mentions.dated import WEEKDAYS, DatedEvent, find_dated_events
from newsfuse.reconcile.mentions.mention import Mention
from newsfuse.reconcile.mentions.slots import slot_of
from newsfuse.reconcile.mentions.values import Unit, normal_hedge

# Hours from UTC of the zones reporters write beside a time ("ET" is read as standard time).
ZONES = {
    "gmt": 0.0, "utc": 0.0, "z": 0.0, "bst": 1.0, "cet": 1.0, "cest": 2.0, "eet": 2.0, "eest": 3.0, "msk": 3.0,
    "moscow time": 3.0, "ist": 5.5, "est": -5.0, "edt": -4.0, "et": -5.0, "cst": -6.0, "cdt": -5.0, "ct": -6.0,
    "mst": -7.0, "mdt": -6.0, "pst": -8.0, "pdt": -7.0, "pt": -8.0, "jst": 9.0, "aest": 10.0,
}  # fmt: skip
_ZONE = "|".join(sorted((re.escape(z).replace(r"\ ", r"\s+") for z in ZONES), key=len, reverse=True))
TIME = re.compile(
    r"(?<![\w:.])(?:(?P<hedge>about|around|approximately|roughly|shortly\s+(?:after|before)|just\s+(?:after|before)"
    r"|soon\s+after|a\s+little\s+(?:after|before))\s+)?(?:at\s+)?"
    r"(?:(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?\s*(?P<half>a\.?\s?m\.?|p\.?\s?m\.?)(?![a-z])"
    r"|(?P<clock>[01]\d|2[0-3])(?P<clock_minute>[0-5]\d)(?=\s*(?:hrs|hours|GMT|UTC|IST)\b)"
    r"|(?P<word>noon|midday|midnight))"
    rf"(?:\s*(?:hrs\b|hours\b))?(?:\s+(?P<zone>{_ZONE})\b|\s+(?P<local>local\s+time)\b)?",
    re.IGNORECASE,
)
UTC = Unit("UTC", "time", "UTC", 1.0)
LOCAL = Unit("local", "time", "local", 1.0)
_DAY_NAMES = {number: name.capitalize() for name, number in WEEKDAYS.items()}
_MONTH_NAMES = {n: date(2000, n, 1).strftime("%B") for n in range(1, 13)}


def find_dates(article: Article, story_day: date | None) -> list[Mention]:
    """The dates (of happenings, not plans) and times of day `article` states, in text order."""
    found = [mention for event in find_dated_events(article, story_day) if (mention := _date(article, event))]
    found += _times(article)
    taken: list[Mention] = []
    for mention in sorted(found, key=lambda m: (m.span.start, -m.span.end)):
        if not any(m.span.start <= mention.span.start and mention.span.end <= m.span.end for m in taken):
            taken.append(mention)
    return taken


def _date(article: Article, event: DatedEvent) -> Mention | None:
    if event.future or event.relation != "on":
        return None  # a plan may change; "since" dates the start of something, not a happening
    if event.resolution == "relative" and event.counted_from != "published":
        return None  # "yesterday" counted from the story's day, not the article's: no sure day
    span = _with_preposition(article, event.date_span)
    slot = slot_of(article, span.start, span.end, event.date_span.start, "date")
    if slot is None:
        return None
    if event.resolution == "weekday" and event.counted_from != "published":
        # "on Friday" in an article with no date of its own: compared by its weekday alone, since
        # a story runs over several days and the story's day is not this article's.
        weekday = event.weekday
        return Mention(
            article, span, "date", "date", None, None, None, None, slot, event.sentence, _DAY_NAMES[weekday or 0],
            precision="weekday", weekday=weekday,
        )  # fmt: skip
    if event.precision == "yearless" and event.month_day:
        month, day = event.month_day
        label = f"{day} {_MONTH_NAMES[month]}" if day else _MONTH_NAMES[month]
        return Mention(
            article, span, "date", "date", None, None, None, None, slot, event.sentence, label,
            precision="yearless", month_day=event.month_day,
        )  # fmt: skip
    low, high = day_range(event.date)
    weekday = date.fromordinal(int(low)).weekday() if event.precision == "day" else event.weekday
    return Mention(
        article, span, "date", "date", low, high, None, None, slot, event.sentence, event.date,
        stated=(low, high), precision=event.precision, weekday=weekday,
    )  # fmt: skip


def _with_preposition(article: Article, span: Span) -> Span:
    """A date's words with the preposition before them ("on Friday", "in 1957"), as outlets word it."""
    before = re.search(r"\b(?:on|in|at|by)\s+$", article.text[max(0, span.start - 4) : span.start], re.IGNORECASE)
    start = span.start - len(before.group(0)) if before else span.start
    return Span(start, span.end, "date")


def _times(article: Article) -> list[Mention]:
    found = []
    for match in TIME.finditer(article.text):
        minutes = _minutes(match)
        if minutes is None or _stamp(article, match.start()):
            continue
        low, high = _time_interval(minutes, match)
        zone = match["zone"]
        unit = LOCAL
        if zone:
            offset = ZONES[" ".join(zone.lower().split())] * 60
            low, high, minutes = low - offset, high - offset, minutes - offset
            unit = UTC
        span = Span(match.start(), match.end(), "time")
        slot = slot_of(article, span.start, span.end, match.start("hour") if match["hour"] else span.start, "date")
        if slot is None:
            continue
        hours, rest = divmod(int(minutes) % 1440, 60)
        label = f"{hours:02d}:{rest:02d}" + (" UTC" if zone else "")
        found.append(
            Mention(
                article, span, "date", "time", low, high, unit, normal_hedge(match["hedge"]), slot,
                sentence_at(article, span.start), label, stated=(minutes, minutes), precision="time",
            )
        )  # fmt: skip
    return found


_STAMP = re.compile(r"\||\b(?:updated|posted|published|last\s+modified)\b", re.IGNORECASE)


def _stamp(article: Article, offset: int) -> bool:
    """A time in a byline or time stamp ("Updated | 9:01 AM EDT", "MAR. 14, 2013 8:12 PM"): when the
    page was made, not when anything happened. Its line says so, or has no verb at all."""
    line_start = article.text.rfind("\n", 0, offset) + 1
    line_end = article.text.find("\n", offset)
    line = article.text[line_start : line_end if line_end >= 0 else len(article.text)]
    if _STAMP.search(line):
        return True
    doc = article.doc
    if doc is None:
        return False
    tokens = doc.char_span(line_start, line_start + len(line), alignment_mode="expand")
    return tokens is not None and not any(t.pos_ in {"VERB", "AUX"} for t in tokens)


def _minutes(match: re.Match[str]) -> float | None:
    """Minutes after midnight of a clock time."""
    if match["word"]:
        return 720.0 if match["word"].lower() in {"noon", "midday"} else 1440.0
    if match["clock"]:
        return float(int(match["clock"]) * 60 + int(match["clock_minute"]))
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    if not 1 <= hour <= 12 or minute > 59:
        return None
    pm = match["half"].lower().startswith("p")
    return float((hour % 12 + (12 if pm else 0)) * 60 + minute)


def _time_interval(minutes: float, match: re.Match[str]) -> tuple[float, float]:
    """The minutes a clock time may mean: a whole hour ("3 p.m.") is rounded, "about" widens it,
    "shortly after" and "just before" lean one way."""
    hedge = " ".join((match["hedge"] or "").lower().split())
    whole_hour = not match["minute"] and not match["clock_minute"]
    slack = 15.0 if whole_hour else 0.0
    if hedge in {"about", "around", "approximately", "roughly"}:
        slack = max(slack, 10.0)
        return minutes - slack, minutes + slack
    if hedge.endswith("after"):
        return minutes, minutes + 30.0
    if hedge.endswith("before"):
        return minutes - 30.0, minutes
    return minutes - (10.0 if whole_hour else 0.0), minutes + slack


def day_range(iso: str) -> tuple[float, float]:
    """The days an ISO date, or a partial one ("2008-12", "2008"), covers: ordinals of its first and last day."""
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 3:
        day = date(*parts).toordinal()
        return float(day), float(day)
    if len(parts) == 2:
        year, month = parts
        first = date(year, month, 1)
        last = date(year + (month == 12), month % 12 + 1, 1)
        return float(first.toordinal()), float(last.toordinal() - 1)
    return float(date(parts[0], 1, 1).toordinal()), float(date(parts[0], 12, 31).toordinal())
