"""Scoring reconciled stories against the hand-checked ECB+ gold (`reconcile_gold_dev.json`).

The matching rules are the dataset's own (`../shared/datasets/README.md`), implemented as written:

- A reported **version** matches a gold version when their article sets overlap and they share a
  number, or, where either has no number, when one of the gold wordings (its value, its normalized
  form or a mention) occurs in the reported value as a run of lower-case words.
- A reported **disagreement** matches a gold one of the same story when its versions match at least
  two gold versions. Two *different* reported versions must match two *different* gold versions (a
  maximum one-to-one matching of versions), so one loose version matching both gold ones is not
  enough.
- A gold **fact** is found when a reported fact whose text or one of its evidence sentences matches
  the gold `pattern` (`re.search`, case-sensitive, as the gold's own check) has an article set with
  Jaccard >= 0.75 against the gold set. The patterns were written against the re-spaced text; the
  spaces the re-spacing put after a comma or a dot and around a hyphen are made optional in them,
  so that they also match the text as written (`ingest.tokenised`, which the bench reads ECB+ with).

What the README leaves open, decided here:

- Kind. The rules say nothing about it, so per-kind recall (and precision) requires the reported
  kind to equal the gold kind; a second matching that ignores kind gives the "any kind" figure, and
  an unmatched disagreement that matches a gold one of another kind says so when listed.
- One to one. Each gold item is matched at most once and each reported item matches at most one
  gold item: greedily, best pair first. Disagreements rank by matched versions, then by the Jaccard
  of the two disagreements' article sets; facts by Jaccard; ties go to the earlier gold item, then
  the earlier reported one.
- Numbers are read from a reported version's `value` (its `normalized` interval is the pipeline's
  reading, not the outlet's words), and from every gold wording. A date version's `normalized` ISO
  date is the one exception: it is read as words ("2008-12-12" as "Friday 12 December 2008"),
  because a weekday ("on Friday") carries no number of its own and the gold gives the day it
  means ("Friday 12 December"). So is an exact quantity's `normalized` value ({"min": 2, "max": 2}
  reads as 2): a count written in words the scorer does not read as a number ("a pair") states it.
  "once", "twice" and "thrice" are read as 1, 2 and 3. The ECB+ re-spacing is
  undone first (`6. 1` -> 6.1, `2, 000` -> 2000, `32-year - old` -> 32-year-old); the decimal repair
  needs one to three digits before the dot, so a year ending a sentence stays a year. Digits with
  thousands commas and decimals; a scale word after them (`143 billion`, `$143-billion`); spelled
  numbers from zero to the billions (`three`, `twenty-five`, `a dozen`, `two hundred`); clock times
  as one figure (`3:10` is not 3 and 10; `10:00` is 10). Signs are ignored (a hyphen and a minus
  cannot be told apart in this text); ordinals (`a third`), vague plurals (`dozens`) and `half` are
  no number.

A raised disagreement that matches no gold one is listed for a person to judge. Their verdicts
live in `bench/reconcile_verdicts.json` under a key made of the story, the kind and the sorted
normalised version values, so it survives reruns and code changes that do not change the values.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, get_args

from newsfuse.report import Disagreement, Fact, Story, Version

ECBPLUS = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets" / "ecbplus"
GOLD_PATH = ECBPLUS / "reconcile_gold_dev.json"
VERDICTS_PATH = Path(__file__).resolve().parent / "reconcile_verdicts.json"
Kind = Literal["quantity", "date", "name_spelling", "quote_wording", "attribution", "claim"]
KINDS: tuple[Kind, ...] = get_args(Kind)
FACT_JACCARD = 0.75


# --- The gold ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldVersion:
    value: str
    normalized: str | None
    articles: frozenset[str]
    mentions: dict[str, str]
    evidence: dict[str, str]

    @property
    def wordings(self) -> list[str]:
        """Every way the gold words this version: value, normalized form, each article's mention."""
        return [self.value, *([self.normalized] if self.normalized else []), *self.mentions.values()]


