"""A raw input to a clean article: main text, furniture removed, title, outlet and date read."""

from __future__ import annotations

from dataclasses import replace

from newsfuse.config import Config
from newsfuse.document import Article, RawArticle, Removed
from newsfuse.errors import InputRejected, Reason
from newsfuse.ingest.decode import not_language
from newsfuse.ingest.furniture import clean_text
from newsfuse.ingest.html import extract_html
from newsfuse.ingest.metadata import outlet_from_url, published_date
from newsfuse.ingest.respace import join_tokens


def clean(raw: RawArticle, config: Config) -> Article:
    """Read one raw input into an article, or reject it when no prose is left."""
    url, title, sitename, published = raw.url, raw.title, None, raw.published
    if config.ingest.tokenised and raw.html is None:
        raw = replace(raw, text=join_tokens(raw.text or ""), title=join_tokens(title) if title else title)
        title = raw.title
    if raw.html is not None:
        page = extract_html(raw.html, raw.origin, config.html, url=raw.url)
        body, url, sitename = page.text, page.url or url, page.sitename
        title, published = title or page.title, published or page.date
        cleaned = clean_text(body, has_title_line=False, known_title=title, extracted=True)
    else:
        cleaned = clean_text(raw.text or "", has_title_line=title is None, known_title=title)
        title = title or cleaned.title
    if not cleaned.text.strip():
        raise InputRejected(raw.origin, Reason.NO_ARTICLE_TEXT, detail="every line is page furniture")
    problem = not_language(cleaned.text)
    if problem is not None:
        raise InputRejected(raw.origin, Reason.NOT_LANGUAGE, detail=problem)
    removed = list(cleaned.removed)
    if raw.replaced_bytes:
        bad = "1 byte that is" if raw.replaced_bytes == 1 else f"{raw.replaced_bytes:,} bytes that are"
        removed.append(Removed(f"{bad} not UTF-8, shown as \ufffd", "invalid bytes replaced"))
    when, when_from = published_date(published, url, cleaned.text)
    return Article(
        id=raw.id,
        origin=raw.origin,
        text=cleaned.text,
        title=title,
        source=raw.source or sitename or cleaned.outlet or outlet_from_url(url),
        url=url,
        published=when,
        published_from=when_from,
        removed=removed,
        syndicated=cleaned.syndication_notice is not None,
        syndicated_because=f"says: {cleaned.syndication_notice}" if cleaned.syndication_notice else None,
    )
