"""Quantities: amounts found in article text, what they measure, and the `quantity` disagreements between them.

An amount is a span of an article's text ("nearly three hours", "198 Ukrainian prisoners",
"from 10 am to noon") read as an interval `[low, high]` in a canonical unit (hours for durations,
"count" for counts, metres for lengths, "percent"), with what it measures taken from the spaCy
dependency parse. Amounts of the same thing across articles are compared; a disagreement is
raised only when independent articles give different values. Intervals are closed: two versions
that only touch at an end are compatible (precision first).

Reading wording as an interval (numbers, hedges, units, display units) is in
`newsfuse.reconcile.amounts`; this module finds amounts in an article with the parse, decides what
each measures, groups them across articles and builds the disagreements.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newsfuse.document import Article, Span
from newsfuse.reconcile.amounts import (
    CLOCK_SPAN,
    DURATION,
    DURATION_UNITS,
    HEDGE,
    LENGTH_UNITS,
    ONES,
    PERCENT,
    TENS,
    VAGUE,
    VAGUE_RANGES,
    canonical_unit,
    clock_difference,
    display_unit,
    duration_value,
    in_display_unit,
    interval,
    normal_hedge,
    parse_number,
    unit_name,
)
from newsfuse.reconcile.evidence import evidence, origin, stable_id
from newsfuse.report import Disagreement, Evidence, QuantityRange, Version

# --- amounts --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Amount:
    """An amount stated in an article: its wording, its interval in a canonical unit, and what it measures."""

    span: Span
    low: float | None
    high: float | None
    unit: str  # canonical: "hour", "metre", "percent", "count"
    written_unit: str  # as worded, singular: "minute", "day", "count"
    hedge: str | None
    attribute: tuple[str, str] | None  # (thing, measure): ("call", "duration"), ("Ukrainian prisoner", "count")


# Words after a duration that make it a point in time or an offset, not the length of something.
_NOT_A_LENGTH = re.compile(r"[\s-]*(?:ago|later|earlier|before|after|since|from\s+now|old)\b", re.IGNORECASE)
_FOR = re.compile(r"\bfor\s+\Z", re.IGNORECASE)
# "every fifteen minutes" is how often something happens, not how long.
_REPEATS = re.compile(r"\b(?:every|each)\s+\Z", re.IGNORECASE)
# Prepositions that make a duration an offset or a deadline ("in 30 days", "within two hours").
_OFFSET_PREPOSITIONS = frozenset({"in", "within", "after", "before", "by", "since", "until", "ago", "from", "past"})


def find_quantities(article: Article) -> list[Amount]:
    """Every duration, clock-time span, length, percentage and count stated in `article`, in text order."""
    text = article.text
    doc = article.doc
    found: list[Amount] = []
    taken: list[tuple[int, int]] = []

    def add(
        start: int, end: int, anchor: int, low: float | None, high: float | None, written: str, hedge: str | None
    ) -> None:
        if any(start < e and s < end for s, e in taken):
            return
        canonical, factor = canonical_unit(written)
        low_c = None if low is None else low * factor
        high_c = None if high is None else high * factor
        attribute = _attribute(article, start, end, anchor, canonical)
        taken.append((start, end))
        found.append(Amount(Span(start, end, "quantity"), low_c, high_c, canonical, written, hedge, attribute))

    for match in CLOCK_SPAN.finditer(text):
        hours = clock_difference(match["t1"], match["t2"])
        if hours is None:
            continue
        # Clock times in reports are rounded, so a span between two of them is read like "about".
        low, high = interval(hours, 1.0, "about")
        hedge = "about" if match["h1"] or match["h2"] else None
        add(match.start(), match.end(), match.start(), low, high, "hour", hedge)

    for match in DURATION.finditer(text):
        if _just_before(_REPEATS, text, match.start()):
            continue
        # "for three weeks after the crack was found" is a length all the same.
        if _NOT_A_LENGTH.match(text, match.end()) and not (match["long"] or _just_before(_FOR, text, match.start())):
            continue
        if text[match.start() - 8 : match.start()].lower().strip().endswith("degrees"):
            continue
        unit = unit_name(match["unit"])
        if unit == "m" and match["num"].isalpha():
            continue  # "a m..." is not metres
        parsed = duration_value(match)
        if parsed is None:
            continue
        value, step = parsed
        hedge = match["hedge"] or match["post"]
        if match["low"]:
            low_number = parse_number(match["low"])
            if low_number is None or low_number[0] >= value:
                continue
            low, high = low_number[0], value
        else:
            low, high = interval(value, step, hedge)
        add(match.start(), match.end(), match.start("unit"), low, high, unit, normal_hedge(hedge))

    for match in VAGUE.finditer(text):
        if _NOT_A_LENGTH.match(text, match.end()) or _just_before(_REPEATS, text, match.start()):
            continue
        unit = unit_name(match["unit"])
        low, high = VAGUE_RANGES[" ".join(match["word"].lower().split())]
        # "a couple of hours" hangs on "couple"; "a few hours" on "hours".
        word = match["word"].lower()
        anchor = match.start("word") + word.find("couple") if "couple" in word else match.start("unit")
        add(match.start(), match.end(), anchor, low, high, unit, None)

    for match in PERCENT.finditer(text):
        parsed = parse_number(match["num"])
        if parsed is not None:
            hedge = match["hedge"] or match["post"]
            low, high = interval(*parsed, hedge)
            add(match.start(), match.end(), match.start("unit"), low, high, "percent", normal_hedge(hedge))

    if doc is not None:
        for start, end, value, step, hedge, thing in _counts(article):
            low, high = interval(value, step, hedge, count=True)
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            found.append(Amount(Span(start, end, "quantity"), low, high, "count", "count", normal_hedge(hedge), thing))

    found.sort(key=lambda a: (a.span.start, a.span.end))
    return found


def _just_before(pattern: re.Pattern[str], text: str, start: int) -> bool:
    """Whether `pattern` (anchored with \\Z) matches the few characters before `start`."""
    return pattern.search(text, max(0, start - 12), start) is not None


# --- what an amount measures ------------------------------------------------------------------------

# Names of one conversation: in a story about a call, these all measure the same thing.
_CALL_NOUNS = frozenset({"call", "conversation", "phonecall", "chat", "phone", "telephone"})
# Meetings of any kind: "talks" and "discussions" are the call only in an article about a call.
_TALK_NOUNS = frozenset({"talk", "talks", "discussion", "negotiation", "dialogue", "exchange"})
_TALK_VERBS = frozenset({"speak", "talk", "chat", "confer", "converse", "discuss"})
_TALK_FORMS = frozenset(
    {"speak", "spoke", "spoken", "speaks", "talk", "talked", "talks", "discuss", "discussed", "discusses", "chatted"}
)
_NOUN_SYNONYMS = {"cease-fire": "ceasefire", "truce": "ceasefire", "armistice": "ceasefire"}
# Verbs whose subject is what the duration measures: "the call lasted two hours".
_LAST_VERBS = frozenset({"last", "run", "stretch", "continue", "go", "be", "take", "drag"})
# Words for being closed: "stay closed for three weeks", "shut for a week", "closed the road for a day"
# all give the length of a closure, as "the closure will last three weeks" does.
_CLOSE_WORDS = frozenset({"close", "closed", "shut"})
_STATE_VERBS = frozenset({"stay", "remain", "be", "keep"})
# Verbs and adjectives that pass their subject on to the verb after "to": "the closure is expected
# to last", "the talks are likely to run".
_RAISING_WORDS = frozenset(
    {"expect", "set", "due", "schedule", "likely", "unlikely", "predict", "forecast", "project", "seem", "appear"}
    | {"estimate", "anticipate", "slate", "go", "bound", "plan", "supposed"}
)
_RAISING_ADJECTIVES = frozenset({"likely", "unlikely", "due", "bound", "supposed"})
# Nouns a duration passes through to reach what it measures: "in effect for 30 days".
_PASS_THROUGH = frozenset({"effect", "place", "force", "operation"})
# Happenings a story usually has one of, whose length outlets report: a duration attached to
# another noun ("a three-year deal", "a 20-year veteran") is too often of a different one per article.
_EVENT_NOUNS = frozenset(
    {
        "call", "ceasefire", "halt", "pause", "meeting", "summit", "session", "speech", "address", "interview",
        "hearing", "trial", "strike", "standoff", "siege", "blackout", "outage", "closure", "shutdown", "lockdown",
        "curfew", "search", "chase", "pursuit", "flight", "delay", "tremor", "quake", "earthquake", "shaking",
        "eruption", "storm", "blaze", "fire", "battle", "fight", "bout", "surgery", "operation", "visit", "ban",
        "suspension", "detention", "debate", "broadcast", "performance", "concert", "ceremony", "show",
    }
)  # fmt: skip
_GENERIC_NOUNS = frozenset({"it", "that", "this", "which", "what", "thing", "time", "period", "total", "one"})


def _attribute(article: Article, start: int, end: int, anchor_at: int, unit: str) -> tuple[str, str] | None:
    """What a duration, length or percentage measures, from the dependency parse; None when unclear."""
    doc = article.doc
    if doc is None:
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    measure = {"hour": "duration", "metre": "length", "percent": "share"}.get(unit, unit)
    anchors = [t for t in span if t.idx <= anchor_at < t.idx + len(t.text)]
    anchor = anchors[0] if anchors else span.root
    thing = _thing_of_measure(article, anchor, span)
    return (thing, measure) if thing else None


def _thing_of_measure(article: Article, token: Any, span: Any) -> str | None:
    in_span = {t.i for t in span}
    # "stay closed for three weeks after ...": the parser may hang the amount on the clause after
    # it, but the "for" right before it still says what it measures.
    before = span.doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.lower_ == "for" and before.dep_ == "prep" and _closed(before.head):
        return "closure"
    # "a two-hour call", "a 30-day ceasefire", "hour-long call"
    adjectival = token.dep_ in {"compound", "amod", "nmod", "nummod"} and token.head.pos_ in {"NOUN", "PROPN"}
    if adjectival and token.head.i not in in_span:
        return _noun_thing(article, token.head)
    if token.dep_ == "npadvmod" and token.head.lower_ == "long":
        long = token.head
        if long.dep_ == "amod" and long.head.pos_ == "NOUN":
            return _noun_thing(article, long.head)
        return _verb_thing(article, long.head, None)
    # "two hours of talks", but not "the last twenty minutes of his broadcast" (a part of it)
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects and objects[0].i in in_span:
                break  # "a couple of hours": the unit itself
            if not objects or any(c.dep_ in {"det", "poss", "amod"} for c in token.children):
                return None
            if any(c.dep_ in {"det", "poss"} for c in objects[0].children):
                return None
            return _noun_thing(article, objects[0])
    head = token.head
    if token.dep_ == "pobj":
        preposition = head
        if preposition.lower_ in _OFFSET_PREPOSITIONS:
            return None
        head = preposition.head
        if preposition.lower_ == "for" and _closed(head):
            return "closure"
        if head.pos_ == "NOUN" and head.lower_ in _PASS_THROUGH:
            head = head.head.head if head.dep_ == "pobj" else head.head
    elif token.dep_ in {"advcl", "conj", "ROOT"} and token.pos_ == "VERB":
        head = token  # "beginning at 10 am and concluding at noon"
    elif token.dep_ == "prep" and token.i in in_span:
        head = token.head  # "from 10 am to noon"
    elif token.dep_ not in {"dobj", "npadvmod", "obl", "attr", "advmod", "nsubj"} and token.i not in in_span:
        return None
    if head.pos_ in {"VERB", "AUX"}:
        return _verb_thing(article, head, token)
    if head.pos_ in {"NOUN", "PROPN"} and head.i not in in_span:
        thing = _noun_thing(article, head) if head.lemma_.lower() in _CALL_NOUNS | _TALK_NOUNS else None
        return thing or _talk_before(token)
    return None


def _verb_thing(article: Article, verb: Any, token: Any) -> str | None:
    """What a verb's duration measures: the call for "spoke", the subject for "lasted", else nothing."""
    lemma = verb.lemma_.lower()
    # "the closure is expected to last three weeks": the subject of "expected" is what lasts.
    if lemma in _LAST_VERBS and verb.dep_ == "xcomp" and not _subjects(verb):
        raising = verb.head.head if verb.head.lemma_.lower() in _RAISING_ADJECTIVES else verb.head
        if verb.head.lemma_.lower() in _RAISING_WORDS and _subjects(raising):
            return _noun_thing(article, _subjects(raising)[0], any_noun=lemma != "be")
    # "spoke ... for two hours, beginning at 10 am and concluding at noon": climb out of participles.
    while verb.dep_ in {"advcl", "conj", "xcomp"} and lemma in {"begin", "start", "end", "conclude", "finish"}:
        verb = verb.head
        lemma = verb.lemma_.lower()
    if lemma in _TALK_VERBS:
        return "call"
    if lemma in _LAST_VERBS:
        if verb.dep_ in {"acl", "relcl"} and verb.head.pos_ == "NOUN":
            return _noun_thing(article, verb.head)
        subjects = _subjects(verb)
        if subjects and (token is None or subjects[0].i != token.i):
            # Whatever "lasted" two hours is an event, whether or not it is a known event noun.
            return _noun_thing(article, subjects[0], any_noun=lemma != "be")
    return None


