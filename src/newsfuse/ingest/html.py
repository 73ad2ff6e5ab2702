"""HTML pages to article text and metadata, with trafilatura."""

from __future__ import annotations

import trafilatura

from newsfuse.config import HtmlConfig
from newsfuse.errors import InputRejected, Reason


class HtmlExtract:
    __slots__ = ("date", "sitename", "text", "title", "url")

    def __init__(self, text: str, title: str | None, sitename: str | None, date: str | None, url: str | None):
        self.text, self.title, self.sitename, self.date, self.url = text, title, sitename, date, url


def extract_html(html: str, source: str, config: HtmlConfig, url: str | None = None) -> HtmlExtract:
    """The main text of a page, with its headline, site name, date and canonical URL."""
    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
        favor_precision=config.favor == "precision",
        favor_recall=config.favor == "recall",
    )
    text = getattr(document, "text", None) if document is not None else None
    if not text or not text.strip():
        raise InputRejected(source, Reason.NO_ARTICLE_TEXT, detail="no main text found in the HTML")
    return HtmlExtract(
        text=text,
        title=getattr(document, "title", None) or None,
        sitename=getattr(document, "sitename", None) or None,
        date=getattr(document, "date", None) or None,
        url=getattr(document, "url", None) or url,
    )
