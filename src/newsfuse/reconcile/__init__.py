"""Stage 4, reconcile: one story's parsed articles into the report's story.

claims  -> facts        (claims.py, facts.py: embeddings + lemma, number and entity cues)
entities                (entities.py: forms and spellings merged; the index names speakers)
quotes                  (quotes.py, attribution.py: speakers, wordings, credited sources)
values                  (mentions/: every amount and date with its slot; align.py: aligned across articles)
disagreements           (quantities.py, timeline.py, spellings.py, quotes.py, contradictions.py)
timeline, coverage, summary and headline
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

from newsfuse.document import Article, reading_order
from newsfuse.parse.embeddings import Embedder
from newsfuse.reconcile.align import Vectors, aligned, load_models
from newsfuse.reconcile.attribution import attribution
from newsfuse.reconcile.claims import Claim, find_claims
from newsfuse.reconcile.contradictions import claim_disagreements
from newsfuse.reconcile.coverage import build_coverage
from newsfuse.reconcile.entities import EntityIndex, build_entity_index
from newsfuse.reconcile.evidence import independent_sources
from newsfuse.reconcile.facts import FactGroup, Thresholds, build_facts, group_claims
from newsfuse.reconcile.mentions import find_amounts, find_dates
from newsfuse.reconcile.quantities import quantity_disagreements
from newsfuse.reconcile.quotes import merge_quotes
from newsfuse.reconcile.spellings import name_spelling_disagreements
from newsfuse.reconcile.summary import neutral_headline, summarize
from newsfuse.reconcile.timeline import build_timeline, date_disagreements, story_date
from newsfuse.report import Article as ArticleModel
from newsfuse.report import Disagreement, RemovedLine, SentenceSpan, Story

_WORD = re.compile(r"\w+")


def story_id(articles: Sequence[Article]) -> str:
    """A stable id from the story's article ids."""
    digest = hashlib.sha1("\n".join(sorted(a.id for a in articles)).encode("utf-8")).hexdigest()
    return f"story-{digest[:12]}"


def reconcile(articles: Sequence[Article], embedder: Embedder) -> Story:
    """Build the report's story from its parsed articles (in any order: they are read in
    `reading_order`, so the same articles give the same story)."""
    articles = sorted(articles, key=reading_order)
    by_id = {a.id: a for a in articles}
    entities = build_entity_index(articles)
    claims = find_claims(list(articles))
    vectors = embedder.encode([c.text for c in claims]) if claims else np.zeros((0, 384), dtype=np.float32)
    groups = [FactGroup(claims=members) for members in group_claims(claims, vectors, Thresholds())]
    for group in groups:
        group.attributed_to = attributed_to(group.claims, entities.canonical)
    built = build_facts(groups, by_id)
    facts = [fact for fact, _ in built]
    quotes, quote_disagreements = merge_quotes(articles, entities.canonical)
    disagreements = ranked(
        [
            *value_disagreements(articles, embedder, entities),
            *claim_disagreements(claims, vectors, articles),
            *quote_disagreements,
        ],
        by_id,
    )
    return Story(
        id=story_id(articles),
        headline=neutral_headline(articles, facts, disagreements) or central_title(articles),
        articles=[article_model(a) for a in articles],
        facts=facts,
        disagreements=disagreements,
        quotes=quotes,
        entities=entities.entities,
        timeline=build_timeline(articles),
        summary=summarize(facts, {fact.id: group for fact, group in built}, disagreements, by_id, entities.canonical),
        coverage=build_coverage(facts, articles),
    )


def value_disagreements(
    articles: Sequence[Article], embedder: Embedder, entities: EntityIndex | None = None
) -> list[Disagreement]:
    """The quantity, date and name-spelling disagreements among parsed articles (in reading order):
    every amount, date and name read as a mention, mentions aligned across articles by the fitted
    models (`align.json`), and each aligned group whose values differ compared."""
    articles = sorted(articles, key=reading_order)
    by_id = {a.id: a for a in articles}
    index = entities if entities is not None else build_entity_index(articles)
    amounts = [mention for article in articles for mention in find_amounts(article)]
    day = story_date(articles)
    dates = [mention for article in articles for mention in find_dates(article, day)]
    vectors = Vectors(embedder, amounts + dates)
    models = load_models()
    return [
        *quantity_disagreements(aligned(amounts, vectors, models["amount"], by_id), by_id),
        *date_disagreements(aligned(dates, vectors, models["date"], by_id), by_id),
        *name_spelling_disagreements(articles, index, models["name"]),
    ]


def attributed_to(claims: Sequence[Claim], canonical: Callable[[str], str | None]) -> str | None:
    """Who most of a fact's articles credit it to, by canonical name; None when none credits anyone."""
    credited: Counter[str] = Counter()
    for article_id in dict.fromkeys(c.article.id for c in claims):
        for claim in (c for c in claims if c.article.id == article_id):
            found = attribution(claim.article, claim.span)
            if found is not None and found.kind != "other":
                credited[canonical(found.name) or found.name] += 1
                break
    ranked = credited.most_common()
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None  # no one, or a tie: the attribution disagreement says who credits whom
    return ranked[0][0]


_KIND_ORDER = {"quantity": 0, "date": 1, "claim": 2, "attribution": 3, "quote_wording": 4, "name_spelling": 5}


def ranked(disagreements: Sequence[Disagreement], articles: dict[str, Article]) -> list[Disagreement]:
    """Most independent sources first; then contradictions before wording and spelling differences."""

    def key(d: Disagreement) -> tuple[int, bool, int, str]:
        ids = {a for v in d.versions for a in v.articles}
        return (-independent_sources(ids, articles), d.compatible, _KIND_ORDER[d.kind], d.id)

    return sorted(disagreements, key=key)


def central_title(articles: Sequence[Article]) -> str:
    """The headline whose words the other headlines share most; the first sentence when none has one.

    Reposts give no headline of their own: a copied title would count twice.
    """
    titles = [a.title for a in articles if a.title and a.duplicate_of is None]
    if not titles:
        first = articles[0]
        return first.span_text(first.sentences[0]) if first.sentences else first.text[:120]
    vocab = [set(_WORD.findall(t.lower())) for t in titles]
    counts: Counter[str] = Counter(w for words in vocab for w in words)

    def shared(i: int) -> tuple[float, int]:
        words = vocab[i]
        return (sum(counts[w] - 1 for w in words) / max(1, len(words)), -i)

    return titles[max(range(len(titles)), key=shared)]


def article_model(article: Article) -> ArticleModel:
    return ArticleModel(
        id=article.id,
        source=article.source or article.id,
        title=article.title,
        url=article.url,
        published=article.published,
        published_from=article.published_from,  # type: ignore[arg-type]
        text=article.text,
        removed=[RemovedLine(text=r.text, reason=r.reason) for r in article.removed],
        syndicated=article.syndicated,
        syndicated_because=article.syndicated_because,
        duplicate_of=article.duplicate_of,
        sentences=[SentenceSpan(start=s.start, end=s.end) for s in article.sentences],
    )