def _subjects(verb: Any) -> list[Any]:
    return [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]


def _closed(word: Any) -> bool:
    """Whether a word says something is closed: "closed", "shut (down)", or "stay/remain/be closed"."""
    if word.lemma_.lower() in _CLOSE_WORDS or word.lower_ in _CLOSE_WORDS:
        return word.pos_ in {"VERB", "ADJ"}
    if word.lemma_.lower() in _STATE_VERBS:
        return any(c.dep_ in {"acomp", "oprd", "xcomp"} and c.lower_ in _CLOSE_WORDS for c in word.children)
    return False


def _talk_before(token: Any) -> str | None:
    """Headline fallback: "Leaders Discuss Crisis for Over 90 Minutes" parses badly, so look left for the talk verb."""
    for left in reversed(list(token.sent[: token.i - token.sent.start])):
        if left.lower_ in _TALK_FORMS:
            return "call"
        if left.pos_ == "VERB" or left.lower_ in {",", ";", ":"}:
            return None
    return None


def _noun_thing(article: Article, noun: Any, *, any_noun: bool = False) -> str | None:
    """The thing a noun names, as a group key: synonyms of the call are "call"; only event nouns unless `any_noun`."""
    thing = _noun_key(article, noun)
    return thing if thing and (any_noun or thing in _EVENT_NOUNS) else None


