"""The story's timeline, and the dates its articles disagree on.

The timeline: the dated happenings of `mentions/dated.py`, merged across articles (the same date and
much the same clause), ordered by date. The disagreements: date mentions (`mentions/dates.py`)
aligned by the happening they date (`align.py`), whose independent sources give dates or times
that cannot both hold.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from rapidfuzz import fuzz

from newsfuse.document import Article
from newsfuse.reconcile.evidence import disagreements_of, evidence, origin, stable_id
from newsfuse.reconcile.mentions import Mention
from newsfuse.reconcile.mentions.dated import (
    _LIGHT_VERBS,
    _REPORTING,
    DatedEvent,
    find_dated_events,
    story_date,
)
from newsfuse.reconcile.mentions.mention import dates_meet
from newsfuse.report import Disagreement, TimelineEvent, Version

__all__ = ["DatedEvent", "build_timeline", "date_disagreements", "find_dated_events", "story_date"]


def build_timeline(articles: Sequence[Article]) -> list[TimelineEvent]:
    """Dated happenings of the story, merged across articles, ordered by date then text."""
    entries = []
    for group in _happenings(_all_events(articles)):
        best = min(group, key=_clarity)
        entries.append(TimelineEvent(date=best.date, text=best.text, articles=sorted({e.article for e in group})))
    entries.sort(key=lambda entry: (entry.date, entry.text, entry.articles))
    return entries


def _all_events(articles: Sequence[Article]) -> list[DatedEvent]:
    day = story_date(articles)
    # In the order of article ids, so that the input's order changes nothing.
    ordered = sorted(articles, key=lambda a: a.id)
    # A weekday no day anchors ("on Friday" in an undated story) has no place on a timeline.
    return [event for article in ordered for event in find_dated_events(article, day) if event.date]


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


def date_disagreements(groups: Sequence[Sequence[Mention]], articles: dict[str, Article]) -> list[Disagreement]:
    """One `date` disagreement per aligned group of date mentions whose independent sources give
    dates (or times) that cannot both hold."""
    return disagreements_of(groups, articles, date_disagreement)


def date_disagreement(members: Sequence[Mention], articles: dict[str, Article]) -> Disagreement | None:
    """The disagreement of one aligned group, or None when every independent pair can both hold."""
    if not any(
        origin(articles, a.article.id) != origin(articles, b.article.id) and not _meet(a, b)
        for n, a in enumerate(members)
        for b in members[n + 1 :]
    ):
        return None
    position = {article_id: n for n, article_id in enumerate(articles)}
    ordered = sorted(members, key=lambda m: (position[m.article.id], m.span.start))
    versions: dict[str, list[Mention]] = defaultdict(list)
    for mention in ordered:
        versions[mention.label].append(mention)
    _merge_undated(versions)
    for chosen in versions.values():
        chosen.sort(key=lambda m: (position[m.article.id], m.span.start))
    built = []
    for label, chosen in sorted(versions.items(), key=lambda item: (item[1][0].low or 0.0, item[0])):
        built.append(
            Version(
                value=chosen[0].text,
                normalized=label,
                articles=list(dict.fromkeys(m.article.id for m in chosen)),
                evidence=list({(m.article.id, m.sentence.start): evidence(m.article, m.span) for m in chosen}.values()),
            )
        )
    happening = _happening(ordered)
    kind_of_value = "times" if members[0].dimension == "time" else "dates"
    note = (
        f"Outlets give different {kind_of_value} for when {happening}: "
        + " vs ".join(
            f"{v.value} = {v.normalized} ({', '.join(_outlet(articles[a]) for a in v.articles)})" for v in built
        )
        + "."
    )
    identity = sorted(f"{m.article.id}|{m.span.start}" for m in members)
    return Disagreement(
        id=stable_id("disagreement", "date", *identity),
        kind="date",
        topic=f"when {happening}",
        versions=built,
        compatible=False,
        note=note,
    )


def _merge_undated(versions: dict[str, list[Mention]]) -> None:
    """A weekday or a month and day no year anchors ("on Monday" in an undated article) joins the
    one dated version it agrees with ("on Monday = 2024-05-13"): it is that version, not another."""
    for label in [k for k, chosen in versions.items() if chosen[0].low is None and chosen[0].dimension == "date"]:
        meeting = [
            k
            for k, chosen in versions.items()
            if chosen[0].low is not None and dates_meet(chosen[0], versions[label][0])
        ]
        if len(meeting) == 1:
            versions[meeting[0]].extend(versions.pop(label))


def _meet(a: Mention, b: Mention) -> bool:
    return dates_meet(a, b) if a.dimension == "date" else a.states_the_same(b)


def _happening(members: Sequence[Mention], limit: int = 10) -> str:
    """The happening a group dates, in the words of its clearest sentence, the date words left out."""
    clearest = min(members, key=lambda m: (m.sentence.end - m.sentence.start, m.article.id, m.span.start))
    article = clearest.article
    sentence = article.text[clearest.sentence.start : clearest.sentence.end]
    start, end = clearest.span.start - clearest.sentence.start, clearest.span.end - clearest.sentence.start
    before = re.sub(r"\b(?:on|in|at|last|this|since|by)\s*$", "", sentence[:start], flags=re.I).rstrip(" ,")
    words = (before + " " + sentence[end:].lstrip(" ,")).split()
    text = " ".join(words[:limit]) + ("…" if len(words) > limit else "")
    text = re.sub(r"^[^\w]+", "", text).rstrip(" .,;:")
    first = text.split(" ", 1)[0]
    return text[:1].lower() + text[1:] if first in {"The", "A", "An"} else text


def _outlet(article: Article) -> str:
    return article.source or article.id
