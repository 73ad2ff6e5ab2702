"""The summary and the neutral headline, built only from what the articles say.

The summary is extractive: each sentence is a fact in the words of one of its sources, chosen to
read well on its own (the outlet's own words rather than a quotation, no opening "But" or "He", no
loaded adjectives), most corroborated first. A fact whose sentences carry a contested number or
date is not stated as settled: the disagreement is stated instead, with every version and who
gives it. Someone's words stay someone's words: a quotation keeps its marks and its speaker, and
cites only the articles that carry those words.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from newsfuse.document import Article
from newsfuse.reconcile.claims import Claim, is_loaded, readability, unbalanced_quotes, words
from newsfuse.reconcile.diff import coverage, normalized_words
from newsfuse.reconcile.evidence import independent_sources
from newsfuse.reconcile.facts import FactGroup
from newsfuse.reconcile.quotes import SHORT_QUOTE_WORDS, QuoteSpan, find_quotes
from newsfuse.report import Disagreement, Fact, SummarySentence

MAX_SENTENCES = 8
MAX_WORDS = 200
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})
# A claim whose words are this share of another article's quotation (in runs) is that quotation.
VERBATIM = 0.8
_QUOTE_MARKS = frozenset('“”"‘')


def summarize(
    facts: Sequence[Fact],
    groups: dict[str, FactGroup],
    disagreements: Sequence[Disagreement],
    articles: dict[str, Article],
    canonical: Callable[[str], str | None],
) -> list[SummarySentence]:
    """At most 8 sentences and 200 words; corroborated facts first, contested ones stated as contested."""
    sources = independent_sources(list(articles), articles)
    contested = [d for d in disagreements if not d.compatible and d.kind in {"quantity", "date", "claim"}]
    contested_sentences = {(e.article, e.start) for d in contested for v in d.versions for e in v.evidence}
    quotes: dict[str, list[QuoteSpan]] = {}
    candidates: list[tuple[int, int, SummarySentence, set[str]]] = []
    for position, fact in enumerate(facts):
        if fact.independent_sources < min(2, sources):
            continue
        if any((e.article, e.start) in contested_sentences for e in fact.evidence):
            continue
        claims = sorted(groups[fact.id].claims, key=readability)
        text, cited = claims[0].text, list(fact.articles)
        quoted = [c for c in claims if c.quoted or unbalanced_quotes(c.text)]
        # Someone's words, however an article sets them: quoted in the sentence chosen, or word for
        # word what another article quotes (an outlet's paraphrase of a quotation is its own words).
        if quoted and (quoted[0] is claims[0] or _quoted_elsewhere(claims[0], quoted, quotes)):
            if fact.independent_sources < 3:
                continue  # a quotation belongs in the quotes, unless it is the story's most repeated line
            found = next(filter(None, (_as_quotation(c, fact, articles, canonical, quotes) for c in quoted)), None)
            if found is None or independent_sources(found[1], articles) < min(2, sources):
                continue
            text, cited = found
        candidates.append(
            (
                -independent_sources(cited, articles),
                position,
                SummarySentence(text=text, facts=[fact.id], articles=cited),
                set(words(text)),
            )
        )
    for position, disagreement in enumerate(contested):
        giving = sorted({a for v in disagreement.versions for a in v.articles})
        candidates.append(
            (
                -len(giving),
                -len(contested) + position,  # a contest ranks ahead of facts with as many sources
                SummarySentence(text=disagreement.note, facts=_facts_of(disagreement, facts), articles=giving),
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


def _as_quotation(
    claim: Claim,
    fact: Fact,
    articles: dict[str, Article],
    canonical: Callable[[str], str | None],
    cache: dict[str, list[QuoteSpan]],
) -> tuple[str, list[str]] | None:
    """A quoted claim as a summary sentence: the quoted words in their marks with who said them, and
    the fact's articles that carry those very words. None when the text names no speaker for them
    (a quotation is never stated as the outlet's own words)."""
    article = claim.article
    if article.id not in cache:
        cache[article.id] = find_quotes(article)
    span = claim.span
    quote = next((q for q in cache[article.id] if q.span.start < span.end and span.start < q.span.end), None)
    if quote is None or quote.attribution is None:
        return None
    pieces = [
        article.text[max(part.start, span.start) : min(part.end, span.end)]
        for part in quote.parts
        if part.start < span.end and span.start < part.end
    ]
    quoted = " ".join(piece.strip() for piece in pieces if piece.strip())
    quoted_words = normalized_words(quoted)
    if len(quoted_words) < 3:
        return None
    credit = quote.attribution
    mention = article.text[credit.mention.start : credit.mention.end]
    credited_here = span.start <= credit.mention.start and credit.mention.end <= span.end
    if credited_here and mention.casefold() not in _PRONOUNS and not unbalanced_quotes(claim.text):
        text = claim.text  # "“...,” Trump said.": the marks and who said it are in the sentence itself
    elif quote.partial:
        return None  # a phrase worked into the writer's sentence, credited elsewhere: no sentence of its own
    else:
        speaker = canonical(credit.name) or credit.name
        end = "" if quoted[-1:] in ".!?…" else "."
        text = f"{speaker} said: “{quoted}{end}”"
    cited = [i for i in fact.articles if _holds_run(normalized_words(articles[i].text), quoted_words)]
    return (text, cited) if cited else None


def _quoted_elsewhere(claim: Claim, quoted: Sequence[Claim], cache: dict[str, list[QuoteSpan]]) -> bool:
    """Whether the claim gives, nearly word for word, what another claim quotes: its words stand
    inside the quotation, or the quotation's words stand in it (a typo or a dropped word aside:
    most of the words in order, in runs of two or more)."""
    own = normalized_words(claim.text)
    if len(own) <= SHORT_QUOTE_WORDS:
        return False
    for other in quoted:
        if other.article.id not in cache:
            cache[other.article.id] = find_quotes(other.article)
        span = other.span
        for quote in cache[other.article.id]:
            if not (quote.span.start < span.end and span.start < quote.span.end):
                continue
            words = normalized_words(quote.text)
            inside = coverage(own, words) >= VERBATIM
            holds = len(words) > SHORT_QUOTE_WORDS and coverage(words, own) >= VERBATIM
            if inside or holds:
                return True
    return False


def _holds_run(whole: list[str], part: list[str]) -> bool:
    """Whether `part` occurs in `whole` as one unbroken run of words."""
    first, size = part[0], len(part)
    return any(whole[i : i + size] == part for i, word in enumerate(whole) if word == first)


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
