"""Stage 1, ingest: inputs to clean articles with their title, outlet and date.

inputs.py     files, folders, URLs, feeds, JSON records -> raw articles
decode.py     bytes -> text (encoding detected, binaries rejected)
web.py        fetching a URL          feeds.py   RSS/Atom items
html.py       HTML -> main text (trafilatura)
furniture.py  plain text -> the article's prose, and every removed line with its reason
metadata.py   title, outlet, date     clean.py   one raw article -> an Article
dedup.py      the same article twice, near-copies and reposts
respace.py    text re-spaced from tokens (a corpus such as ECB+), joined back as written
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from newsfuse.config import Config
from newsfuse.document import Article, reading_order
from newsfuse.errors import InputRejected, Reason
from newsfuse.ingest.clean import clean
from newsfuse.ingest.dedup import content_key, mark_near_copies
from newsfuse.ingest.inputs import read_inputs


@dataclass(slots=True)
class Ingested:
    articles: list[Article] = field(default_factory=list)
    rejected: list[InputRejected] = field(default_factory=list)


def ingest(inputs: Iterable[str], config: Config, on_item: Callable[[str], None] | None = None) -> Ingested:
    """Read every input into articles; each unreadable input becomes a rejection, the rest go on.

    The result does not depend on the order of the inputs: articles come in reading order
    (`document.reading_order`), and of two inputs holding the same article the one kept is the
    first by id and origin.
    """
    result = Ingested()
    cleaned: list[Article] = []
    for item in read_inputs(inputs, config.ingest):
        if isinstance(item, InputRejected):
            result.rejected.append(item)
            continue
        if on_item is not None:
            on_item(item.origin)
        try:
            cleaned.append(clean(item, config))
        except InputRejected as rejection:
            result.rejected.append(rejection)
    seen_content: dict[tuple[str, str], str] = {}
    seen_ids: set[str] = set()
    for article in sorted(cleaned, key=lambda a: (a.id, a.origin)):
        # The same text from another outlet is a repost (marked below); from the same outlet, or
        # from two files nobody named, it is the same article given twice.
        key = (content_key(article.text), article.source or "")
        if key in seen_content:
            result.rejected.append(InputRejected(article.origin, Reason.DUPLICATE, detail=seen_content[key]))
            continue
        seen_content[key] = article.origin
        if article.id in seen_ids:
            article.id = f"{article.id}-{key[0][:6]}"
        seen_ids.add(article.id)
        result.articles.append(article)
    result.articles.sort(key=reading_order)
    result.rejected.sort(key=lambda r: (r.source, r.code, r.message))
    mark_near_copies(result.articles, config.ingest.near_duplicate_threshold)
    return result