def _noun_key(article: Article, noun: Any) -> str | None:
    lemma: str = noun.lemma_.lower()
    if noun.pos_ == "PRON" or lemma in _GENERIC_NOUNS:
        return None
    compounds = [c.lemma_.lower() for c in noun.children if c.dep_ == "compound"]
    for word in [lemma, *compounds]:
        if word in _NOUN_SYNONYMS:
            return _NOUN_SYNONYMS[word]
        if word == "ceasefire":
            return "ceasefire"
    if lemma in _CALL_NOUNS:
        return "call"
    if lemma in _TALK_NOUNS:
        # Only bare talks in an article about a call are that call; "peace talks" are something else.
        modified = [c for c in noun.children if c.dep_ in {"compound", "amod", "nmod"} and c.lower_ not in {"phone"}]
        return "call" if not modified and _about_a_call(article) else None
    return lemma


def _about_a_call(article: Article) -> bool:
    """Whether an article is about one conversation: its title or opening names a call."""
    opening = " ".join([article.title or "", *(article.span_text(s) for s in article.sentences[:3])]).lower()
    return bool(re.search(r"\b(?:phone|telephone|call|conversation)\b", opening))


# --- counts -----------------------------------------------------------------------------------------

_COUNT_ENTITY_TYPES = frozenset({"", "CARDINAL", "QUANTITY"})
# Nouns that are units, times or parts of names rather than things counted.
_NOT_COUNTED = frozenset(
    {"am", "pm", "percent", "%", "point", "time", "times", "th", "st", "nd", "rd", "o'clock", "number", "dozen"}
    | {"degree", "magnitude", "dollar", "cent", "pound", "euro", "yen", "grade", "page", "inning", "mph", "kg"}
    | set(DURATION_UNITS)
    | set(LENGTH_UNITS)
)
_COUNT_HEDGE = re.compile(rf"(?:^|\s)(?P<hedge>{HEDGE})\s*$", re.IGNORECASE)
# Roles that make people counted by a verb the same set: killed and dead, injured and wounded.
_ROLES = {
    "kill": "killed", "die": "killed", "dead": "killed", "death": "killed", "perish": "killed",
    "injure": "injured", "wound": "injured", "hurt": "injured", "injured": "injured",
    "arrest": "arrested", "detain": "arrested", "evacuate": "evacuated", "rescue": "rescued", "free": "freed",
    "release": "released", "exchange": "exchanged", "swap": "exchanged", "deploy": "deployed", "send": "sent",
}  # fmt: skip
_DEAD_WORDS = frozenset({"dead", "killed", "injured", "wounded", "missing", "hurt"})