@dataclass(frozen=True, slots=True)
class GoldDisagreement:
    story: str
    kind: str
    topic: str
    versions: tuple[GoldVersion, ...]
    update: bool
    note: str


@dataclass(frozen=True, slots=True)
class GoldFact:
    story: str
    fact: str
    pattern: str
    articles: frozenset[str]


@dataclass(frozen=True, slots=True)
class GoldStory:
    id: str
    articles: tuple[str, ...]
    disagreements: tuple[GoldDisagreement, ...]
    facts: tuple[GoldFact, ...]


def _kind(kind: str, story_id: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"{story_id}: unknown disagreement kind {kind!r}; kinds are {', '.join(KINDS)}")
    return kind


def gold_from_json(data: dict[str, Any]) -> dict[str, GoldStory]:
    """The gold stories of a `reconcile_gold_dev.json` object, in file order."""
    stories = {}
    for story_id, story in data["stories"].items():
        disagreements = tuple(
            GoldDisagreement(
                story=story_id,
                kind=_kind(entry["kind"], story_id),
                topic=entry["topic"],
                versions=tuple(
                    GoldVersion(
                        value=version["value"],
                        normalized=version.get("normalized"),
                        articles=frozenset(version["articles"]),
                        mentions=dict(version.get("mentions", {})),
                        evidence=dict(version.get("evidence", {})),
                    )
                    for version in entry["versions"]
                ),
                update=bool(entry.get("update", False)),
                note=entry.get("note", ""),
            )
            for entry in story["disagreements"]
        )
        facts = tuple(
            GoldFact(story_id, entry["fact"], entry["pattern"], frozenset(entry["articles"]))
            for entry in story["facts"]
        )
        stories[story_id] = GoldStory(story_id, tuple(story["articles"]), disagreements, facts)
    return stories


def load_gold(path: Path = GOLD_PATH) -> dict[str, GoldStory]:
    """The hand-checked development gold, story id -> story, in file order."""
    return gold_from_json(json.loads(path.read_text(encoding="utf-8")))


# --- Reading numbers and words -----------------------------------------------------------------

_SPACED_DECIMAL = re.compile(r"(?<![\d.,])(\d{1,3})\. (?=\d)")
_SPACED_THOUSANDS = re.compile(r"(\d), (?=\d{3}(?!\d))")
_SPACED_HYPHEN = re.compile(r"(?<=\w) - (?=\w)|(?<=\w)- (?=\w)|(?<=\w) -(?=\w)")

