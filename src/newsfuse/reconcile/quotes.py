"""Direct quotations: found in each article, credited to a speaker, and merged across articles.

A quotation is the words between curly double “…”, straight double "…" or curly single ‘…’
marks. A right single mark is an apostrophe, not a closing mark, inside a word ("don’t",
"Putin’s") or before a number ("’90s"). A quotation interrupted by its attribution
(“A,” she said. “B.”) is one quotation; so is one whose paragraphs each reopen the mark, and one
that closes a few lines after it opens.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import combinations

from newsfuse.document import Article, Span
from newsfuse.reconcile.attribution import Attribution, attribution
from newsfuse.reconcile.diff import coverage, inner_differences, longest_shared_run, normalized_words, written_words
from newsfuse.reconcile.evidence import evidence, independent_sources, origin, sentence_at, stable_id
from newsfuse.report import Disagreement, Evidence, Quote, QuoteVariant, Version

# Quotations of at most this many words ("immediately", "begin immediately") are kept but never
# merged with longer ones nor compared for wording: too little to tell one statement from another.
SHORT_QUOTE_WORDS = 3
# A quotation joins another when a run of this many words matches and most of its words do.
MATCH_RUN = 4
MATCH_COVERAGE = 0.6
# Crediting one quotation to two speakers is a conflict only when they share this long a run.
ATTRIBUTION_RUN = 6
# A mark closed this many line breaks (and characters) after it opened still closes it; further on,
# an unclosed mark is a stray and a later closing mark another quotation's.
MAX_QUOTE_BREAKS = 12
MAX_QUOTE_CHARS = 1500

_SPEECH = re.compile(
    r"\b(?:said|says|say|told|tells|added|adds|noted|notes|stated|states|wrote|writes|continued|explained|"
    r"insisted|claimed|asked|replied|according|reads|concluded|concludes)\b",
    re.IGNORECASE,
)
_OPENS_AFTER = " \t\n([{—–-/\u00a0"


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """One quotation in one article: the quoted words (without the marks), who said them, and how."""

    parts: tuple[Span, ...]  # the quoted words, one span per stretch between marks, in text order
    text: str  # the parts' words, joined by "…" where an attribution cut a sentence
    partial: bool  # a fragment worked into the writer's sentence, not a quoted sentence
    attribution: Attribution | None

    @property
    def span(self) -> Span:
        """From the first quoted word to the last (an interrupting attribution included)."""
        return Span(self.parts[0].start, self.parts[-1].end, "quote")

    @property
    def speaker(self) -> str | None:
        return self.attribution.name if self.attribution else None


@dataclass(frozen=True, slots=True)
class _Raw:
    segments: tuple[tuple[int, int], ...]  # (opening mark, closing mark or paragraph end) per stretch

    @property
    def start(self) -> int:
        return self.segments[0][0]

    @property
    def end(self) -> int:
        return self.segments[-1][1]


def find_quotes(article: Article) -> list[QuoteSpan]:
    """Every direct quotation in `article`, in text order, with its speaker when the text gives one."""
    text = article.text
    quotes = []
    for raw in _merge_interrupted(text, _raw_quotes(text)):
        parts = tuple(span for span in (_inner(text, start, end) for start, end in raw.segments) if span)
        if not parts or not any(c.isalpha() for part in parts for c in text[part.start : part.end]):
            continue
        partial = _is_partial(article, raw.start, parts[0])
        if partial:
            last = parts[-1]
            trimmed = text[last.start : last.end].rstrip(".…")
            parts = (*parts[:-1], Span(last.start, last.start + len(trimmed), "quote"))
        words = _joined(text, parts)
        span = Span(parts[0].start, parts[-1].end, "quote")
        quotes.append(QuoteSpan(parts, words, partial, attribution(article, span)))
    return quotes


def _joined(text: str, parts: tuple[Span, ...]) -> str:
    """The quoted words of all parts; where the attribution cut into a sentence, an ellipsis marks the cut."""
    joined = text[parts[0].start : parts[0].end]
    for part in parts[1:]:
        ends_sentence = joined.rstrip()[-1:] in {".", "!", "?", "…"}
        joined += (" " if ends_sentence else " … ") + text[part.start : part.end]
    return joined


def quoted_regions(text: str) -> list[Span]:
    """Where quotation marks enclose text, marks included, in text order."""
    regions = [Span(start, end + 1, "quoted") for raw in _raw_quotes(text) for start, end in raw.segments]
    return sorted(regions, key=lambda r: (r.start, r.end))


def _raw_quotes(text: str) -> list[_Raw]:
    found = [
        raw
        for events in (_double_events(text), _guillemet_events(text), _straight_events(text), _single_events(text))
        for raw in _pair(text, events)
    ]
    mixed = _mixed_quotes(text)  # its straight mark closes on its own line: no longer pairing wins
    mixed_starts = {raw.start for raw in mixed}
    found = [raw for raw in found if raw.start not in mixed_starts] + mixed
    found.sort(key=lambda r: (r.start, -r.end))
    kept: list[_Raw] = []
    for raw in found:
        # A quotation inside another (‘…’ within “…”) is part of the outer one.
        if any(k.start <= raw.start and raw.end <= k.end for k in kept):
            continue
        if kept and raw.start < kept[-1].end:
            continue
        kept.append(raw)
    return kept


def _mixed_quotes(text: str) -> list[_Raw]:
    """A quotation opened with a straight mark and closed with a curly one ('"It is a sad day,” the
    company said'), as text pasted from two sources writes it: on a line with an odd number of
    straight marks and more curly closing marks than opening ones, the last straight mark that
    opens and the first curly closing mark after it."""
    found = []
    offset = 0
    for line in text.split("\n"):
        straight = [n for n, c in enumerate(line) if c == '"']
        if len(straight) % 2 and line.count("”") > line.count("“"):
            opens = [n for n in straight if n == 0 or line[n - 1] in _OPENS_AFTER]
            close = line.find("”", opens[-1]) if opens else -1
            if close > 0:
                found.append(_Raw(((offset + opens[-1], offset + close),)))
        offset += len(line) + 1
    return found


def _double_events(text: str) -> list[tuple[int, bool]]:
    # An opening mark with nothing after it on its line opens nothing: it is a closing mark typed
    # the wrong way round ("I'm not just a party girl. “").
    return [(i, c == "“" and not _ends_line(text, i)) for i, c in enumerate(text) if c in "“”"]


def _ends_line(text: str, i: int) -> bool:
    end = text.find("\n", i)
    return not text[i + 1 : end if end >= 0 else len(text)].strip()


def _guillemet_events(text: str) -> list[tuple[int, bool]]:
    return [(i, c == "«") for i, c in enumerate(text) if c in "«»"]


def _straight_events(text: str) -> list[tuple[int, bool]]:
    return [(i, i == 0 or text[i - 1] in _OPENS_AFTER) for i, c in enumerate(text) if c == '"']


def _single_events(text: str) -> list[tuple[int, bool]]:
    """Opening ‘ marks and, for each, the ’ that closes it (apostrophes are not closing marks)."""
    openers = [i for i, c in enumerate(text) if c == "‘" and _single_opens(text, i)]
    events: list[tuple[int, bool]] = []
    for n, start in enumerate(openers):
        limit = openers[n + 1] if n + 1 < len(openers) else len(text)
        newline = text.find("\n", start)
        if 0 <= newline < limit:
            limit = newline
        candidates = [i for i in range(start + 1, limit) if text[i] == "’" and _single_closes(text, i)]
        events.append((start, True))
        # A closing mark right after "s" and before a word may be a plural possessive ("leaders’ agenda").
        plain = [i for i in candidates if not _possessive_like(text, i)]
        chosen = plain[:1] or candidates[:1]
        events.extend((i, False) for i in chosen)
    return events


def _single_opens(text: str, i: int) -> bool:
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isalnum() and not after.isspace() and not (after.isdigit() and text[i + 1 : i + 4].isalnum())


def _single_closes(text: str, i: int) -> bool:
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not (before.isspace() or after.isalnum())  # not "’90s", "don’t", "Putin’s"


def _possessive_like(text: str, i: int) -> bool:
    return text[i - 1] in "sS" and i + 2 < len(text) and text[i + 1] == " " and text[i + 2].isalpha()


def _pair(text: str, events: list[tuple[int, bool]]) -> list[_Raw]:
    """Pair opening and closing marks; an unclosed paragraph continues when the next one reopens."""
    quotes: list[_Raw] = []
    done: list[tuple[int, int]] = []
    open_at: int | None = None
    for position, opening in events:
        if opening:
            if open_at is not None and _continues(text, open_at, position):
                done.append((open_at, text.index("\n", open_at)))
            else:
                done = []
            open_at = position
        elif open_at is not None:
            breaks = text.count("\n", open_at, position)
            if not breaks:
                quotes.append(_Raw((*done, (open_at, position))))
            elif not done and breaks <= MAX_QUOTE_BREAKS and position - open_at <= MAX_QUOTE_CHARS:
                # Closed some lines on, with no mark of its kind between: one quotation over several
                # lines (text set one sentence to a line, or paragraphs that do not reopen the mark).
                quotes.append(_Raw(_line_segments(text, open_at, position)))
            done, open_at = [], None
    return quotes


def _line_segments(text: str, open_at: int, close_at: int) -> tuple[tuple[int, int], ...]:
    """A quotation from `open_at` to `close_at` cut at its line breaks: one stretch per line, each
    starting at the mark or at the line break before it."""
    segments, start = [], open_at
    for line_break in re.finditer(r"\n+", text[open_at:close_at]):
        segments.append((start, open_at + line_break.start()))
        start = open_at + line_break.end() - 1
    segments.append((start, close_at))
    return tuple(segments)


def _continues(text: str, open_at: int, position: int) -> bool:
    """Whether a quotation left open at a paragraph's end goes on at `position` (the next paragraph's start)."""
    newline = text.find("\n", open_at)
    return 0 <= newline < position and not text[newline:position].strip() and "\n" not in text[open_at:newline]


def _inner(text: str, start: int, end: int) -> Span | None:
    """The quoted words between a mark at `start` and one at `end`, without spaces or trailing commas."""
    inner = text[start + 1 : end]
    stripped = inner.rstrip().rstrip(",;:").rstrip()
    lead = len(inner) - len(inner.lstrip())
    if len(stripped) <= lead:
        return None
    return Span(start + 1 + lead, start + 1 + len(stripped), "quote")


def _is_partial(article: Article, mark: int, first: Span) -> bool:
    """A fragment unless it opens with a capital and stands alone or after "X said," / "X said:"."""
    words = article.text[first.start : first.end].lstrip("…. ")
    if not words or not words[0].isupper():
        return True
    if article.sentences:
        sentence_start = sentence_at(article, mark).start
    else:
        sentence_start = max(article.text.rfind("\n", 0, mark), article.text.rfind(". ", 0, mark)) + 1
    before = article.text[sentence_start:mark].strip()
    return bool(before) and before[-1] not in ",:"


def _merge_interrupted(text: str, raws: list[_Raw]) -> list[_Raw]:
    """Join “A,” she said. “B.” into one quotation: a comma ends A and a short attribution follows."""
    merged: list[_Raw] = []
    for raw in raws:
        if merged:
            previous = merged[-1]
            close = previous.end
            between = text[close + 1 : raw.start]
            ends_with_comma = text[previous.segments[-1][0] + 1 : close].rstrip().endswith(",") or between.startswith(
                ","
            )
            if (
                ends_with_comma
                and "\n" not in between
                and len(between.split()) <= 12
                and _SPEECH.search(between)
                and between.rstrip().endswith((".", ","))
            ):
                merged[-1] = _Raw(previous.segments + raw.segments)
                continue
        merged.append(raw)
    return merged


# --- merging across articles -------------------------------------------------------------------


@dataclass(slots=True)
class _Found:
    article: Article
    order: int  # the article's position in the input
    quote: QuoteSpan
    words: list[str]
    speaker: str | None  # canonical speaker, or the name as written when it has no canonical form
    named: bool  # the speaker is a known entity (a canonical name), not only words ("the harbour master")
    side: str | None  # who the words are credited to for conflicts: the body a spokesperson speaks for
    person_only: bool  # a person the text ties to no body: not comparable with a body


def merge_quotes(
    articles: Sequence[Article], canonical: Callable[[str], str | None]
) -> tuple[list[Quote], list[Disagreement]]:
    """Merge the same quotation across articles; report wording and attribution conflicts between them.

    `canonical` maps a speaker as written ("Mr. Putin", "the White House") to its canonical
    entity name, or None when it knows none.
    """
    by_id = {a.id: a for a in articles}
    groups = _group([_found(a, n, q, canonical) for n, a in enumerate(articles) for q in find_quotes(a)])
    quotes: list[tuple[tuple[int, int, int], Quote]] = []
    disagreements: list[tuple[tuple[int, int, int], Disagreement]] = []
    for group in groups:
        quote = _quote(group, by_id)
        first = min(group, key=lambda f: (f.order, f.quote.span.start))
        ids = {f.article.id for f in group}
        rank = (-independent_sources(ids, by_id), first.order, first.quote.span.start)
        quotes.append((rank, quote))
        for disagreement in (_wording(group, quote, by_id), _attribution_conflict(group, quote, by_id)):
            if disagreement is not None:
                ids = {a for v in disagreement.versions for a in v.articles}
                disagreements.append(((-independent_sources(ids, by_id), *rank[1:]), disagreement))
    quotes.sort(key=lambda item: item[0])
    disagreements.sort(key=lambda item: (item[0], item[1].kind))
    return [q for _, q in quotes], [d for _, d in disagreements]


def _found(article: Article, order: int, quote: QuoteSpan, canonical: Callable[[str], str | None]) -> _Found:
    credit = quote.attribution
    speaker = side = None
    person_only = named = False
    if credit is not None:
        named = canonical(credit.name) is not None
        speaker = canonical(credit.name) or credit.name
        if credit.kind == "person" and credit.affiliation:
            side = canonical(credit.affiliation) or credit.affiliation
        elif credit.kind in ("person", "body"):
            side = canonical(credit.name)
            person_only = credit.kind == "person"
    return _Found(article, order, quote, normalized_words(quote.text), speaker, named, side, person_only)


def _group(found: list[_Found]) -> list[list[_Found]]:
    """Group quotations that are the same words: longest first, each joining the group it matches best."""
    found.sort(key=lambda f: (-len(f.words), f.order, f.quote.span.start))
    groups: list[list[_Found]] = []
    for item in found:
        best, best_score = None, 0.0
        for group in groups:
            score = max(_match(item.words, member.words) for member in group)
            if score > best_score:
                best, best_score = group, score
        if best is None:
            groups.append([item])
        else:
            best.append(item)
    return groups


def _match(part: list[str], whole: list[str]) -> float:
    short = len(part) <= SHORT_QUOTE_WORDS or len(whole) <= SHORT_QUOTE_WORDS
    if short:
        return 1.0 if part == whole else 0.0
    if longest_shared_run(part, whole) < MATCH_RUN:
        return 0.0
    share = coverage(part, whole)
    return share if share >= MATCH_COVERAGE else 0.0


def _quote(group: list[_Found], by_id: dict[str, Article]) -> Quote:
    ordered = sorted(group, key=lambda f: (f.order, f.quote.span.start))
    article_ids = list(dict.fromkeys(f.article.id for f in ordered))
    variants: dict[tuple[tuple[str, ...], str | None], list[_Found]] = {}
    for item in ordered:
        variants.setdefault((tuple(item.words), item.speaker), []).append(item)
    variant_models = [
        QuoteVariant(
            text=items[0].quote.text, speaker=key[1], articles=list(dict.fromkeys(f.article.id for f in items))
        )
        for key, items in variants.items()
    ]
    variant_models.sort(key=lambda v: -len(v.articles))
    fullest = max(ordered, key=lambda f: (len(f.words), -f.order, -f.quote.span.start))
    speakers: dict[str, set[str]] = {}
    named = {item.speaker for item in ordered if item.named}
    for item in ordered:
        if item.speaker is not None:
            speakers.setdefault(item.speaker, set()).add(origin(by_id, item.article.id))
    # The speaker most independent articles name, a known entity before mere words ("the harbour
    # master"); on a tie still, none: the variants (and an attribution disagreement) say who
    # credits whom, and no order of the inputs picks a side.
    counted = sorted(((len(found), name in named, name) for name, found in speakers.items()), reverse=True)
    tied = len(counted) > 1 and counted[0][:2] == counted[1][:2]
    speaker = counted[0][2] if counted and not tied else None
    return Quote(
        id=stable_id("quote", " ".join(fullest.words)),
        speaker=speaker,
        text=fullest.quote.text,
        articles=article_ids,
        variants=variant_models,
    )


def _quote_evidence(item: _Found) -> list[Evidence]:
    """The sentences a quotation stands in, and the one naming its speaker."""
    article = item.article
    spans = [sentence_at(article, part.start) for part in item.quote.parts]
    spans += [s for s in article.sentences for p in item.quote.parts if s.start < p.end and p.start < s.end]
    if item.quote.attribution is not None:
        spans.append(sentence_at(article, item.quote.attribution.mention.start))
    unique = sorted({(s.start, s.end): s for s in spans}.values(), key=lambda s: s.start)
    return [evidence(article, Span(s.start, s.end, "sentence")) for s in unique]


def _wording(group: list[_Found], quote: Quote, by_id: dict[str, Article]) -> Disagreement | None:
    """Independent articles giving one quotation in different words (not just a shorter excerpt)."""
    items = [f for f in group if len(f.words) > SHORT_QUOTE_WORDS]
    conflicts = [
        (a, b)
        for a, b in combinations(items, 2)
        if origin(by_id, a.article.id) != origin(by_id, b.article.id) and inner_differences(a.words, b.words)
    ]
    if not conflicts:
        return None
    involved = sorted(
        {id(f): f for pair in conflicts for f in pair}.values(),
        key=lambda f: (-len(f.words), f.order, f.quote.span.start),
    )
    classes: list[list[_Found]] = []
    for item in involved:
        agreeing = [c for c in classes if inner_differences(item.words, c[0].words) == []]
        if agreeing:
            max(agreeing, key=len).append(item)  # max keeps the first of equals: deterministic
        else:
            classes.append([item])
    if len(classes) < 2:
        return None
    classes.sort(key=lambda c: (-independent_sources({f.article.id for f in c}, by_id), min(f.order for f in c)))
    versions = [
        Version(
            value=c[0].quote.text,
            normalized=None,
            articles=list(dict.fromkeys(f.article.id for f in sorted(c, key=lambda f: f.order))),
            evidence=[e for f in sorted(c, key=lambda f: (f.order, f.quote.span.start)) for e in _quote_evidence(f)],
        )
        for c in classes
    ]
    main, other = classes[0][0], classes[1][0]
    who = _speaker_phrase(quote.speaker, group)
    more = f"; {len(classes)} wordings in all" if len(classes) > 2 else ""
    return Disagreement(
        id=stable_id("disagreement", "quote_wording", quote.id),
        kind="quote_wording",
        topic=f"wording of {who} ('{_snippet(main, other)}…')",
        versions=versions,
        # Wording differences are reported as compatible: each can be a faithful rendering.
        compatible=True,
        note=f"Independent sources word {who} differently: {_changes(main, other)}{more}.",
    )


def _snippet(a: _Found, b: _Found, length: int = 5) -> str:
    """The opening words, as written in `a`, of the stretch two wordings share."""
    match = SequenceMatcher(None, a.words, b.words, autojunk=False).find_longest_match(0, len(a.words), 0, len(b.words))
    blocks = [m for m in SequenceMatcher(None, a.words, b.words, autojunk=False).get_matching_blocks() if m.size >= 3]
    start = blocks[0].a if blocks else match.a
    return " ".join(written_words(a.quote.text)[start : start + length])


def _changes(a: _Found, b: _Found) -> str:
    """The first differences between two wordings, as written, with a word of context."""
    differences = inner_differences(a.words, b.words) or []
    words_a, words_b = written_words(a.quote.text), written_words(b.quote.text)
    lefts, rights = [], []
    for (i1, i2), (j1, j2) in differences[:3]:
        lefts.append("'" + " ".join(words_a[max(0, i1 - 1) : i2 + 1]).strip(",.;:") + "'")
        rights.append("'" + " ".join(words_b[max(0, j1 - 1) : j2 + 1]).strip(",.;:") + "'")
    return f"{_sources([a])} has {', '.join(lefts)} where {_sources([b])} has {', '.join(rights)}"


def _sources(items: list[_Found]) -> str:
    names = list(dict.fromkeys(f.article.source or f.article.id for f in sorted(items, key=lambda f: f.order)))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _speaker_phrase(speaker: str | None, group: list[_Found]) -> str:
    kinds = {f.quote.attribution.kind for f in group if f.quote.attribution and f.speaker == speaker}
    if speaker is None:
        return "a quotation"
    return f"the {speaker} statement" if kinds == {"body"} else f"{speaker}'s words"


def _attribution_conflict(group: list[_Found], quote: Quote, by_id: dict[str, Article]) -> Disagreement | None:
    """Independent articles crediting the same words to different speakers (bodies, or people of different bodies)."""
    items = [f for f in group if f.side is not None and len(f.words) > SHORT_QUOTE_WORDS]
    conflicting: list[tuple[_Found, _Found]] = []
    for a, b in combinations(items, 2):
        if a.side is None or b.side is None or a.side.casefold() == b.side.casefold():
            continue
        if a.side.split()[-1].casefold() == b.side.split()[-1].casefold():
            continue  # "Stefanski" and "Ed Stefanski": one person the index could not join
        if a.person_only != b.person_only:
            continue  # a person the text ties to no body may well speak for the body named elsewhere
        if origin(by_id, a.article.id) == origin(by_id, b.article.id):
            continue
        if longest_shared_run(a.words, b.words) >= ATTRIBUTION_RUN:
            conflicting.append((a, b))
    if not conflicting:
        return None
    involved = {id(f): f for pair in conflicting for f in pair}.values()
    sides: dict[str, list[_Found]] = {}
    for item in sorted(involved, key=lambda f: (f.order, f.quote.span.start)):
        assert item.side is not None
        sides.setdefault(item.side, []).append(item)
    ordered = sorted(
        sides.items(), key=lambda kv: (-independent_sources({f.article.id for f in kv[1]}, by_id), kv[1][0].order)
    )
    versions = [
        Version(
            value=side,
            normalized=side,
            articles=list(dict.fromkeys(f.article.id for f in items_)),
            evidence=[e for f in items_ for e in _quote_evidence(f)],
        )
        for side, items_ in ordered
    ]
    shared = _snippet(conflicting[0][0], conflicting[0][1], 8)
    credits = " and ".join(
        f"to {'' if items_[0].person_only else 'the '}{side} by {_sources(items_)}" for side, items_ in ordered
    )
    return Disagreement(
        id=stable_id("disagreement", "attribution", quote.id),
        kind="attribution",
        topic=f"who said '{shared}…'",
        versions=versions,
        # Only one side issued these words.
        compatible=False,
        note=f"The same quoted words ('{shared}…') are credited {credits}.",
    )