def _counts(article: Article) -> list[tuple[int, int, float, float, str | None, tuple[str, str] | None]]:
    """Counts of things: "198 Ukrainian prisoners", "at least 12 dead"; (start, end, value, step, hedge, attribute)."""
    doc = article.doc
    found = []
    for token in doc:
        if not (token.like_num or token.lower_ in ONES or token.lower_ in TENS):
            continue
        if token.ent_type_ not in _COUNT_ENTITY_TYPES or (token.dep_ == "compound" and token.head.like_num):
            continue  # a date, time, money or part of a larger number ("1.5 million": its head is read)
        first = token
        while first.i > 0 and first.nbor(-1).like_num and first.nbor(-1).dep_ in {"compound", "quantmod", "nummod"}:
            first = first.nbor(-1)
        if not _plain_count(first, token):
            continue
        number_text = article.text[first.idx : token.idx + len(token.text)]
        parsed = parse_number(number_text)
        if parsed is None or parsed[0] != int(parsed[0]) or re.fullmatch(r"(?:1[5-9]|20)\d\d", number_text):
            continue  # fractions are magnitudes or scores; years are dates
        if token.dep_ == "nummod" and token.head.pos_ in {"NOUN", "PROPN"} and token.head.i > token.i:
            noun = token.head
            if noun.lemma_.lower() in _NOT_COUNTED or noun.lower_ in _NOT_COUNTED or noun.ent_type_ in {"ORG", "GPE"}:
                continue
            attribute = _count_attribute(noun)
            end = noun.idx + len(noun.text)
        elif token.i + 1 < len(doc) and doc[token.i + 1].lower_ in _DEAD_WORDS:
            word = doc[token.i + 1]
            attribute = (f"people {_ROLES.get(word.lemma_.lower(), word.lower_)}", "count")
            end = word.idx + len(word.text)
        else:
            continue
        before = _COUNT_HEDGE.search(article.text[max(0, first.idx - 30) : first.idx])
        hedge = before["hedge"] if before else None
        start = first.idx - len(before[0].lstrip()) if before else first.idx
        found.append((start, end, parsed[0], parsed[1], hedge, attribute))
    return found


