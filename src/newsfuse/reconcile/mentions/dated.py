"""Dated happenings: the dates an article gives, each with the clause of the happening it dates.

A date is read from spaCy's DATE (and weekday TIME) entities. Absolute dates are resolved with
`dateparser`; weekdays and relative words ("last week", "three years ago") with explicit rules
against the article's own date, else the story's main date. A date that only names a month or
a year stays partial ("2022-03", "2014"). Durations, ages, times of day and dates relative to
something other than the article ("the next day") are not happenings' dates and are dropped.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, Literal

from dateparser.date import DateDataParser

from newsfuse.document import Article, Span
from newsfuse.reconcile.entities import surface
from newsfuse.reconcile.evidence import sentence_at
from newsfuse.reconcile.quotes import quoted_regions

# "weekday": a weekday with no day to count it from (an undated article's "on Friday"), `date` empty.
# "yearless": a month, or a day of a month, no year anchors ("in May", "on November 18" in an undated
# story), `date` empty and the month and day in `month_day`.
Precision = Literal["day", "month", "year", "weekday", "yearless"]
Relation = Literal["on", "since"]
Resolution = Literal["written", "weekday", "relative"]

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_WEEKDAYS = WEEKDAYS
_MONTHS = [m.lower() for m in calendar.month_name if m] + [m.lower().rstrip(".") for m in calendar.month_abbr if m]
_MONTH_WORD = re.compile(r"\b(?:" + "|".join(sorted(set(_MONTHS), key=len, reverse=True)) + r")\b\.?", re.I)
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
_NUMERIC_DATE = re.compile(r"\b\d{1,4}[/-]\d{1,2}[/-]\d{1,4}\b")
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_UNITS = r"(?:second|minute|hour|day|night|week|fortnight|month|year|decade|century)s?"
# "30-day", "three hours", "for 30 days", "three-year-old": how long, or how old, not when.
_DURATION = re.compile(r"(?:\d+|\b(?:a|an|" + "|".join(_NUMBER_WORDS) + r"|several|few|many))[\s-]+" + _UNITS, re.I)
_AGO = re.compile(r"^(?:about |some |nearly |almost |more than |over )?(\w+) (day|week|month|year)s? ago$")
# Words that move a date off the happening it is attached to.
_REJECT_BEFORE = frozenset(
    {
        "before",
        "after",
        "until",
        "till",
        "by",
        "prior",
        "ahead",
        "through",
        "from",
        "between",
        "within",
        "for",
        "during",
    }
)
# Date words relative to another event in the text, not to the article's date.
_ANAPHORIC = re.compile(
    r"\b(?:next|previous|following|same|prior|that|this)\s+(?:day|week|month|year|morning|evening|night)\b|"
    r"\bthe day (?:before|after)\b|\blater\b|\bearlier\b(?! this)|\brecent|\bpast\b|\bfuture\b|\bweekend\b",
    re.I,
)
_MODIFIER = re.compile(
    r"^(?:(?:the )?(?:early|late|mid|middle|end|start|beginning|first half|second half)(?: of)?[\s-]+|earlier\s+)",
    re.I,
)
_DEICTIC = re.compile(
    r"\b(?:today|tonight|yesterday|tomorrow|ago|last|this|next|" + "|".join(_WEEKDAYS) + r")\b",
    re.I,
)
# Verbs that report a happening rather than being one: they say nothing about what happened.
_REPORTING = frozenset(
    {"say", "tell", "report", "add", "state", "accord", "note", "write", "claim", "confirm", "announce", "reveal"}
)
_DATE_WORDS = frozenset(
    {*_WEEKDAYS, *_MONTHS, "day", "week", "month", "year", "morning", "afternoon", "evening", "night", "time", "today"}
)
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "NORP", "PRODUCT", "WORK_OF_ART", "LAW"})
_RECURRENCE = frozenset(
    {"first", "second", "third", "again", "another", "previous", "latest", "last", "next", "new", "earlier", "since"}
)
_LIGHT_VERBS = frozenset({"be", "have", "do", "make", "take", "get", "go"})
_FUTURE_AUX = frozenset({"will", "'ll", "’ll", "shall", "wo"})
_FUTURE_VERBS = frozenset({"schedule", "plan", "expect", "due", "set"})
_OPENING_QUOTES = '“"‘«'


@dataclass(frozen=True, slots=True)
class DatedEvent:
    """A happening an article dates: the date (ISO, or partial), the date's words and the clause around them."""

    article: str
    date: str  # empty for a weekday with no day to count it from (precision "weekday")
    precision: Precision
    date_span: Span
    sentence: Span
    clause: Span
    text: str
    relation: Relation = "on"
    # How the date was read: "written" out ("March 18, 2025", "2014"), or counted from a day, which is
    # the article's own date ("published") or, for want of one, the story's ("story").
    resolution: Resolution = "written"
    counted_from: Literal["published", "story"] | None = None
    future: bool = False
    date_words: str = ""
    # The weekday the words name ("on Friday": 4), Monday 0; None when they name none.
    weekday: int | None = None
    # A yearless date's month and day of the month ("November 18": (11, 18), "in May": (5, None)).
    month_day: tuple[int, int | None] | None = None
    predicate: str = ""
    noun_anchor: bool = False
    agent: str = ""
    # The sentence says the happening recurs ("the first call since", "met again"): no ground for a conflict.
    recurring: bool = False
    words: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()


