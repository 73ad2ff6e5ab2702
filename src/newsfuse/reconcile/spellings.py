"""Name spellings: the same name written two ways by different outlets, for every kind of name.

Every name the articles use (people, organisations, places, groups, works) is a form; two forms of
different articles are a candidate pair when they could be one name spelled two ways: all their
words alike but one or two, alike in letters (Jaro-Winkler), in sound (Metaphone) or once written
in ASCII with spaces and particles joined ("Kiev"/"Kyiv", "Gadhafi"/"Qaddafi", "Van der Berg"/
"Vanderberg", "TallGrass"/"Tall Grass"), short names included. A logistic model over the pair's
features, fitted on the development gold's name spellings (`bench/fit_align.py`, kind "name",
shipped in `align.json`), decides; what keeps two people apart is in its features: a first name
that differs while the surname agrees counts for less than a surname that differs by a letter,
an article that uses both forms says they are two names, and so do different title words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import jellyfish
import numpy as np
from anyascii import anyascii
from rapidfuzz.distance import OSA, JaroWinkler
from wordfreq import zipf_frequency

from newsfuse.document import Article, Span
from newsfuse.reconcile.align import AlignModel
from newsfuse.reconcile.entities import EntityIndex, NameMention
from newsfuse.reconcile.evidence import evidence, independent_sources, origin, stable_id
from newsfuse.report import Disagreement, Version

FEATURES = (
    "jaro_winkler",  # of the differing words, as written in ASCII
    "levenshtein",  # normalised edit similarity of the same, a swap of two letters one edit (OSA)
    "sound",  # their Metaphone keys are equal
    "joined",  # equal once spaces, hyphens and case go ("TallGrass" / "Tall Grass")
    "shared_words",  # the share of the forms' words both have
    "first_letter",  # the differing words start alike
    "short",  # the shorter differing word has at most four letters
    "common_words",  # both differing words are everyday English words ("gray"/"grey")
    "both_in_one",  # some article uses both forms
    "minority",  # the rarer form's articles over the commoner's
    "context",  # Jaccard of the words around the two forms' mentions
    "first_name",  # the forms share their last word and differ before it
    "label_same",  # the parser gives both the same entity type
    "roles_differ",  # title words before them differ ("Judge" / "Senator")
    "inflection",  # one is the other with an ending: a plural, a people's name ("Somalia"/"Somali")
    "house_style",  # British and American spellings, or hyphens and case ("Organisation"/"Organization")
    "initials_only",  # they differ only by an initial or a suffix ("Raymond W. Kelly", "LaCalamita III")
    "prefixed",  # one is the other with a particle glued before it ("Calamita"/"LaCalamita", "Gaulle"/"DeGaulle")
    "extended",  # one is the other with two letters or more after it, another word of its root ("Turkmenbashi")
)
# Endings that make another word of the same root: "Iranian"/"Iranians", "Yemen"/"Yemeni".
_ENDINGS = ("s", "es", "n", "an", "ian", "i", "is", "a", "ese", "ish")
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_LETTERS = re.compile(r"[^a-z0-9&]")
_QUOTES = " \"'“”‘’«»"
_CAPITALISED = re.compile(r"(?<![\w.])[A-Z][a-z]{3,}\b")
_LOOKALIKE = 0.88  # a capitalised word this close to a word of a name is a form of a name
_CONTEXT = 5  # words either side of a mention are its context
# Forms this alike in letters (Jaro-Winkler) are worth the model's look; "Dale" and "David" are 0.76.
_CANDIDATE = 0.7


@dataclass(slots=True)
class Form:
    """One written form of a name and where the story uses it."""

    text: str
    words: tuple[str, ...]  # its words, casefolded
    label: str
    mentions: list[NameMention] = field(default_factory=list)

    @property
    def articles(self) -> set[str]:
        return {m.article for m in self.mentions}


def forms_of(index: EntityIndex, articles: Sequence[Article]) -> list[Form]:
    """The story's name forms, each with its mentions, in a stable order; a capitalised word the
    parser took for no name ("Paige", "Teixiera") is one too when it is spelled like a word of a
    name the story uses."""
    forms: dict[str, Form] = {}
    for mention in index.name_mentions():
        text = mention.form.strip(_QUOTES)
        form = forms.get(text)
        if form is None:
            words = tuple(w.casefold() for w in text.split())
            form = forms[text] = Form(text, words, mention.label)
        form.mentions.append(mention)
    for article in articles:  # nationalities and groups ("Somali", "Somani") are names too
        for span in article.entities:
            if span.label == "NORP":
                text = " ".join(article.span_text(span).split())
                form = forms.setdefault(text, Form(text, tuple(w.casefold() for w in text.split()), "NORP"))
                form.mentions.append(NameMention(article.id, span, text, form.words, "NORP", frozenset()))
    known = {word: form.label for form in forms.values() for word in form.words if len(word) >= 4}
    taken = {(m.article, m.span.start) for form in forms.values() for m in form.mentions}
    spans = {(a.id, s.start, s.end) for a in articles for s in a.entities}
    for article in articles:
        for match in _CAPITALISED.finditer(article.text):
            word = match.group(0)
            lower = word.casefold()
            if lower in known or (article.id, match.start()) in taken or _common(lower) or match.start() == 0:
                continue
            if any(a == article.id and s <= match.start() < e for a, s, e in spans):
                continue
            close = [w for w in known if w[:1] == lower[:1] and JaroWinkler.similarity(w, lower) >= _LOOKALIKE]
            if not close:
                continue
            form = forms.setdefault(word, Form(word, (lower,), known[close[0]]))
            form.mentions.append(NameMention(article.id, Span(match.start(), match.end(), form.label), word,
                                             (lower,), form.label, frozenset()))  # fmt: skip
    return [forms[k] for k in sorted(forms)]


def candidate_pairs(forms: Sequence[Form]) -> list[tuple[int, int]]:
    """Pairs of forms that could be one name spelled two ways (see the module's docstring)."""
    pairs = []
    for i, a in enumerate(forms):
        for j in range(i + 1, len(forms)):
            b = forms[j]
            if a.articles == b.articles and len(a.articles) == 1:
                continue  # one article's own two forms: no outlet against another
            if _could_be(a, b):
                pairs.append((i, j))
    return pairs


def _could_be(a: Form, b: Form) -> bool:
    first, second = _differing(a, b)
    if not first or not second:
        return False
    if _joined(first) == _joined(second):
        return True
    x, y = _ascii(first), _ascii(second)
    return JaroWinkler.similarity(x, y) >= _CANDIDATE or jellyfish.metaphone(x) == jellyfish.metaphone(y)


def _differing(a: Form, b: Form) -> tuple[str, str]:
    """The words two forms differ in, joined: "Betty Mae Page"/"Bettie Mae Page" -> ("betty", "bettie");
    initials and suffixes are left out where the forms differ in length ("Bryant A. Dalton"/"Brian
    Dalton" -> ("bryant", "brian"))."""
    first, second = a.words, b.words
    if len(first) != len(second):
        first, second = _core(first), _core(second)
    if len(first) != len(second):
        return " ".join(a.words), " ".join(b.words)
    left = [x for x, y in zip(first, second, strict=True) if x != y]
    right = [y for x, y in zip(first, second, strict=True) if x != y]
    if len(left) > 2:
        return "", ""
    return " ".join(left), " ".join(right)


def pair_features(a: Form, b: Form, articles: dict[str, Article]) -> list[float]:
    first, second = _differing(a, b)
    x, y = _ascii(first), _ascii(second)
    uses_a, uses_b = len(a.articles), len(b.articles)
    shared = len(set(a.words) & set(b.words)) / max(len(set(a.words) | set(b.words)), 1)
    roles_a = {r for m in a.mentions for r in m.roles}
    roles_b = {r for m in b.mentions for r in m.roles}
    return [
        JaroWinkler.similarity(x, y),
        OSA.normalized_similarity(x, y),
        float(jellyfish.metaphone(x) == jellyfish.metaphone(y)),
        float(_joined(first) == _joined(second)),
        shared,
        float(x[:1] == y[:1]),
        float(min(len(x), len(y)) <= 4),
        float(_common(x) and _common(y)),
        float(bool(a.articles & b.articles)),
        min(uses_a, uses_b) / max(uses_a, uses_b),
        _jaccard(_context(a, articles), _context(b, articles)),
        float(len(a.words) == len(b.words) > 1 and a.words[-1] == b.words[-1]),
        float(a.label == b.label),
        float(bool(roles_a and roles_b and not roles_a & roles_b)),
        float(_inflected(x, y)),
        float(_house_style(first) == _house_style(second)),
        float(_initials_only(a.words, b.words)),
        float(_prefixed(x, y)),
        float(_extended(x, y)),
    ]


def scored_pairs(
    forms: Sequence[Form], articles: dict[str, Article], model: AlignModel
) -> tuple[list[tuple[int, int]], np.ndarray]:
    pairs = candidate_pairs(forms)
    rows = np.array([pair_features(forms[i], forms[j], articles) for i, j in pairs], dtype=np.float64)
    rows = rows.reshape(len(pairs), len(FEATURES))
    return pairs, model.probability(rows[:, model.columns(FEATURES)])


def variant_groups(
    forms: Sequence[Form], pairs: Sequence[tuple[int, int]], probabilities: np.ndarray, threshold: float
) -> tuple[list[list[str]], dict[str, set[str]]]:
    """The ways one name is spelled, as the words the forms differ in ("hefner", "heffner"): the
    pairs at the threshold link them, by complete linkage, so "Dale" never joins "David" through
    "Dave"; "Hugh Hefner"/"Hugh Heffner" and "Hefner"/"Heffner" are one name's spellings. Also
    returns each variant's context: the words its forms shared ("owen" for "jon"/"john"), which
    keep "John McNutt" out of the spellings of Jon Owen's first name."""
    linked: set[tuple[str, str]] = set()
    context: dict[str, set[str]] = {}
    for (i, j), p in zip(pairs, probabilities, strict=True):
        if p >= threshold:
            x, y = _differing(forms[i], forms[j])
            linked.add((min(x, y), max(x, y)))
            shared = set(forms[i].words) & set(forms[j].words)
            for variant in (x, y):
                context.setdefault(variant, set()).update(shared)
    groups: list[list[str]] = []
    for x, y in sorted(linked):
        home = next((g for g in groups if x in g or y in g), None)
        if home is None:
            groups.append([x, y])
            continue
        for newcomer in (x, y):
            if newcomer not in home and all((min(newcomer, k), max(newcomer, k)) in linked for k in home):
                home.append(newcomer)
    return [sorted(g) for g in groups], context


def name_spelling_disagreements(
    articles: Sequence[Article],
    index: EntityIndex,
    model: AlignModel,
    scored: tuple[list[Form], list[tuple[int, int]], np.ndarray] | None = None,
) -> list[Disagreement]:
    """One `name_spelling` disagreement per name independent articles spell differently (`scored`:
    forms, pairs and probabilities already computed, as the fitting bench has them)."""
    if model.threshold is None:
        return []
    by_id = {a.id: a for a in articles}
    if scored is None:
        forms = forms_of(index, articles)
        pairs, probabilities = scored_pairs(forms, by_id, model)
    else:
        forms, pairs, probabilities = scored
    found = []
    position = {a.id: n for n, a in enumerate(articles)}
    groups, context = variant_groups(forms, pairs, probabilities, model.threshold)
    for variants in groups:
        holders = {
            v: [f for f in forms if _holds(f.words, v.split()) and _in_context(f, v, context[v])] for v in variants
        }
        holders = {v: held for v, held in holders.items() if held}  # a variant only its forms' cores write
        if len(holders) < 2:
            continue
        disagreement = _disagreement(holders, by_id, index)
        if disagreement is not None:
            ids = {a for held in holders.values() for f in held for a in f.articles}
            first = min(
                (position[m.article], m.span.start) for held in holders.values() for f in held for m in f.mentions
            )
            found.append(((-independent_sources(ids, by_id), *first), disagreement))
    found.sort(key=lambda item: item[0])
    return [d for _, d in found]


def _in_context(form: Form, variant: str, shared: set[str]) -> bool:
    """Whether a form holding a variant is that name's: it is the variant alone, or has a word the
    variant's pairs shared."""
    return form.words == tuple(variant.split()) or not shared or bool(set(form.words) & shared)


def _holds(words: tuple[str, ...], part: list[str]) -> bool:
    return any(list(words[k : k + len(part)]) == part for k in range(len(words) - len(part) + 1))


def _disagreement(
    holders: dict[str, list[Form]], articles: dict[str, Article], index: EntityIndex
) -> Disagreement | None:
    uses = {v: {a for f in held for a in f.articles} for v, held in holders.items()}
    origins = [{origin(articles, a) for a in used} for used in uses.values()]
    if len(set().union(*origins)) < 2 or all(o == origins[0] for o in origins):
        return None  # one outlet (and its copies) writing a name two ways is a typo, not a disagreement
    position = {article_id: n for n, article_id in enumerate(articles)}
    ordered = sorted(holders, key=lambda v: (-len(uses[v]), v))
    versions, counts = [], []
    for variant in ordered:
        mentions = sorted(
            (m for f in holders[variant] for m in f.mentions), key=lambda m: (position[m.article], m.span.start)
        )
        first: dict[str, Span] = {}
        for mention in mentions:
            first.setdefault(mention.article, mention.span)
        ids = sorted(first, key=lambda a: position[a])
        fullest = max(holders[variant], key=lambda f: (len(f.articles), len(f.words), f.text))
        versions.append(
            Version(
                value=fullest.text,
                normalized=_written(variant, mentions, articles),
                articles=ids,
                evidence=[evidence(articles[a], first[a]) for a in ids],
            )
        )
        counts.append(f"{versions[-1].normalized} ({len(ids)} article{'s' if len(ids) != 1 else ''})")
    main = max(holders[ordered[0]], key=lambda f: (len(f.articles), len(f.words), f.text))
    name = index.canonical(main.text) or main.text
    ways = {2: "two", 3: "three", 4: "four"}.get(len(versions), str(len(versions)))
    listed = ", ".join(counts[:-1]) + f" and {counts[-1]}"
    return Disagreement(
        id=stable_id("name", *ordered),
        kind="name_spelling",
        topic=f"spelling of {name}",
        versions=versions,
        compatible=True,
        note=f"Outlets spell {name} {ways} ways: {listed}.",
    )


def _written(variant: str, mentions: Sequence[NameMention], articles: dict[str, Article]) -> str:
    """A variant as the articles write it ("heffner" -> "Heffner")."""
    pattern = re.compile(r"\b" + r"\s+".join(re.escape(w) for w in variant.split()) + r"\b", re.IGNORECASE)
    for mention in mentions:
        found = pattern.search(articles[mention.article].span_text(mention.span))
        if found:
            return found.group(0)
    return variant


def _inflected(x: str, y: str) -> bool:
    """Whether two words are one root with different endings ("Iranian"/"Iranians", "Somalia"/"Somalis")."""
    stem = 0
    while stem < min(len(x), len(y)) and x[stem] == y[stem]:
        stem += 1
    ends = {x[stem:], y[stem:]}
    return stem >= 3 and ends <= {"", *_ENDINGS} and len(ends) == 2


def _prefixed(x: str, y: str) -> bool:
    """Whether one word is the other with one to three letters before it, the other a name of four
    letters or more: a particle written together ("lacalamita"/"calamita", "degaulle"/"gaulle")."""
    short, long = sorted((x, y), key=len)
    return len(short) >= 4 and 1 <= len(long) - len(short) <= 3 and long.endswith(short)


def _extended(x: str, y: str) -> bool:
    """Whether one word is the other with two letters or more after it ("palmer"/"palmerites",
    "taser"/"tasered"); one letter more is as often a spelling ("zelensky"/"zelenskyy")."""
    short, long = sorted((x, y), key=len)
    return len(short) >= 3 and len(long) >= len(short) + 2 and long.startswith(short)


def _house_style(text: str) -> str:
    """A word as compared across house styles: lower case, no hyphens, American spelling."""
    from newsfuse.reconcile.diff import word_key

    return "".join(word_key(w) for w in re.split(r"[\s-]+", text)).replace("isation", "ization")


def _initials_only(first: tuple[str, ...], second: tuple[str, ...]) -> bool:
    """Whether two forms are the same words once initials and suffixes are left out."""
    return first != second and _core(first) == _core(second)


def _core(words: tuple[str, ...]) -> tuple[str, ...]:
    """A form's words without initials and suffixes ("anthony lacalamita iii" -> "anthony lacalamita")."""
    kept = (w.strip(".,") for w in words)
    return tuple(w for w in kept if len(w.replace(".", "")) > 1 and w not in _SUFFIXES)


@lru_cache(maxsize=8192)
def _ascii(text: str) -> str:
    return _LETTERS.sub("", anyascii(text).casefold())


def _joined(text: str) -> str:
    return _ascii(text)


@lru_cache(maxsize=8192)
def _common(word: str) -> bool:
    return bool(word) and zipf_frequency(word, "en") >= 4.0


def _context(form: Form, articles: dict[str, Article]) -> frozenset[str]:
    words: set[str] = set()
    for mention in form.mentions:
        text = articles[mention.article].text
        before = text[max(0, mention.span.start - 60) : mention.span.start].split()[-_CONTEXT:]
        after = text[mention.span.end : mention.span.end + 60].split()[:_CONTEXT]
        words.update(w.casefold().strip(".,;:'\"“”’") for w in before + after)
    words.discard("")
    return frozenset(words)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


__all__ = ["FEATURES", "Form", "forms_of", "name_spelling_disagreements"]
