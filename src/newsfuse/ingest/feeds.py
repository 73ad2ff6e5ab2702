"""RSS and Atom feeds: the items and the pages they link to, read with feedparser."""

from __future__ import annotations

import re
from dataclasses import dataclass

import feedparser

from newsfuse.errors import InputRejected, Reason

_FEED_ROOT = re.compile(r"<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FeedItem:
    link: str
    title: str | None
    published: str | None


def looks_like_feed(text: str) -> bool:
    return bool(_FEED_ROOT.search(text[:2000]))


def parse_feed(text: str, source: str, max_items: int) -> list[FeedItem]:
    """The feed's items that link to a page, newest feeds' order kept, at most `max_items`."""
    if not looks_like_feed(text):
        raise InputRejected(source, Reason.NOT_A_FEED, detail="no <rss> or <feed> element")
    parsed = feedparser.parse(text)
    if parsed.bozo and not parsed.entries:
        raise InputRejected(source, Reason.NOT_A_FEED, detail=str(parsed.get("bozo_exception", "not XML")))
    items = []
    for entry in parsed.entries:
        link = entry.get("link")
        if link:
            items.append(FeedItem(link, entry.get("title"), entry.get("published") or entry.get("updated")))
    if not items:
        raise InputRejected(source, Reason.EMPTY_FEED)
    return items[:max_items]