def story_date(articles: Iterable[Article]) -> date | None:
    """The story's main date: the most common publication date among independent articles; for
    want of any, the most common latest day their texts write out in full ("December 9, 2008")
    (ties: earliest)."""
    independent = [a for a in articles if a.duplicate_of is None]
    counts = Counter(a.published for a in independent if a.published is not None)
    if not counts:
        counts = Counter(day for a in independent if a.doc is not None and (day := text_day(a)) is not None)
    if not counts:
        return None
    return min(counts, key=lambda day: (-counts[day], day))


def find_dated_events(article: Article, story_day: date | None) -> list[DatedEvent]:
    """Every clause of `article` that dates a happening, in text order."""
    if article.doc is None:
        raise ValueError(f"article {article.id} has no parse: call newsfuse.parse.annotate on it first")
    # Words counted from a day ("yesterday", "on Friday") count from the article's date, else the
    # story's. A date without its year ("December 12") takes the article's year, else the year of a
    # day its own text writes out in full, else the story's.
    reference = article.published or story_day
    year_reference = article.published or text_day(article) or story_day
    quoted = _quoted_ranges(article.text)
    events = []
    for span in article.entities:
        if span.label not in ("DATE", "TIME"):
            continue
        event = _dated_event(article, span, reference, quoted, year_reference)
        if event is not None:
            events.append(event)
    return events


# --- reading one date -------------------------------------------------------------------------


def text_day(article: Article) -> date | None:
    """The latest day the article's text writes out in full, with its year ("December 9, 2008")."""
    days = []
    for span in article.entities:
        words = " ".join(article.span_text(span).split())
        if span.label != "DATE" or not _YEAR.search(words) or not _MONTH_WORD.search(words):
            continue
        resolved = _resolve_absolute(words, None, False)
        if resolved is not None and resolved[1] == "day":
            days.append(date.fromisoformat(resolved[0]))
    return max(days, default=None)