_SMALL_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen"
)
_TENS_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety"
_SMALL = {word: n for n, word in enumerate(_SMALL_WORDS.split())}
_TENS = {word: 10 * n for n, word in enumerate(_TENS_WORDS.split(), 2)}
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12, "bn": 10**9}
_NUMBER_WORD = "|".join([*_SMALL, *_TENS, "hundred", "dozen", "thousand", "million", "billion", "trillion"])
_FIGURE = re.compile(
    r"(?P<clock>\b\d{1,2}:\d{2}\b)"
    r"|(?P<digits>\d+(?:,\d{3})*(?:\.\d+)?)(?:\s*-?\s*(?P<scale>thousand|million|billion|trillion|bn)\b)?"
    rf"|(?P<words>\b(?:a\s+(?=(?:hundred|dozen|thousand|million|billion)\b))?(?:{_NUMBER_WORD})"
    rf"(?:(?:\s+and\s+|\s*-\s*|\s+)(?:{_NUMBER_WORD}))*\b)",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")


def unspace(text: str) -> str:
    """Undo the ECB+ re-spacing around punctuation: `6. 1` -> `6.1`, `2, 000` -> `2,000`, `year - old`."""
    text = _SPACED_DECIMAL.sub(r"\1.", text)
    text = _SPACED_THOUSANDS.sub(r"\1,", text)
    return _SPACED_HYPHEN.sub("-", text)


def _canonical(number: Decimal) -> str:
    return format(abs(number).normalize(), "f")


def _spelled(words: str) -> int:
    """The value of a run of number words: "two hundred and fifty" -> 250, "a dozen" -> 12."""
    total = current = 0
    for word in _WORD.findall(words.lower()):
        if word in _SMALL or word in _TENS:
            current += _SMALL.get(word, 0) + _TENS.get(word, 0)
        elif word == "hundred":
            current = (current or 1) * 100
        elif word == "dozen":
            current = (current or 1) * 12
        elif word in _SCALES:
            total += (current or 1) * _SCALES[word]
            current = 0
    return total + current


def numbers(text: str) -> frozenset[str]:
    """The figures a person reads in `text`, as canonical strings ("6.1", "2000", "3:10", "12")."""
    found = set()
    for match in _FIGURE.finditer(unspace(text)):
        if match["clock"]:
            hours, minutes = match["clock"].split(":")
            found.add(str(int(hours)) if minutes == "00" else f"{int(hours)}:{minutes}")
        elif match["digits"]:
            number = Decimal(match["digits"].replace(",", ""))
            if match["scale"]:
                number *= _SCALES[match["scale"].lower()]
            found.add(_canonical(number))
        else:
            found.add(str(_spelled(match["words"])))
    found.update(str(_TIMES[word]) for word in _WORD.findall(text.lower()) if word in _TIMES)
    return frozenset(found)


# How many times, in a word: "married twice" reads as 2.
_TIMES = {"once": 1, "twice": 2, "thrice": 3}


def words(text: str) -> tuple[str, ...]:
    """The lower-case words of `text`; re-spacing and punctuation make no difference."""
    return tuple(_WORD.findall(text.lower()))


def _occurs(needle: tuple[str, ...], haystack: tuple[str, ...]) -> bool:
    size = len(needle)
    return size > 0 and any(haystack[i : i + size] == needle for i in range(len(haystack) - size + 1))


# --- Matching ----------------------------------------------------------------------------------


def version_matches(reported: Version, gold: GoldVersion) -> bool:
    """Whether a reported version is the gold version: shared articles and a shared number or wording."""
    if not set(reported.articles) & gold.articles:
        return False
    readings = [reported.value, *_date_words(reported.normalized), *_exact_value(reported.normalized)]
    reported_numbers = frozenset().union(*(numbers(reading) for reading in readings))
    gold_numbers = frozenset().union(*(numbers(wording) for wording in gold.wordings))
    if reported_numbers and gold_numbers:
        return bool(reported_numbers & gold_numbers)
    return any(_occurs(words(wording), words(reading)) for wording in gold.wordings for reading in readings)


def _exact_value(normalized: object) -> list[str]:
    """An exact quantity's value as a figure ({"min": 2, "max": 2} -> "2"): what "twice" or "a
    pair" states; a hedged or rounded range states no figure of its own."""
    low, high = getattr(normalized, "min", None), getattr(normalized, "max", None)
    if low is None or low != high:
        return []
    return [_canonical(Decimal(repr(low)))]


def _date_words(normalized: object) -> list[str]:
    """An ISO date as a person writes it: "2008-12-12" -> "Friday 12 December 2008"; else nothing."""
    import datetime as dt

    if not isinstance(normalized, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", normalized):
        return []
    day = dt.date.fromisoformat(normalized)
    return [f"{day:%A} {day.day} {day:%B} {day.year}"]


def matched_versions(reported: Disagreement, gold: GoldDisagreement) -> int:
    """The most gold versions that distinct reported versions match, one to one."""
    options = [
        [g for g, gold_version in enumerate(gold.versions) if version_matches(version, gold_version)]
        for version in reported.versions
    ]
    holder: dict[int, int] = {}  # gold version -> the reported version matched to it

    def assign(r: int, seen: set[int]) -> bool:
        for g in options[r]:
            if g not in seen:
                seen.add(g)
                if g not in holder or assign(holder[g], seen):
                    holder[g] = r
                    return True
        return False

    return sum(assign(r, set()) for r in range(len(options)))


def jaccard(one: Iterable[str], other: Iterable[str]) -> float:
    """|A ∩ B| / |A ∪ B| of two article sets (0 when both are empty)."""
    one, other = set(one), set(other)
    union = one | other
    return len(one & other) / len(union) if union else 0.0


def _articles(item: Disagreement | GoldDisagreement) -> set[str]:
    return {article for version in item.versions for article in version.articles}


def fact_matches(reported: Fact, gold: GoldFact) -> bool:
    """Whether a reported fact is the gold fact: its pattern in the text or evidence, Jaccard >= 0.75."""
    pattern = re.compile(_unspaced_pattern(gold.pattern))
    said = [reported.text, *(evidence.sentence for evidence in reported.evidence)]
    return any(pattern.search(text) for text in said) and jaccard(reported.articles, gold.articles) >= FACT_JACCARD


def _unspaced_pattern(pattern: str) -> str:
    """A gold pattern written against the re-spaced text ("1, 300", "1\\. 29", "five - boat") that also
    matches the text as written ("1,300", "1.29", "five-boat"), which `ingest.tokenised` gives."""
    pattern = pattern.replace(" - ", r"\s?-\s?")
    return re.sub(r"(,|\\\.) ", lambda m: m.group(1) + r"\s?", pattern)


def _greedy(candidates: Sequence[tuple[tuple[float, ...], int, int]]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, reported index), best score first, ties to the earlier indexes."""
    taken_gold: set[int] = set()
    taken_reported: set[int] = set()
    pairs = []
    for _, g, r in sorted(candidates, key=lambda c: (tuple(-s for s in c[0]), c[1], c[2])):
        if g not in taken_gold and r not in taken_reported:
            taken_gold.add(g)
            taken_reported.add(r)
            pairs.append((g, r))
    return sorted(pairs)


def match_disagreements(
    reported: Sequence[Disagreement], gold: Sequence[GoldDisagreement], *, same_kind: bool = True
) -> list[tuple[int, int]]:
    """One story's matched (gold index, reported index) disagreement pairs, one to one."""
    candidates = []
    for g, gold_item in enumerate(gold):
        for r, item in enumerate(reported):
            if same_kind and item.kind != gold_item.kind:
                continue
            versions = matched_versions(item, gold_item)
            if versions >= 2:
                candidates.append(((versions, jaccard(_articles(item), _articles(gold_item))), g, r))
    return _greedy(candidates)


def match_facts(reported: Sequence[Fact], gold: Sequence[GoldFact]) -> list[tuple[int, int]]:
    """One story's found (gold index, reported index) fact pairs, one to one."""
    candidates = [
        ((jaccard(item.articles, gold_item.articles),), g, r)
        for g, gold_item in enumerate(gold)
        for r, item in enumerate(reported)
        if fact_matches(item, gold_item)
    ]
    return _greedy(candidates)


# --- Verdicts ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Verdict:
    key: str
    story: str
    kind: str
    verdict: Literal["right", "wrong"]
    why: str
    values: tuple[str, ...] = ()


def verdict_values(disagreement: Disagreement) -> tuple[str, ...]:
    """The sorted, distinct version values as lower-case words: what a verdict key is made of."""
    return tuple(sorted({" ".join(words(version.value)) for version in disagreement.versions}))


def verdict_key(story: str, disagreement: Disagreement) -> str:
    """A key for a raised disagreement that is stable across runs: story, kind and version values."""
    readable = "\n".join([story, disagreement.kind, *verdict_values(disagreement)])
    return hashlib.sha1(readable.encode("utf-8")).hexdigest()[:12]


def load_verdicts(path: Path = VERDICTS_PATH) -> list[Verdict]:
    """A person's verdicts on unmatched raised disagreements (none when the file does not exist)."""
    if not path.exists():
        return []
    verdicts = []
    for entry in json.loads(path.read_text(encoding="utf-8"))["verdicts"]:
        if entry.get("verdict") not in ("right", "wrong"):
            raise ValueError(f"{path}: verdict {entry.get('key')!r} must be 'right' or 'wrong', not {entry!r}")
        verdicts.append(
            Verdict(
                key=entry["key"],
                story=entry["story"],
                kind=entry["kind"],
                verdict=entry["verdict"],
                why=entry.get("why", ""),
                values=tuple(entry.get("values", ())),
            )
        )
    return verdicts


# --- Scores ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DisagreementMatch:
    story: str
    gold: GoldDisagreement
    reported: Disagreement
    versions: int


@dataclass(frozen=True, slots=True)
class FactMatch:
    story: str
    gold: GoldFact
    reported: Fact

    @property
    def exact(self) -> bool:
        """Whether the reported fact names exactly the gold fact's articles."""
        return set(self.reported.articles) == self.gold.articles


@dataclass(frozen=True, slots=True)
class Unmatched:
    """A raised disagreement that matches no gold one of its kind, for a person to judge."""

    key: str
    story: str
    disagreement: Disagreement
    verdict: Verdict | None
    other_kind: GoldDisagreement | None  # the gold disagreement it matches when kind is ignored


@dataclass(frozen=True, slots=True)
class KindFigures:
    gold: int
    matched: int
    raised: int

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


@dataclass(frozen=True)
class Score:
    """Every figure of one scoring run, with the matches behind them."""

    stories: tuple[str, ...]
    kinds: dict[Kind, KindFigures]
    matched_any_kind: int
    matches: list[DisagreementMatch]
    unmatched: list[Unmatched]
    missed: list[GoldDisagreement]
    fact_matches: list[FactMatch]
    facts_missed: list[GoldFact]
    stale: list[Verdict] = field(default_factory=list)

    @property
    def gold_disagreements(self) -> int:
        return sum(figures.gold for figures in self.kinds.values())

    @property
    def raised(self) -> int:
        return sum(figures.raised for figures in self.kinds.values())

    @property
    def recall(self) -> float:
        return _ratio(len(self.matches), self.gold_disagreements)

    @property
    def recall_any_kind(self) -> float:
        return _ratio(self.matched_any_kind, self.gold_disagreements)

    @property
    def gold_facts(self) -> int:
        return len(self.fact_matches) + len(self.facts_missed)

    @property
    def fact_recall(self) -> float:
        return _ratio(len(self.fact_matches), self.gold_facts)

    @property
    def facts_exact(self) -> int:
        return sum(match.exact for match in self.fact_matches)

    @property
    def judged_right(self) -> int:
        return sum(1 for item in self.unmatched if item.verdict and item.verdict.verdict == "right")

    @property
    def judged_wrong(self) -> int:
        return sum(1 for item in self.unmatched if item.verdict and item.verdict.verdict == "wrong")

    @property
    def unjudged(self) -> int:
        return sum(1 for item in self.unmatched if item.verdict is None)

    @property
    def precision_judged(self) -> float:
        """(matched + judged right) over the raised disagreements that are matched or judged."""
        right = len(self.matches) + self.judged_right
        return _ratio(right, right + self.judged_wrong)

    @property
    def precision_pessimistic(self) -> float:
        """(matched + judged right) over every raised disagreement: unjudged ones count as wrong."""
        return _ratio(len(self.matches) + self.judged_right, self.raised)

    def figures(self) -> dict[str, object]:
        """The figures alone, as JSON-ready values."""
        return {
            "stories": len(self.stories),
            "kinds": {
                kind: {"gold": f.gold, "matched": f.matched, "recall": round(f.recall, 4), "raised": f.raised}
                for kind, f in self.kinds.items()
            },
            "gold_disagreements": self.gold_disagreements,
            "matched": len(self.matches),
            "recall": round(self.recall, 4),
            "matched_any_kind": self.matched_any_kind,
            "recall_any_kind": round(self.recall_any_kind, 4),
            "gold_facts": self.gold_facts,
            "facts_found": len(self.fact_matches),
            "facts_exact": self.facts_exact,
            "fact_recall": round(self.fact_recall, 4),
            "raised": self.raised,
            "unmatched": len(self.unmatched),
            "judged_right": self.judged_right,
            "judged_wrong": self.judged_wrong,
            "unjudged": self.unjudged,
            "stale_verdicts": len(self.stale),
            "precision_judged": round(self.precision_judged, 4),
            "precision_pessimistic": round(self.precision_pessimistic, 4),
        }


def score(stories: Sequence[tuple[str, Story]], gold: dict[str, GoldStory], verdicts: Sequence[Verdict] = ()) -> Score:
    """Score reconciled (story id, Story) pairs against the gold of those stories."""
    if unknown := [story_id for story_id, _ in stories if story_id not in gold]:
        raise ValueError(f"no gold for stories {unknown}; gold stories are {list(gold)}")
    by_key = {verdict.key: verdict for verdict in verdicts}
    gold_count: Counter[str] = Counter()
    matched_count: Counter[str] = Counter()
    raised_count: Counter[str] = Counter()
    matched_any_kind = 0
    matches, unmatched, missed, fact_matches, facts_missed = [], [], [], [], []
    for story_id, story in stories:
        expected = gold[story_id]
        reported = story.disagreements
        gold_count.update(gold_item.kind for gold_item in expected.disagreements)
        raised_count.update(item.kind for item in reported)

        pairs = match_disagreements(reported, expected.disagreements)
        for g, r in pairs:
            gold_item, item = expected.disagreements[g], reported[r]
            matched_count[gold_item.kind] += 1
            matches.append(DisagreementMatch(story_id, gold_item, item, matched_versions(item, gold_item)))
        found_gold = {g for g, _ in pairs}
        missed += [gold_item for g, gold_item in enumerate(expected.disagreements) if g not in found_gold]

        any_kind = match_disagreements(reported, expected.disagreements, same_kind=False)
        matched_any_kind += len(any_kind)
        other_kind = {r: expected.disagreements[g] for g, r in any_kind}
        other_kind = {r: gold_item for r, gold_item in other_kind.items() if gold_item.kind != reported[r].kind}
        found_reported = {r for _, r in pairs}
        for r, item in enumerate(reported):
            if r not in found_reported:
                key = verdict_key(story_id, item)
                unmatched.append(Unmatched(key, story_id, item, by_key.get(key), other_kind.get(r)))

        fact_pairs = match_facts(story.facts, expected.facts)
        fact_matches += [FactMatch(story_id, expected.facts[g], story.facts[r]) for g, r in fact_pairs]
        found_facts = {g for g, _ in fact_pairs}
        facts_missed += [fact for g, fact in enumerate(expected.facts) if g not in found_facts]

    scored = {story_id for story_id, _ in stories}
    current = {item.key for item in unmatched}
    stale = [v for v in verdicts if v.story in scored and v.key not in current]
    kinds = {kind: KindFigures(gold_count[kind], matched_count[kind], raised_count[kind]) for kind in KINDS}
    return Score(
        stories=tuple(story_id for story_id, _ in stories),
        kinds=kinds,
        matched_any_kind=matched_any_kind,
        matches=matches,
        unmatched=unmatched,
        missed=missed,
        fact_matches=fact_matches,
        facts_missed=facts_missed,
        stale=stale,
    )
