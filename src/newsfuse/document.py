"""The pipeline's working objects: an article owns its text, everything else is a span into it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled character range `[start, end)` of an article's `text`."""

    start: int
    end: int
    label: str = ""


@dataclass(frozen=True, slots=True)
class Removed:
    """A line or block dropped from an article's body, and why."""

    text: str
    reason: str


@dataclass(slots=True)
class RawArticle:
    """One input as read, before cleaning: either plain text or an HTML page, and what is known of it."""

    id: str
    origin: str
    text: str | None = None
    html: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    replaced_bytes: int = 0  # bytes not valid in the input's encoding, each read as U+FFFD


@dataclass(slots=True)
class Article:
    """One cleaned article: its own prose in `text`, plus metadata and the spans found in it."""

    id: str
    origin: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: date | None = None
    published_from: str | None = None
    removed: list[Removed] = field(default_factory=list)
    syndicated: bool = False
    syndicated_because: str | None = None
    duplicate_of: str | None = None
    sentences: list[Span] = field(default_factory=list)
    entities: list[Span] = field(default_factory=list)
    # The parse stage's spaCy Doc over `text` (tokens, dependencies), for the reconcile stage.
    # Working state only: never serialised, never compared.
    doc: Any = field(default=None, repr=False, compare=False)

    def span_text(self, span: Span) -> str:
        return self.text[span.start : span.end]


def reading_order(article: Article) -> tuple[bool, date, str]:
    """The order a story's articles are read and numbered in, whatever order they were given in:
    by publication date (undated last), then by id. The same articles give the same report."""
    return (article.published is None, article.published or date.min, article.id)