def _dated_event(
    article: Article,
    span: Span,
    reference: date | None,
    quoted: list[tuple[int, int]],
    year_reference: date | None = None,
) -> DatedEvent | None:
    raw = article.span_text(span)
    words = " ".join(raw.split()).strip(" ,.;:")
    words = re.sub(r"['’]s$", "", words)
    if span.label == "TIME" and not any(w in words.lower() for w in (*_WEEKDAYS, "last night", "tonight")):
        return None  # a time of day on its own ("10 am", "noon") dates nothing
    if _is_duration_or_age(article, span, words):
        return None
    tokens = article.doc.char_span(span.start, span.end, alignment_mode="expand")
    if tokens is None or len(tokens) == 0:
        return None
    relation = _relation(article.doc, tokens)
    if relation is None or _dateline(tokens.sent) or _in_dateline(article.text, span):
        return None
    anchor = _anchor(tokens)
    future = _is_future(anchor)
    resolution: Resolution = "written"
    weekday: int | None = None
    if _DEICTIC.search(words) and not _MONTH_WORD.search(words) and not _YEAR.search(words):
        # A weekday or "today" in a quotation is relative to a day the article does not give.
        if _inside(span.start, quoted):
            return None
        weekday = _named_weekday(words)
        resolution = "weekday" if weekday is not None else "relative"
        if reference is None:
            # No day to count from: a weekday is still a weekday ("on Friday"), with no date.
            if weekday is None:
                return None
            resolved: tuple[str, Precision] | None = ("", "weekday")
        else:
            resolved = _resolve_relative(words.lower(), reference, future)
    else:
        resolved = _resolve_absolute(words, year_reference or reference, future)
    month_day = None
    if resolved is None and year_reference is None and reference is None:
        # No year anywhere to anchor "on November 18": it is still a day of November.
        month_day = _yearless(words)
        resolved = ("", "yearless") if month_day else None
    if resolved is None:
        return None
    iso, precision = resolved
    sentence = sentence_at(article, span.start)
    clause = _clause(article, tokens, sentence)
    text = article.span_text(clause)
    date_tokens = {t.i for t in tokens}
    return DatedEvent(
        article=article.id,
        date=iso,
        precision=precision,
        date_span=Span(span.start, span.end, "DATE"),
        sentence=sentence,
        clause=clause,
        text=text,
        relation=relation,
        resolution=resolution,
        counted_from=None if resolution == "written" or not iso else ("published" if article.published else "story"),
        # "due to appear on 19 August", "will meet on Friday": a plan, which may change, is no happening yet.
        future=future or any(c.dep_ == "aux" and c.tag_ == "TO" for c in anchor.children),
        date_words=words,
        weekday=weekday,
        month_day=month_day,
        predicate=_predicate(anchor),
        noun_anchor=anchor.pos_ == "NOUN",
        agent=_agent(anchor),
        recurring=any(t.lower_ in _RECURRENCE and t.i not in date_tokens for t in tokens.sent),
        words=_content_words(article, clause, date_tokens),
        # Names from the whole sentence: a relative clause ("the bridge, which closed on Sunday")
        # leaves the name it is about outside the clause.
        names=_names(article, sentence, span),
    )


def _is_duration_or_age(article: Article, span: Span, words: str) -> bool:
    lower = words.lower()
    after = article.text[span.end : span.end + 12].lower()
    if "old" in lower.split("-") or re.match(r"[\s-]*old\b", after) or lower.endswith("-old"):
        return True
    if lower.endswith(" ago") or after.lstrip().startswith("ago"):
        return False
    return bool(_DURATION.search(lower))


def _dateline(sentence: Any) -> bool:
    """A byline or dateline ("May 2, 2013 | 5:03 pm", "Published: June 13"): the article's date, no happening."""
    rest = [t for t in sentence if t.is_alpha and t.ent_type_ not in ("DATE", "TIME")]
    if not any(t.pos_ in ("VERB", "AUX") for t in rest):
        return not any(t.dep_ == "poss" and t.ent_type_ == "DATE" for t in sentence)
    return len(rest) <= 3 and any(t.lemma_.lower() in ("publish", "update", "post") for t in rest)


# "PORT ALDER, May 14, 2024 — The bridge…": the place and date an article was filed from.
_DATELINE = re.compile(r"^[A-Z][A-Za-z .'’-]{1,40},\s*$")
_DATELINE_END = re.compile(r"^\s*(?:—|–|--|-)\s")


def _in_dateline(text: str, span: Span) -> bool:
    """A date that opens a line after a place name and before a dash dates the article, not a happening."""
    line_start = text.rfind("\n", 0, span.start) + 1
    return bool(_DATELINE.match(text[line_start : span.start])) and bool(_DATELINE_END.match(text[span.end :]))


