"""The story's timeline: dated happenings found in its articles, and the dates articles disagree on.

A date is read from spaCy's DATE (and weekday TIME) entities. Absolute dates are resolved with
`dateparser`; weekdays and relative words ("last week", "three years ago") with explicit rules
against the article's own date, else the story's main date. A date that only names a month or
a year stays partial ("2022-03", "2014"). Durations, ages, times of day and dates relative to
something other than the article ("the next day") are not happenings' dates and are dropped.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, Literal

from dateparser.date import DateDataParser
from rapidfuzz import fuzz

from newsfuse.document import Article, Span
from newsfuse.reconcile.entities import surface
from newsfuse.reconcile.evidence import evidence, origin, sentence_at, stable_id
from newsfuse.reconcile.quotes import quoted_regions
from newsfuse.report import Disagreement, TimelineEvent, Version

Precision = Literal["day", "month", "year"]
Relation = Literal["on", "since"]
Resolution = Literal["written", "weekday", "relative"]

_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
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
    date: str
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
    predicate: str = ""
    noun_anchor: bool = False
    agent: str = ""
    # The sentence says the happening recurs ("the first call since", "met again"): no ground for a conflict.
    recurring: bool = False
    words: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()


def story_date(articles: Iterable[Article]) -> date | None:
    """The story's main date: the most common publication date among independent articles (ties: earliest)."""
    counts = Counter(a.published for a in articles if a.published is not None and a.duplicate_of is None)
    if not counts:
        return None
    return min(counts, key=lambda day: (-counts[day], day))


def find_dated_events(article: Article, story_day: date | None) -> list[DatedEvent]:
    """Every clause of `article` that dates a happening, in text order."""
    if article.doc is None:
        raise ValueError(f"article {article.id} has no parse: call newsfuse.parse.annotate on it first")
    reference = article.published or story_day
    quoted = _quoted_ranges(article.text)
    events = []
    for span in article.entities:
        if span.label not in ("DATE", "TIME"):
            continue
        event = _dated_event(article, span, reference, quoted)
        if event is not None:
            events.append(event)
    return events


def build_timeline(articles: Sequence[Article]) -> list[TimelineEvent]:
    """Dated happenings of the story, merged across articles, ordered by date then text."""
    entries = []
    for group in _happenings(_all_events(articles)):
        best = min(group, key=_clarity)
        entries.append(TimelineEvent(date=best.date, text=best.text, articles=sorted({e.article for e in group})))
    entries.sort(key=lambda entry: (entry.date, entry.text, entry.articles))
    return entries


def date_disagreements(articles: Sequence[Article]) -> list[Disagreement]:
    """Where independent articles date the same happening differently (at the precision both give)."""
    by_id = {a.id: a for a in articles}
    events = _all_events(articles)
    found: dict[tuple[str, ...], tuple[DatedEvent, DatedEvent]] = {}
    for i, first in enumerate(events):
        for second in events[i + 1 :]:
            if origin(by_id, first.article) == origin(by_id, second.article):
                continue
            if not _conflicting(first, second) or not _same_happening(first, second):
                continue
            if _recurs(first, second, events):
                continue
            pair = sorted([first, second], key=lambda e: (e.date, e.article))
            key = (pair[0].date, pair[1].date, pair[0].predicate)
            found.setdefault(key, (pair[0], pair[1]))
    return [_disagreement(pair, events, by_id) for _, pair in sorted(found.items())]


def _all_events(articles: Sequence[Article]) -> list[DatedEvent]:
    day = story_date(articles)
    # In the order of article ids, so that the input's order changes nothing.
    ordered = sorted(articles, key=lambda a: a.id)
    return [event for article in ordered for event in find_dated_events(article, day)]


# --- reading one date -------------------------------------------------------------------------


