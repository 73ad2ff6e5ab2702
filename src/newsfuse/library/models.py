"""The library's tables: articles (with their features and parse), stories, which story each article belongs to."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend (SQLite keeps no zone, so it is stored as UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"{value!r} has no time zone; the library stores UTC times")
        value = value.astimezone(UTC)
        return value if dialect.name == "postgresql" else value.replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    pass


class ArticleRow(Base):
    """One stored article: its cleaned text and metadata (spans are recomputed by the parse stage)."""

    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String, primary_key=True)
    # sha256 of the text with whitespace normalised: the same article added twice is stored once.
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    origin: Mapped[str] = mapped_column(String)
    source: Mapped[str | None] = mapped_column(String)
    title: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date)
    published_from: Mapped[str | None] = mapped_column(String)
    text: Mapped[str] = mapped_column(Text)
    removed: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    syndicated: Mapped[bool]
    syndicated_because: Mapped[str | None] = mapped_column(Text)
    duplicate_of: Mapped[str | None] = mapped_column(String)
    added: Mapped[datetime] = mapped_column(UtcDateTime)


class StoryRow(Base):
    """One story: its latest report and the figures `newsfuse stories` lists."""

    __tablename__ = "stories"

    id: Mapped[str] = mapped_column(String, primary_key=True)
    headline: Mapped[str | None] = mapped_column(Text, default=None)
    created: Mapped[datetime] = mapped_column(UtcDateTime)
    updated: Mapped[datetime] = mapped_column(UtcDateTime)
    # The report JSON as rendered, kept as text so it reads back byte for byte.
    report: Mapped[str | None] = mapped_column(Text)
    article_count: Mapped[int] = mapped_column(Integer, default=0)
    independent_sources: Mapped[int] = mapped_column(Integer, default=0)
    disagreements: Mapped[int] = mapped_column(Integer, default=0)
    # The story clusterer's state (`StoryState.to_record()`), so a later `add` goes on from it.
    state: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    # What the library page shows and searches without reading reports: the outlets, how many
    # disagreements of each kind, and the words and names the story holds (casefolded).
    outlets: Mapped[list[str]] = mapped_column(JSON, default=list)
    kinds: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    search_text: Mapped[str] = mapped_column(Text, default="")
    entity_text: Mapped[str] = mapped_column(Text, default="")


class MembershipRow(Base):
    """An article's place in a story; an article belongs to one story at a time."""

    __tablename__ = "story_articles"
    __table_args__ = (UniqueConstraint("article_id", name="story_articles_one_story_per_article"),)

    story_id: Mapped[str] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)


class ArticleAnalysisRow(Base):
    """What was computed from an article once, kept so later runs need not redo it: its clustering
    features (`ArticleFeatures.to_record()`) and its spaCy parse, zlib-compressed `Doc.to_bytes()`."""

    __tablename__ = "article_analysis"

    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    features: Mapped[dict[str, Any]] = mapped_column(JSON)
    parse: Mapped[bytes | None] = mapped_column(LargeBinary)
    # The spaCy pipeline that made `parse`; another pipeline's parse is not reused.
    parse_model: Mapped[str | None] = mapped_column(String)
    # The article's key in the clusterer's index of recent articles (None before it is placed).
    index_key: Mapped[int | None] = mapped_column(BigInteger, unique=True, default=None)


class SettingRow(Base):
    """The library's own bookkeeping: its schema version and the number of the next story id."""

    __tablename__ = "library_settings"

    key: Mapped[str] = mapped_column(String, primary_key=True)
    value: Mapped[str] = mapped_column(String)


class StoryIndexRow(Base):
    """The story clusterer's nearest-neighbour indexes (usearch, each saved whole): over story
    centroids and over recent articles, so a run loads them in one read instead of rebuilding them."""

    __tablename__ = "story_index"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # always 1: one pair of indexes per library
    data: Mapped[bytes | None] = mapped_column(LargeBinary)  # story centroids, keyed by story number
    stories: Mapped[int] = mapped_column(Integer)
    articles: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)  # recent articles, by index key
    next_article: Mapped[int] = mapped_column(BigInteger, default=0)  # the index key the next article gets


class ArticleBandRow(Base):
    """An article's MinHash LSH band keys: a later near-copy (a repost, a wire copy) shares one."""

    __tablename__ = "article_bands"

    band: Mapped[str] = mapped_column(String, primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