def _plain_count(first: Any, last: Any) -> bool:
    """Whether number tokens read as a count, not a score ("38-44"), a broken "1, 000", or "another 20"."""
    doc = first.doc
    if last.text.startswith("0") and last.text != "0":
        return False
    before = doc[first.i - 1] if first.i > 0 else None
    after = doc[last.i + 1] if last.i + 1 < len(doc) else None
    if before is not None and (before.lower_ in {"another", "additional", "other", "further"} or before.text in "-–,"):
        return False
    return not (
        after is not None
        and after.text in {"-", "–", ",", "."}
        and after.i + 1 < len(doc)
        and doc[after.i + 1].like_num
    )


_NOT_RESTRICTING = frozenset({"including", "such", "like", "among"})
_REFERRING = frozenset({"the", "these", "those", "both", "all", "each", "every"})


def _count_attribute(noun: Any) -> tuple[str, str] | None:
    """What a count counts: the noun with its modifiers and, for people, the role the verb gives them.

    Differently modified nouns are different sets ("23 injured prisoners" are not "198 prisoners"),
    and a count inside "including ..." or "of ..." is a part of another set, so both stay apart.
    """
    if noun.head.lower_ in {"including", "of", "among", "except", "besides"}:
        return None
    # "the two leaders" names people already known; it does not report how many there were.
    if any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in _REFERRING) for c in noun.children):
        return None
    modifiers = []
    for child in noun.children:
        if child.dep_ in {"amod", "compound", "nmod"} and child.i < noun.i:
            modifiers.append((child.i, child.text if child.pos_ == "PROPN" or child.ent_type_ else child.lower_))
            modifiers.extend((c.i, c.lower_) for c in child.children if c.dep_ == "advmod")
        elif child.dep_ in {"relcl", "acl"} or (child.dep_ == "prep" and child.lower_ not in _NOT_RESTRICTING):
            return None  # "prisoners who were injured", "prisoners of war": a restricted set, too easy to misgroup
    thing = " ".join([*(word for _, word in sorted(modifiers)), _plural(noun.lemma_.lower())])
    verb = noun.head
    while verb.dep_ in {"prep", "pobj", "conj", "appos"} and verb.head.i != verb.i and verb.pos_ not in {"VERB"}:
        verb = verb.head
    role = _ROLES.get(verb.lemma_.lower()) if verb.pos_ in {"VERB", "AUX", "ADJ"} else None
    # Without a role ("killed", "released") a count is too often of a different set in each
    # article ("five rounds", "one woman"): it is kept as found but never compared.
    return (f"{thing} {role}", "count") if role else None


