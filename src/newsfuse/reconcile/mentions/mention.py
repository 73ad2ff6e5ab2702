"""A mention: a value an article states (an amount, a date or time), as a span with its slot.

The slot is what the value is of: the noun measured or counted, the predicate it fills, the
words and names around it, and the cues that say when the figure held. Mentions of different
articles that fill the same slot of the same event are aligned (`reconcile/align.py`), and an
aligned group whose values differ is a disagreement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from newsfuse.document import Article, Span
from newsfuse.reconcile.mentions.values import Unit

MentionKind = Literal["amount", "date"]


@dataclass(frozen=True, slots=True)
class Slot:
    """What a mention's value is of, as the parse and the words around it tell."""

    noun: str | None = None  # the lemma of the noun measured or counted: "people", "quake", "deal"
    verb: str | None = None  # the lemma of the predicate the value fills: "kill", "last", "seize"
    subject: str | None = None  # the lemma of the predicate's subject, when it is not the noun
    modifiers: frozenset[str] = frozenset()  # lemmas qualifying the noun: "other", "automatic", "injured"
    context: frozenset[str] = frozenset()  # the content lemmas of its clause, without values and units
    names: frozenset[str] = frozenset()  # the names in its sentence, casefolded
    # Words that place the figure in time or say it changed: "rise", "latest", "initially", "earlier".
    cues: frozenset[str] = frozenset()
    partitive: bool = False  # "three of the seven", "including two children": a part of another set
    verb_form: str | None = None  # the predicate as written when a participle: "injured", "killed"
    window: str = ""  # the words around the value, the value itself masked: "the tremor lasted X seconds"
    owner: str | None = None  # the name the value belongs to, by its last word: "Orozco, 27," -> "orozco"

    def words(self) -> frozenset[str]:
        """The words naming the slot itself: noun, verb, subject and modifiers."""
        return frozenset(w for w in (self.noun, self.verb, self.subject, *self.modifiers) if w)

    def noun_phrase(self) -> str:
        """The noun measured with its qualifiers: "other automatic rifle"."""
        return " ".join([*sorted(self.modifiers), self.noun or ""]).strip()

    def phrase(self) -> str:
        """The slot in a few words, for comparing meanings: "people injured", "quake magnitude"."""
        parts = [*sorted(self.modifiers), self.noun or "", self.verb or "", self.subject or ""]
        return " ".join(p for p in parts if p) or "value"


def dates_meet(a: Mention, b: Mention) -> bool:
    """Whether two dates can both hold: "December 2008" and "December 9, 2008" can; a weekday
    counted from no sure day is compared by its weekday only ("on Friday", "Tuesday, December 9"),
    a date no year anchors by its month and day ("November 18", "November 19, 2008")."""
    if a.month_day or b.month_day:
        return _month_days_meet(a, b)
    if a.low is None or b.low is None:
        return a.weekday is None or b.weekday is None or a.weekday == b.weekday
    low = max(x for x in (a.low, b.low) if x is not None)
    high = min(x for x in (a.high, b.high, float("inf")) if x is not None)
    return low <= high


def _month_days_meet(a: Mention, b: Mention) -> bool:
    """Whether some day both dates allow has the month (and day) a yearless one names."""
    days_a, days_b = month_days(a), month_days(b)
    if days_a is None or days_b is None:
        return True  # a weekday alone: no month to compare
    return any(ma == mb and (da is None or db is None or da == db) for ma, da in days_a for mb, db in days_b)


def month_days(mention: Mention) -> set[tuple[int, int | None]] | None:
    """The (month, day) a date allows: a yearless one's own, a dated one's from its interval (its
    months alone when it spans more than a month); None for a weekday with no date."""
    if mention.month_day:
        return {mention.month_day}
    if mention.low is None or mention.high is None:
        return None
    first, last = date.fromordinal(int(mention.low)), date.fromordinal(int(mention.high))
    days = [first + timedelta(k) for k in range(min((last - first).days, 366) + 1)]
    if (last - first).days > 31:
        return {(day.month, None) for day in days}
    return {(day.month, day.day) for day in days}


@dataclass(eq=False, slots=True)
class Mention:
    """A value one article states: its wording, its interval, its unit and its slot."""

    article: Article
    span: Span  # the wording, as in the article's text
    kind: MentionKind
    dimension: str  # "count", "duration", "length", "money", "percent", ..., or for dates "day", "time"
    low: float | None  # the interval, in the dimension's canonical unit (dates: days since year 1)
    high: float | None
    unit: Unit | None  # as written (amounts with a unit)
    hedge: str | None
    slot: Slot
    sentence: Span
    label: str = ""  # the value as normalised words, for versions: "2.5 hours", "2008-12-12"
    # The value as stated, before its hedge, in the canonical unit ("about 130" states 130; "between
    # two and four weeks" states 336-672 hours): two mentions disagree only when these differ.
    stated: tuple[float, float] | None = None
    tolerance: float = 0.0  # how far a value may stand from `stated` and be the same figure rounded
    precision: str = ""  # dates: "year", "month", "day", "weekday", "yearless", "time"
    weekday: int | None = None  # dates: the weekday it names or falls on (Monday 0), when known
    month_day: tuple[int, int | None] | None = None  # yearless dates: the month and day they name

    @property
    def text(self) -> str:
        return self.article.span_text(self.span)

    def states_the_same(self, other: Mention) -> bool:
        """Whether two mentions state one figure, rounding apart ("277 km" and "150 nautical miles")."""
        if self.kind == "date":
            return dates_meet(self, other)
        if self.stated is None or other.stated is None:
            return self.label == other.label
        slack = max(self.tolerance, other.tolerance) + 1e-9 * max(1.0, abs(self.stated[1]))
        close = abs(self.stated[0] - other.stated[0]) <= slack and abs(self.stated[1] - other.stated[1]) <= slack
        # and their hedges allow it: "nearly $80 million" is no rounding of "$82 million".
        low = max(x for x in (self.low, other.low, float("-inf")) if x is not None)
        high = min(x for x in (self.high, other.high, float("inf")) if x is not None)
        return close and low <= high + slack
