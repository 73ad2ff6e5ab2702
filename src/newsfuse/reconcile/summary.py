"""The summary and the neutral headline, built only from what the articles say.

The summary is extractive: each sentence is a fact in the words of one of its sources, chosen to
read well on its own (no quotation marks, no opening "But" or "He", no loaded adjectives), most
corroborated first. A fact whose sentences carry a contested number or date is not stated as
settled: the disagreement is stated instead, with every version and who gives it.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsfuse.document import Article
from newsfuse.reconcile.claims import is_loaded, readability, words
from newsfuse.reconcile.facts import FactGroup
from newsfuse.report import Disagreement, Fact, SummarySentence

MAX_SENTENCES = 8
MAX_WORDS = 200
_QUOTE_MARKS = frozenset('“”"‘')


def summarize(
    facts: Sequence[Fact], groups: dict[str, FactGroup], disagreements: Sequence[Disagreement], sources: int
) -> list[SummarySentence]:
    """At most 8 sentences and 200 words; corroborated facts first, contested ones stated as contested."""
    contested = [d for d in disagreements if not d.compatible and d.kind in {"quantity", "date", "claim"}]
    contested_sentences = {(e.article, e.start) for d in contested for v in d.versions for e in v.evidence}
    candidates: list[tuple[int, int, SummarySentence, set[str]]] = []
    for position, fact in enumerate(facts):
        if fact.independent_sources < min(2, sources):
            continue
        if any((e.article, e.start) in contested_sentences for e in fact.evidence):
            continue
        claim = min(groups[fact.id].claims, key=readability)
        if readability(claim)[0] and fact.independent_sources < 3:
            continue  # a quotation belongs in the quotes, unless it is the story's most repeated line
        candidates.append(
            (
                -fact.independent_sources,
                position,
                SummarySentence(text=claim.text, facts=[fact.id], articles=list(fact.articles)),
                set(words(claim.text)),
            )
        )
    for position, disagreement in enumerate(contested):
        articles = sorted({a for v in disagreement.versions for a in v.articles})
        candidates.append(
            (
                -len(articles),
                -len(contested) + position,  # a contest ranks ahead of facts with as many sources
                SummarySentence(text=disagreement.note, facts=_facts_of(disagreement, facts), articles=articles),
                set(),
            )
        )
    candidates.sort(key=lambda item: (item[0], item[1]))
    chosen: list[SummarySentence] = []
    seen_words: list[set[str]] = []
    total = 0
    for _, _, sentence, vocabulary in candidates:
        if vocabulary and any(len(vocabulary & other) > 0.6 * min(len(vocabulary), len(other)) for other in seen_words):
            continue  # says again what an earlier sentence said
        count = len(sentence.text.split())
        if total + count > MAX_WORDS:
            continue
        chosen.append(sentence)
        seen_words.append(vocabulary)
        total += count
        if len(chosen) == MAX_SENTENCES:
            break
    return chosen


def _facts_of(disagreement: Disagreement, facts: Sequence[Fact]) -> list[str]:
    sentences = {(e.article, e.start) for v in disagreement.versions for e in v.evidence}
    return [f.id for f in facts if any((e.article, e.start) in sentences for e in f.evidence)]


def neutral_headline(articles: Sequence[Article], facts: Sequence[Fact], disagreements: Sequence[Disagreement]) -> str:
    """The published headline that best states what most sources agree on, without loaded words
    or contested numbers; the top fact when no headline qualifies."""
    sources = max((f.independent_sources for f in facts), default=1)
    agreed = {
        w for f in facts if f.independent_sources * 2 >= sources and f.independent_sources > 1 for w in words(f.text)
    }
    contested = {w for d in disagreements if not d.compatible for v in d.versions for w in words(v.value)}
    titles = sorted({a.title for a in articles if a.title and a.duplicate_of is None})

    def score(title: str) -> tuple[int, float, int, str]:
        vocabulary = set(words(title))
        clash = len(vocabulary & contested - agreed)
        return (
            int(is_loaded(title)) + clash,
            -len(vocabulary & agreed) / max(1, len(vocabulary)) ** 0.5,
            len(title),
            title,
        )

    if titles:
        best = min(titles, key=score)
        if score(best)[0] == 0:
            return best
    for fact in facts:
        if not is_loaded(fact.text) and not any(mark in fact.text for mark in _QUOTE_MARKS):
            return fact.text
    return titles[0] if titles else (facts[0].text if facts else "")
