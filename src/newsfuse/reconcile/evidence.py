"""Evidence and ids: every statement in a report points at exact sentences of article text."""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from newsfuse.document import Article, Span
from newsfuse.report import Disagreement, Evidence

if TYPE_CHECKING:
    from newsfuse.reconcile.mentions import Mention


def sentence_at(article: Article, offset: int) -> Span:
    """The sentence of `article` that holds character `offset` (the nearest one before it otherwise)."""
    starts = [s.start for s in article.sentences]
    index = max(0, bisect.bisect_right(starts, offset) - 1)
    if not article.sentences:
        return Span(0, len(article.text), "sentence")
    return article.sentences[index]


def evidence(article: Article, span: Span) -> Evidence:
    """Evidence for the sentence holding `span` (a sentence, or any span inside one)."""
    sentence = span if span.label == "sentence" else sentence_at(article, span.start)
    return Evidence(article=article.id, sentence=article.span_text(sentence), start=sentence.start, end=sentence.end)


def stable_id(prefix: str, *parts: str) -> str:
    """A short id that depends only on its parts, so the same input gives the same ids."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"{prefix}-{digest[:10]}"


def independent_sources(article_ids: list[str] | set[str], articles: dict[str, Article]) -> int:
    """How many of `article_ids` are independent: a syndicated copy counts with its original."""
    return len({origin(articles, i) for i in article_ids})


def origin(articles: dict[str, Article], article_id: str) -> str:
    """The article a copy was copied from (following a chain of copies), or the article itself."""
    seen = {article_id}
    current = articles[article_id]
    while current.duplicate_of and current.duplicate_of in articles and current.duplicate_of not in seen:
        seen.add(current.duplicate_of)
        current = articles[current.duplicate_of]
    return current.id


def disagreements_of(
    groups: Sequence[Sequence[Mention]],
    articles: dict[str, Article],
    build: Callable[[Sequence[Mention], dict[str, Article]], Disagreement | None],
) -> list[Disagreement]:
    """The disagreement `build` makes of each aligned group (None: the group agrees), those with
    the most independent sources first, then by where their first mention stands in reading order."""
    found: list[tuple[tuple[int, int, int], Disagreement]] = []
    position = {article_id: n for n, article_id in enumerate(articles)}
    for members in groups:
        disagreement = build(members, articles)
        if disagreement is not None:
            ids = {m.article.id for m in members}
            first = min((position[m.article.id], m.span.start) for m in members)
            found.append(((-independent_sources(ids, articles), *first), disagreement))
    found.sort(key=lambda item: item[0])
    return [d for _, d in found]