def _relation(doc: Any, tokens: Any) -> Relation | None:
    """How the date bears on its happening: "on" it, "since" it, or (None) some other way."""
    first = tokens[0]
    previous = [t.lower_ for t in doc[max(0, first.i - 2) : first.i]]
    if tokens.root.head.dep_ == "prep" and tokens.root.dep_ == "pobj":
        previous.append(tokens.root.head.lower_)
    if any(word in _REJECT_BEFORE for word in previous[-2:]):
        return None
    return "since" if "since" in previous[-2:] else "on"


def _anchor(tokens: Any) -> Any:
    """The word the date attaches to: the nearest verb or event noun above it."""
    token = tokens.root
    for _ in range(6):
        head = token.head
        if head.i == token.i:
            return token
        if head.pos_ in ("VERB", "AUX") or (head.pos_ == "NOUN" and token.dep_ == "poss"):
            return head
        token = head
    return token


def _is_future(anchor: Any) -> bool:
    token = anchor
    for _ in range(3):
        if any(child.dep_ == "aux" and child.lower_ in _FUTURE_AUX for child in token.children):
            return True
        if token.lemma_ in _FUTURE_VERBS and any(c.dep_ in ("xcomp", "auxpass") for c in token.children):
            return True
        if token.tag_ == "VBD" or any(c.dep_ == "aux" and c.lemma_ == "have" for c in token.children):
            return False  # a verb in the past tense happened, whatever the clause it hangs on will do
        if token.dep_ not in ("xcomp", "ccomp", "advcl", "conj") or token.head.i == token.i:
            return False
        token = token.head
    return False


def _resolve_absolute(words: str, reference: date | None, future: bool) -> tuple[str, Precision] | None:
    """A date written with a month name, a year or digits: dateparser reads it."""
    if _ANAPHORIC.search(words) or re.search(r"\d0s\b", words):
        return None  # "the 1990s", "that day"
    text = _MODIFIER.sub("", re.sub(r"^(?:the|on|in|since)\s+", "", words, flags=re.I))
    coarse = text != re.sub(r"^(?:the|on|in|since)\s+", "", words, flags=re.I)
    has_month = bool(_MONTH_WORD.search(text))
    year = _YEAR.fullmatch(text.strip())
    if year:
        return year.group(1), "year"
    if not has_month and not _NUMERIC_DATE.search(text):
        return None
    if not _YEAR.search(text) and reference is None:
        return None  # "18 March" of which year, nobody says
    parsed = _parse(text, reference or date(2000, 1, 1), "future" if future else "past")
    if parsed is None:
        return None
    day, period = parsed
    if period == "day" and not coarse and re.search(r"\d", text):
        return day.isoformat(), "day"
    if period in ("day", "month") and has_month:
        return f"{day.year:04d}-{day.month:02d}", "month"
    if period == "year" or _YEAR.search(text):
        return f"{day.year:04d}", "year"
    return None


def _yearless(words: str) -> tuple[int, int | None] | None:
    """The month and day of a date written without its year ("November 18", "early May": (5, None)),
    read as `_resolve_absolute` reads it in a leap year (so that "February 29" is a day): which
    year does not matter, only month and day."""
    if _YEAR.search(words) or not _MONTH_WORD.search(words):
        return None
    resolved = _resolve_absolute(words, date(2000, 6, 30), False)
    if resolved is None or resolved[1] not in ("day", "month"):
        return None
    _, month, *day = (int(part) for part in resolved[0].split("-"))
    return month, day[0] if day else None


@lru_cache(maxsize=4096)
def _parse(text: str, reference: date, prefer: str) -> tuple[date, str] | None:
    parser = _parser(reference, prefer)
    data = parser.get_date_data(text)
    if data.date_obj is None:
        return None
    return data.date_obj.date(), str(data.period)


@lru_cache(maxsize=256)
def _parser(reference: date, prefer: str) -> DateDataParser:
    settings = {
        "RELATIVE_BASE": datetime(reference.year, reference.month, reference.day),
        "PREFER_DATES_FROM": prefer,
        "STRICT_PARSING": False,
    }
    return DateDataParser(languages=["en"], settings=settings)