# --- disagreements ------------------------------------------------------------------------------------


def quantity_disagreements(articles: Sequence[Article]) -> list[Disagreement]:
    """One `quantity` disagreement per thing measured to which independent articles give different values."""
    by_id = {a.id: a for a in articles}
    groups: dict[tuple[str, str, str], list[tuple[int, Article, Amount]]] = defaultdict(list)
    for position, article in enumerate(articles):
        for amount in find_quantities(article):
            if amount.attribute is not None:
                groups[(*amount.attribute, amount.unit)].append((position, article, amount))
    found: list[tuple[tuple[int, int, int], Disagreement]] = []
    for key, members in sorted(groups.items()):
        disagreement = _disagreement(key, members, by_id)
        if disagreement is not None:
            sources = len({origin(by_id, a.id) for _, a, _ in members})
            first = min((p, m.span.start) for p, _, m in members)
            found.append(((-sources, *first), disagreement))
    found.sort(key=lambda item: item[0])
    return [d for _, d in found]


def _disagreement(
    key: tuple[str, str, str], members: list[tuple[int, Article, Amount]], by_id: dict[str, Article]
) -> Disagreement | None:
    thing, measure, unit = key
    # An article that contradicts itself about "the same thing" shows the grouping is wrong: say nothing.
    for article_id in {a.id for _, a, _ in members}:
        own = [m for _, a, m in members if a.id == article_id]
        if not _compatible([(m.low, m.high) for m in own]):
            return None
    if measure == "count" and _spread([m for _, _, m in members]) > _MAX_COUNT_RATIO:
        return None
    values = {(origin(by_id, a.id), m.low, m.high) for _, a, m in members}
    if not any(o1 != o2 and (l1, h1) != (l2, h2) for o1, l1, h1 in values for o2, l2, h2 in values):
        return None
    display, factor = display_unit(
        unit, [m.written_unit for _, _, m in members], [(m.low, m.high) for _, _, m in members]
    )
    versions: dict[tuple[str, float | None, float | None], tuple[str, list[str], list[Evidence]]] = {}
    for _, article, amount in sorted(members, key=lambda m: (m[0], m[2].span.start)):
        wording = article.span_text(amount.span)
        entry = versions.setdefault((" ".join(wording.lower().split()), amount.low, amount.high), (wording, [], []))
        if article.id not in entry[1]:
            entry[1].append(article.id)
        proof = evidence(article, amount.span)
        if proof not in entry[2]:
            entry[2].append(proof)
    ordered = sorted(versions.items(), key=lambda v: (_low(v[0][1]), _high(v[0][2]), v[0][0]))
    report_versions = [
        Version(
            value=wording,
            normalized=QuantityRange(min=in_display_unit(low, factor), max=in_display_unit(high, factor), unit=display),
            articles=ids,
            evidence=proofs,
        )
        for (_, low, high), (wording, ids, proofs) in ordered
    ]
    bounds = [(low, high) for (_, low, high), _ in ordered]
    compatible = _compatible(bounds)
    topic = _topic(thing, measure)
    first, last = report_versions[0].value, report_versions[-1].value
    spread = f"The articles give the {topic} as anything from '{first}' to '{last}'"
    if compatible:
        note = f"{spread}; all of these can be true at once."
    else:
        lowest_high = min(range(len(bounds)), key=lambda i: (_high(bounds[i][1]), i))
        highest_low = max(range(len(bounds)), key=lambda i: (_low(bounds[i][0]), -i))
        note = (
            f"{spread}; '{report_versions[lowest_high].value}' and "
            f"'{report_versions[highest_low].value}' cannot both be true."
        )
    identity = [f"{w}|{low}|{high}" for (w, low, high), _ in ordered]
    return Disagreement(
        id=stable_id("disagreement", "quantity", thing, measure, unit, *identity),
        kind="quantity",
        topic=topic,
        versions=report_versions,
        compatible=compatible,
        note=note,
    )