def _dated_event(
    article: Article, span: Span, reference: date | None, quoted: list[tuple[int, int]]
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
    if _DEICTIC.search(words) and not _MONTH_WORD.search(words) and not _YEAR.search(words):
        # A weekday or "today" in a quotation is relative to a day the article does not give.
        if reference is None or _inside(span.start, quoted):
            return None
        resolved = _resolve_relative(words.lower(), reference, future)
        resolution = "weekday" if any(day in words.lower() for day in _WEEKDAYS) else "relative"
    else:
        resolved = _resolve_absolute(words, reference, future)
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
        counted_from=None if resolution == "written" else ("published" if article.published else "story"),
        # "due to appear on 19 August", "will meet on Friday": a plan, which may change, is no happening yet.
        future=future or any(c.dep_ == "aux" and c.tag_ == "TO" for c in anchor.children),
        date_words=words,
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


def _resolve_relative(words: str, reference: date, future: bool) -> tuple[str, Precision] | None:
    """Weekdays and words relative to the article's date ("yesterday", "last month", "three years ago")."""
    text = re.sub(r"^(?:on|the|in)\s+", "", words)
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


def _similarity(first: DatedEvent, second: DatedEvent) -> float:
    """How alike two clauses are in content words and names, 0..1."""
    a = first.words | first.names
    b = second.words | second.names
    if not a or not b:
        return 0.0
    shared = len(a & b)
    overlap = shared / min(len(a), len(b))
    ratio = fuzz.token_set_ratio(" ".join(sorted(a)), " ".join(sorted(b))) / 100
    return min(overlap, ratio) if shared >= 2 else 0.0


def _happenings(events: list[DatedEvent]) -> list[list[DatedEvent]]:
    """Events grouped by date, then by happening (linked when alike, transitively)."""
    by_date: dict[str, list[DatedEvent]] = defaultdict(list)
    for event in events:
        by_date[event.date].append(event)
    groups: list[list[DatedEvent]] = []
    for day in sorted(by_date):
        groups.extend(_linked(sorted(by_date[day], key=_clarity)))
    return groups


def _linked(events: list[DatedEvent]) -> list[list[DatedEvent]]:
    """Groups of events joined by chains of alike pairs, in the order of each group's first event."""
    parent = list(range(len(events)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, first in enumerate(events):
        for j in range(i + 1, len(events)):
            if _alike(first, events[j]):
                parent[root(j)] = root(i)
    members: dict[int, list[DatedEvent]] = defaultdict(list)
    for i, event in enumerate(events):
        members[root(i)].append(event)
    return [members[key] for key in sorted(members)]


def _alike(first: DatedEvent, second: DatedEvent) -> bool:
    """Whether two events of one date tell of the same happening (a lenient test: the date already agrees)."""
    if first.article == second.article and first.sentence == second.sentence:
        return True
    if first.predicate in _REPORTING and second.predicate in _REPORTING:
        # Two statements by the same speaker on the same day: one briefing, one interview.
        return bool(first.agent) and first.agent == second.agent
    if first.predicate == second.predicate and first.predicate not in _REPORTING | _LIGHT_VERBS:
        return bool(first.names & second.names or first.words & second.words - {first.predicate})
    # "Tuesday's call": a happening named by a noun joins the happening that noun tells of.
    for named, other in ((first, second), (second, first)):
        if named.noun_anchor and named.predicate in other.words | {other.predicate}:
            return True
    # Words the whole story shares ("bridge", "harbour") link nothing alone: it takes three.
    words = first.words - first.names, second.words - second.names
    shared = len(words[0] & words[1])
    return shared >= 3 and shared / max(1, min(len(words[0]), len(words[1]))) >= 0.3


def _clarity(event: DatedEvent) -> tuple[int, int, int, str, int]:
    """Sort key, clearest first: a date written out, then names given, then a short clause."""
    return (
        event.resolution != "written",
        -min(len(event.names), 3),
        len(event.text),
        event.article,
        event.clause.start,
    )


# --- disagreements ----------------------------------------------------------------------------


def _conflicting(first: DatedEvent, second: DatedEvent) -> bool:
    """Dates that cannot both hold: they differ at the precision both give, and each is surely read."""
    if first.relation != second.relation or not (_reliable(first) and _reliable(second)):
        return False
    shared = min(len(first.date), len(second.date))
    if first.date[:shared] == second.date[:shared]:
        return False
    if first.resolution != "written" and second.resolution != "written" and _same_words(first, second):
        return False  # both say "Wednesday": only the days they count from differ
    return _near(first.date[:shared], second.date[:shared])


def _reliable(event: DatedEvent) -> bool:
    """A date fit to contradict another: not a plan, and not "yesterday" counted from a guessed day."""
    return not event.future and not (event.resolution == "relative" and event.counted_from == "story")


def _same_words(first: DatedEvent, second: DatedEvent) -> bool:
    return first.date_words.casefold() == second.date_words.casefold()


def _near(first: str, second: str) -> bool:
    """Dates close enough to be one happening misdated; further apart they are two happenings.

    Outlets that disagree on a date are a day or a weekday off, a month or a year off; a quake in
    February and one in November, or annexations in 2014 and 2022, are different events.
    """
    if len(first) == 10:
        return abs((date.fromisoformat(first) - date.fromisoformat(second)).days) <= 7
    if len(first) == 7:
        months = int(first[:4]) * 12 + int(first[5:]) - int(second[:4]) * 12 - int(second[5:])
        return abs(months) <= 2
    return abs(int(first) - int(second)) <= 1


def _same_happening(first: DatedEvent, second: DatedEvent) -> bool:
    """Only a clearly shared happening: same predicate, a shared name, and much the same words."""
    if first.predicate in _REPORTING or first.predicate != second.predicate:
        return False
    if not _share_a_name(first.names, second.names):
        return False
    if first.recurring or second.recurring:
        return False
    return _similarity(first, second) >= 0.5


def _share_a_name(first: frozenset[str], second: frozenset[str]) -> bool:
    """A name in common, by any of its words: "Port Alder" and "Alder" name one town."""
    return bool({w for name in first for w in name.split()} & {w for name in second for w in name.split()})


def _recurs(first: DatedEvent, second: DatedEvent, events: list[DatedEvent]) -> bool:
    """True when some article itself dates such a happening on both dates: it happened more than once."""
    for article in {first.article, second.article}:
        own = [e for e in events if e.article == article and e.predicate == first.predicate]
        dates = {e.date for e in own}
        if any(d.startswith(first.date) or first.date.startswith(d) for d in dates) and any(
            d.startswith(second.date) or second.date.startswith(d) for d in dates
        ):
            return True
    return False


def _disagreement(
    pair: tuple[DatedEvent, DatedEvent], events: list[DatedEvent], by_id: dict[str, Article]
) -> Disagreement:
    """One disagreement: every article's version of the happening's date."""
    first, second = pair
    versions: dict[str, list[DatedEvent]] = defaultdict(list)
    for event in events:
        if (
            event is first
            or event is second
            or (event.predicate == first.predicate and _conflicting_or_equal(event, first, second))
        ):
            versions[event.date].append(event)
    # Words for the happening from the clearest clause: a whole sentence beats a relative clause.
    clearest = min(
        (e for found in versions.values() for e in found),
        key=lambda e: (not e.text[:1].isupper(), e.text.count(","), e.article, e.date_span.start),
    )
    happening = _happening_words(by_id[clearest.article], clearest)
    topic = f"when {happening}"
    built = []
    for day in sorted(versions):
        chosen = sorted(versions[day], key=lambda e: (e.article, e.date_span.start))
        built.append(
            Version(
                value=by_id[chosen[0].article].span_text(chosen[0].date_span),
                normalized=day,
                articles=sorted({e.article for e in chosen}),
                # One sentence may date the happening twice (a dateline and "on Monday"): cite it once.
                evidence=list(
                    {(e.article, e.sentence.start): evidence(by_id[e.article], e.date_span) for e in chosen}.values()
                ),
            )
        )
    note = (
        f"Outlets give different dates for when {happening}: "
        + " vs ".join(f"{v.value} = {v.normalized} ({', '.join(_outlet(by_id[a]) for a in v.articles)})" for v in built)
        + "."
    )
    return Disagreement(
        id=stable_id("date", first.date, second.date, first.predicate, *sorted({first.article, second.article})),
        kind="date",
        topic=topic,
        versions=built,
        compatible=False,
        note=note,
    )


def _happening_words(article: Article, event: DatedEvent, limit: int = 10) -> str:
    """The clause without its date words: "the harbour bridge closed after a crack was found…"."""
    clause = article.text[event.clause.start : event.clause.end]
    start, end = event.date_span.start - event.clause.start, event.date_span.end - event.clause.start
    before = re.sub(r"\b(?:on|in|at|last|this)\s*$", "", clause[:start], flags=re.I).rstrip(" ,")
    words = (before + " " + clause[end:].lstrip(" ,")).split()
    text = " ".join(words[:limit]) + ("…" if len(words) > limit else "")
    text = re.sub(r"^[^\w]+", "", text)
    first = text.split(" ", 1)[0]
    return text[:1].lower() + text[1:] if first in {"The", "A", "An"} else text


def _outlet(article: Article) -> str:
    return article.source or article.id


def _conflicting_or_equal(event: DatedEvent, first: DatedEvent, second: DatedEvent) -> bool:
    """Whether `event` is another article's version of the pair's happening."""
    return event.date in (first.date, second.date) and any(_same_happening(event, e) for e in (first, second))