def _named_weekday(words: str) -> int | None:
    """The weekday `words` name ("early Saturday", "Friday night"), Monday 0, or None."""
    return next((_WEEKDAYS[w] for w in re.findall(r"[a-z]+", words.lower()) if w in _WEEKDAYS), None)


def _resolve_relative(words: str, reference: date, future: bool) -> tuple[str, Precision] | None:
    """Weekdays and words relative to the article's date ("yesterday", "last month", "three years ago")."""
    text = re.sub(r"^(?:on|the|in)\s+", "", words)
    text = re.sub(r"^(?:early|late)\s+", "", text)  # "early Saturday" is still Saturday
    text = re.sub(r"\s+(?:morning|afternoon|evening|night)$", "", text)
    if text in ("today", "tonight", "this"):
        return reference.isoformat(), "day"
    if text in ("yesterday", "last"):  # "last" is what is left of "last night"
        return (reference - timedelta(days=1)).isoformat(), "day"
    if text == "tomorrow":
        return (reference + timedelta(days=1)).isoformat(), "day"
    weekday = re.fullmatch(r"(?:(last|next|this|this past|this coming) )?(\w+)", text)
    if weekday and weekday.group(2) in _WEEKDAYS:
        return _weekday(_WEEKDAYS[weekday.group(2)], weekday.group(1), reference, future)
    ago = _AGO.match(text)
    if ago:
        count = int(ago.group(1)) if ago.group(1).isdigit() else _NUMBER_WORDS.get(ago.group(1))
        if count is None:
            return None
        return _ago(count, ago.group(2), reference)
    match = re.fullmatch(r"(?:(?:early|late|earlier|later) )?(?:in )?(last|this|next) (week|month|year)", text)
    if not match or (text.startswith("later") and match.group(1) != "next"):
        return None
    step = {"last": -1, "this": 0, "next": 1}[match.group(1)]
    unit = match.group(2)
    if unit == "year":
        return f"{reference.year + step:04d}", "year"
    if unit == "month":
        month = reference.year * 12 + reference.month - 1 + step
        return f"{month // 12:04d}-{month % 12 + 1:02d}", "month"
    monday = reference - timedelta(days=reference.weekday()) + timedelta(weeks=step)
    # "last week" may mean the calendar week before or the seven days before: keep what holds both.
    start = min(monday, reference - timedelta(days=7)) if step == -1 else monday
    end = max(monday + timedelta(days=6), reference - timedelta(days=1)) if step == -1 else monday + timedelta(days=6)
    return _span_date(start, end)


def _weekday(target: int, qualifier: str | None, reference: date, future: bool) -> tuple[str, Precision] | None:
    """A weekday: the most recent such day on or before the reference (after it, for a future happening)."""
    if qualifier in ("next", "this coming") or (future and qualifier is None):
        ahead = (target - reference.weekday()) % 7
        if ahead == 0 and qualifier is None:
            return None  # "will meet on Tuesday", said on a Tuesday: today or in a week
        day = reference + timedelta(days=ahead or 7)
        return day.isoformat(), "day"
    back = (reference.weekday() - target) % 7
    if qualifier in ("last", "this past") and back == 0:
        back = 7
    return (reference - timedelta(days=back)).isoformat(), "day"


def _ago(count: int, unit: str, reference: date) -> tuple[str, Precision] | None:
    if unit == "year":
        return f"{reference.year - count:04d}", "year"
    if unit == "month":
        month = reference.year * 12 + reference.month - 1 - count
        return f"{month // 12:04d}-{month % 12 + 1:02d}", "month"
    if unit == "day":
        return (reference - timedelta(days=count)).isoformat(), "day"
    start = reference - timedelta(weeks=count, days=3)
    return _span_date(start, start + timedelta(days=6))


def _span_date(start: date, end: date) -> tuple[str, Precision] | None:
    """The finest date that holds the whole range."""
    if start == end:
        return start.isoformat(), "day"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.year:04d}-{start.month:02d}", "month"
    if start.year == end.year:
        return f"{start.year:04d}", "year"
    return None