# Reports of one toll differ by a factor of two or so ("12 injured", "18 injured"); "one person
# arrested" against "46 arrested" is one night against the whole week: different sets.
_MAX_COUNT_RATIO = 3.0


def _spread(amounts: Sequence[Amount]) -> float:
    """How many times the largest stated value is the smallest."""
    points = [a.low if a.low is not None else a.high for a in amounts]
    values = [p for p in points if p is not None and p > 0]
    return max(values) / min(values) if values else 1.0


def _compatible(bounds: Sequence[tuple[float | None, float | None]]) -> bool:
    """Whether all intervals share a point (closed ends, so touching intervals are compatible)."""
    highest_low = max(_low(low) for low, _ in bounds)
    lowest_high = min(_high(high) for _, high in bounds)
    return highest_low <= lowest_high + 1e-9


def _low(value: float | None) -> float:
    return float("-inf") if value is None else value


def _high(value: float | None) -> float:
    return float("inf") if value is None else value


def _plural(noun: str) -> str:
    if noun in {"person", "people"}:
        return "people"
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun if noun.endswith("s") and not noun.endswith("ss") else noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in set("aeiou"):
        return noun[:-1] + "ies"
    return noun + "s"


def _topic(thing: str, measure: str) -> str:
    if measure == "count":
        return f"number of {thing}"
    if measure == "duration":
        return f"length of the {thing}"
    if measure == "share":
        return f"percentage of {thing}"
    return f"{measure} of the {thing}"