def _quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks (the quote finder's), and paragraphs set off by a
    line ending in a colon (an embedded post or readout)."""
    ranges = [(region.start, region.end) for region in quoted_regions(text)]
    for paragraph in re.finditer(r"[^\n]+", text):
        before = paragraph.start() - 1
        while before >= 0 and text[before] in "\n ":
            before -= 1
        if before >= 0 and text[before] == ":":
            ranges.append((paragraph.start(), paragraph.end()))
    return ranges


def _inside(offset: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in ranges)


# --- the happening around a date --------------------------------------------------------------


def _clause(article: Article, tokens: Any, sentence: Span) -> Span:
    """The clause that holds the date: the subtree of the nearest verb with a subject of its own.

    A relative or participle clause ("that was formed in 1991", "published on Tuesday") does not
    stand alone, so the search goes on up to a clause that does, or to the whole sentence.
    """
    token = tokens.root
    while token.head.i != token.i:
        token = token.head
        if not _finite_clause(token):
            continue
        subtree = list(token.subtree)
        if token.dep_ == "relcl" and token.head.pos_ in ("NOUN", "PROPN"):
            # "relations that have been strained since …": the clause reads from the noun it describes.
            subtree = list(token.head.subtree)
            subtree = subtree[subtree.index(token.head) :] if token.head.i < token.i else subtree
        start = next(
            t
            for t in subtree
            if t.text in _OPENING_QUOTES or not (t.is_punct or (t.dep_ in ("cc", "mark", "advmod") and t.i < token.i))
        )
        if start.i > tokens[0].i or sum(1 for t in token.subtree if t.is_alpha and t.i >= start.i) < 6:
            continue
        begin = max(start.idx, sentence.start)
        end = min(subtree[-1].idx + len(subtree[-1].text), sentence.end)
        if begin == sentence.start and end >= sentence.end - 1:
            break
        text = article.text[begin:end].rstrip(" ,;:–—-")
        end = begin + len(text)
        # A quotation the clause opens is closed right after it ("… non-negotiable”."): keep the mark.
        closing = re.match(r"[.,!?]?[”’\"»]", article.text[end : sentence.end])
        if closing and _unbalanced(text):
            end += closing.end()
        return Span(begin, end, "clause")
    return Span(sentence.start, sentence.end, "clause")


def _finite_clause(token: Any) -> bool:
    if token.pos_ not in ("VERB", "AUX") or token.dep_ in ("aux", "auxpass", "acl", "amod"):
        return False
    subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
    if token.dep_ == "relcl":
        return True
    return bool(subjects) and all(s.tag_ not in ("WDT", "WP") for s in subjects)


def _unbalanced(text: str) -> bool:
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1 or text.count("‘") > text.count("’")


def _predicate(anchor: Any) -> str:
    return str(anchor.lemma_).lower()


def _agent(anchor: Any) -> str:
    """Who does the happening: the anchor's subject, by its last word ("Karoline Leavitt" -> "leavitt")."""
    for child in anchor.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ in ("PROPN", "NOUN"):
            return str(child.lower_)
    return ""


def _content_words(article: Article, clause: Span, skip: set[int]) -> frozenset[str]:
    tokens = article.doc.char_span(clause.start, clause.end, alignment_mode="expand")
    words = set()
    for token in tokens or ():
        lemma = token.lemma_.lower()
        if token.i in skip or token.is_stop or not token.is_alpha or token.pos_ not in ("NOUN", "VERB", "PROPN", "ADJ"):
            continue
        if lemma in _DATE_WORDS or lemma in _REPORTING:
            continue
        words.add(lemma)
    return frozenset(words)


def _names(article: Article, clause: Span, date_span: Span) -> frozenset[str]:
    names = set()
    for span in article.entities:
        if span.label in _NAME_LABELS and clause.start <= span.start and span.end <= clause.end:
            name = surface(article.span_text(span)).casefold()
            # "President Vladimir Putin", "Putin": a person is known by the last word of the name.
            names.add(name.split()[-1] if span.label == "PERSON" and name else name)
    names.discard("")
    return frozenset(names)
