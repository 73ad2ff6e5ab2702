"""The library store: articles and stories in SQLite (WAL) or PostgreSQL, one transaction per change.

A library carries its schema version; one made by another version is refused with a clear error
(there are no migrations yet). Writers that read-modify-write the stories' clusterer state call
`Transaction.lock()` first: SQLite's BEGIN IMMEDIATE already serialises them, PostgreSQL takes a
transaction-scoped advisory lock. Reads (`Library.reading()`) never wait for a writer: on SQLite
they begin DEFERRED and read WAL's last committed snapshot, on PostgreSQL they are READ ONLY
transactions that take no lock.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import (
    Connection,
    Engine,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    or_,
    select,
    update,
)
from sqlalchemy import text as sql_text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from newsfuse.document import Article, Removed
from newsfuse.errors import ConfigError, LibraryError
from newsfuse.library.models import (
    ArticleAnalysisRow,
    ArticleBandRow,
    ArticleRow,
    Base,
    MembershipRow,
    SettingRow,
    StoryIndexRow,
    StoryRow,
)

DEFAULT_URL = "sqlite:///newsfuse.db"
URL_VARIABLE = "NEWSFUSE_LIBRARY_URL"
# How long a writer waits for another process's transaction on the same SQLite file.
SQLITE_BUSY_TIMEOUT_MS = 30_000
# Keeps `IN (...)` lists under every backend's limit on bound parameters.
_CHUNK = 500
_Item = TypeVar("_Item")
# The tables' layout; a library with another version is refused (no migrations exist yet).
SCHEMA_VERSION = "4"
_VERSION_KEY = "schema_version"
_NEXT_STORY_KEY = "next_story"
# PostgreSQL advisory lock taken by every writer of the stories' clusterer state ("news" in ASCII).
_WRITER_LOCK = 0x6E657773
# The execution option that marks a read-only unit of work (see `_sqlite_begin`).
_READ_ONLY = "newsfuse_read_only"


def content_hash(text: str, source: str | None = None) -> str:
    """sha256 of an article's cleaned text (runs of whitespace made one space) and its outlet: the
    same text from another outlet is another article (a copy, marked as such), as in `ingest`."""
    return hashlib.sha256(f"{' '.join(text.split())}\n{source or ''}".encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class AddResult:
    """What `add_articles` did: the library id of each given article, in order, and which were new."""

    library_ids: tuple[str, ...]
    stored: tuple[str, ...]
    present: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StorySummary:
    """One line of `newsfuse stories`."""

    id: str
    created: datetime
    updated: datetime
    article_count: int
    independent_sources: int
    disagreements: int
    headline: str | None = None
    outlets: tuple[str, ...] = ()
    kinds: tuple[tuple[str, int], ...] = ()  # disagreement kind -> how many, in kind order


@dataclass(frozen=True, slots=True)
class Facets:
    """What the library page shows of a story and searches in, kept beside its report."""

    outlets: tuple[str, ...] = ()
    kinds: tuple[tuple[str, int], ...] = ()
    search_text: str = ""  # headline, summary, titles, outlets and names, casefolded
    entity_text: str = ""  # every entity's name and spellings, casefolded, each between "|"


@dataclass(frozen=True, slots=True)
class Analysis:
    """What was computed from one stored article: clustering features and its compressed parse."""

    features: dict[str, Any]
    parse: bytes | None = None
    parse_model: str | None = None


class SavedIndexes(NamedTuple):
    """The story clusterer's indexes as saved: story centroids, recent articles, and their counts."""

    stories_data: bytes | None
    stories: int
    articles_data: bytes | None
    next_article: int


class StoryDetail(NamedTuple):
    """A story's summary, its latest report JSON (None before the first) and its articles' ids."""

    summary: StorySummary
    report: str | None
    article_ids: list[str]


class Transaction:
    """One unit of work: everything done through it is committed together, or not at all."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def lock(self) -> None:
        """Wait until no other writer of story state is at work, and keep them out until commit."""
        if self._session.get_bind().dialect.name == "postgresql":
            self._session.execute(select(func.pg_advisory_xact_lock(_WRITER_LOCK)))
        # SQLite: BEGIN IMMEDIATE already holds the database's one write lock.

    def ids_by_hash(self, digests: Iterable[str]) -> dict[str, str]:
        """The library id of each content hash it holds."""
        known: dict[str, str] = {}
        for chunk in _chunks(sorted(set(digests))):
            query = select(ArticleRow.content_hash, ArticleRow.id).where(ArticleRow.content_hash.in_(chunk))
            known.update((digest, article_id) for digest, article_id in self._session.execute(query))
        return known

    def add_articles(self, articles: Sequence[Article]) -> AddResult:
        """Store the articles the library does not hold yet (by content hash)."""
        session = self._session
        hashes = [content_hash(article.text, article.source) for article in articles]
        known = self.ids_by_hash(hashes)
        candidates = {article.id for article in articles}
        taken: set[str] = set()
        for chunk in _chunks(sorted(candidates)):
            taken.update(session.scalars(select(ArticleRow.id).where(ArticleRow.id.in_(chunk))))
        now = datetime.now(UTC)
        library_ids: list[str] = []
        stored: list[str] = []
        present: list[str] = []
        for article, digest in zip(articles, hashes, strict=True):
            if digest in known:
                library_ids.append(known[digest])
                present.append(known[digest])
                continue
            article_id = _free_id(article.id, digest, taken)
            taken.add(article_id)
            known[digest] = article_id
            session.add(_to_row(article, article_id, digest, now))
            library_ids.append(article_id)
            stored.append(article_id)
        session.flush()
        return AddResult(tuple(library_ids), tuple(stored), tuple(present))

    def assign(self, story_id: str, article_ids: Iterable[str]) -> None:
        """Put articles in a story, creating the story if it is new; an article in another story moves."""
        session = self._session
        ids = list(dict.fromkeys(article_ids))
        story = self._story_row(story_id, create=True)
        found: set[str] = set()
        for chunk in _chunks(ids):
            found.update(session.scalars(select(ArticleRow.id).where(ArticleRow.id.in_(chunk))))
        missing = [article_id for article_id in ids if article_id not in found]
        if missing:
            raise LookupError(f"no article {', '.join(missing[:5])} in the library: add it before assigning it")
        previous: dict[str, str] = {}
        for chunk in _chunks(ids):
            query = select(MembershipRow.article_id, MembershipRow.story_id).where(MembershipRow.article_id.in_(chunk))
            previous.update((member, owner) for member, owner in session.execute(query))
        moved = [article_id for article_id in ids if previous.get(article_id, story_id) != story_id]
        for chunk in _chunks(moved):
            session.execute(delete(MembershipRow).where(MembershipRow.article_id.in_(chunk)))
        session.add_all(MembershipRow(story_id=story_id, article_id=a) for a in ids if previous.get(a) != story_id)
        session.flush()
        now = datetime.now(UTC)
        for other in sorted({previous[article_id] for article_id in moved}):
            self._recount(self._story_row(other), now)
        self._recount(story, now)

    def save_report(
        self,
        story_id: str,
        report_json: str,
        *,
        independent_sources: int,
        disagreements: int,
        headline: str | None = None,
        facets: Facets | None = None,
    ) -> None:
        """Keep a story's latest report and the figures shown beside it (the story is created if new)."""
        story = self._story_row(story_id, create=True)
        story.report = report_json
        story.independent_sources = independent_sources
        story.disagreements = disagreements
        story.headline = headline
        facets = facets or Facets()
        story.outlets, story.kinds = list(facets.outlets), dict(facets.kinds)
        story.search_text, story.entity_text = facets.search_text, facets.entity_text
        story.updated = datetime.now(UTC)
        self._session.flush()

    def next_story_key(self) -> int:
        """The number the next new story gets (s1, s2, ...; a removed story's number is not reused)."""
        row = self._session.get(SettingRow, _NEXT_STORY_KEY)
        return int(row.value) if row is not None else 1

    def set_next_story_key(self, key: int) -> None:
        row = self._session.get(SettingRow, _NEXT_STORY_KEY)
        if row is None:
            self._session.add(SettingRow(key=_NEXT_STORY_KEY, value=str(key)))
        else:
            row.value = str(max(key, int(row.value)))
        self._session.flush()

    def save_state(self, story_id: str, state: dict[str, Any]) -> None:
        """Keep the story clusterer's state of one story."""
        self._story_row(story_id, create=True).state = state
        self._session.flush()

    def states(self, story_ids: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
        """The clusterer state of these stories (all when None), by story id."""
        query = select(StoryRow.id, StoryRow.state).where(StoryRow.state.is_not(None))
        if story_ids is None:
            return {story_id: state for story_id, state in self._session.execute(query.order_by(StoryRow.id))}
        found: dict[str, dict[str, Any]] = {}
        for chunk in _chunks(sorted(set(story_ids))):
            found.update(
                (story_id, state) for story_id, state in self._session.execute(query.where(StoryRow.id.in_(chunk)))
            )
        return found

    def story_index(self) -> SavedIndexes:
        """The clusterer's saved indexes (empty in a new library)."""
        row = self._session.get(StoryIndexRow, 1)
        if row is None:
            return SavedIndexes(None, 0, None, 0)
        return SavedIndexes(row.data, row.stories, row.articles, row.next_article)

    def save_story_index(self, saved: SavedIndexes) -> None:
        row = self._session.get(StoryIndexRow, 1)
        if row is None:
            row = StoryIndexRow(id=1)
            self._session.add(row)
        row.data, row.stories, row.articles, row.next_article = saved
        self._session.flush()

    def set_index_keys(self, keys: dict[str, int]) -> None:
        """Record each article's key in the clusterer's index of recent articles."""
        for article_id, key in sorted(keys.items()):
            self._session.execute(
                update(ArticleAnalysisRow).where(ArticleAnalysisRow.article_id == article_id).values(index_key=key)
            )
        self._session.flush()

    def indexed_members(self, keys: Iterable[int]) -> dict[int, tuple[str, str]]:
        """Index key -> (article id, story id), for the keys of articles still in a story."""
        found: dict[int, tuple[str, str]] = {}
        for chunk in _chunks(sorted(set(keys))):
            query = (
                select(ArticleAnalysisRow.index_key, MembershipRow.article_id, MembershipRow.story_id)
                .join(MembershipRow, MembershipRow.article_id == ArticleAnalysisRow.article_id)
                .where(ArticleAnalysisRow.index_key.in_(chunk))
            )
            for key, article_id, story_id in self._session.execute(query):
                if key is not None:
                    found[int(key)] = (article_id, story_id)
        return found

    def drop_story(self, story_id: str) -> None:
        """Delete a story that no longer holds articles (they were moved to another)."""
        if self._member_ids(story_id):
            raise ValueError(f"story {story_id} still holds articles: move or remove them first")
        self._session.execute(delete(StoryRow).where(StoryRow.id == story_id))
        self._session.expunge_all()

    def story_of(self, article_ids: Iterable[str]) -> dict[str, str]:
        """The story each of these articles belongs to (articles in none are left out)."""
        found: dict[str, str] = {}
        for chunk in _chunks(sorted(set(article_ids))):
            query = select(MembershipRow.article_id, MembershipRow.story_id).where(MembershipRow.article_id.in_(chunk))
            found.update((article_id, story_id) for article_id, story_id in self._session.execute(query))
        return found

    def member_ids(self, story_id: str) -> list[str]:
        """The ids of a story's articles, sorted."""
        return self._member_ids(story_id)

    def set_duplicate_of(self, article_id: str, original: str | None) -> None:
        """Point a stored copy at its original's library id."""
        self._session.execute(update(ArticleRow).where(ArticleRow.id == article_id).values(duplicate_of=original))

    def mark_copy(self, article_id: str, original: str, because: str) -> None:
        """Mark a stored article as a copy of another (found among the articles of earlier runs)."""
        values = {"duplicate_of": original, "syndicated": True, "syndicated_because": because}
        self._session.execute(update(ArticleRow).where(ArticleRow.id == article_id).values(**values))

    def release_copies(self, removed: Iterable[str]) -> dict[str, str | None]:
        """Re-point the copies of articles about to be removed, so that none names an article the
        library no longer holds: the first copy of each (by when it was added) takes the removed
        one's place, pointing where it pointed, and the other copies point at it. A promoted copy
        that was a copy only of the removed article is no longer syndicated. Returns each changed
        copy's new original (None for a promoted one)."""
        session = self._session
        gone = set(removed)
        originals = {
            row.id: row.duplicate_of
            for chunk in _chunks(sorted(gone))
            for row in session.scalars(select(ArticleRow).where(ArticleRow.id.in_(chunk)))
        }
        copies: dict[str, list[ArticleRow]] = {}
        for chunk in _chunks(sorted(gone)):
            query = (
                select(ArticleRow).where(ArticleRow.duplicate_of.in_(chunk)).order_by(ArticleRow.added, ArticleRow.id)
            )
            for row in session.scalars(query):
                if row.id not in gone and row.duplicate_of is not None:
                    copies.setdefault(row.duplicate_of, []).append(row)
        changed: dict[str, str | None] = {}
        for original, rows in sorted(copies.items()):
            upstream, seen = originals.get(original), {original}
            while upstream in gone and upstream not in seen:  # a chain of copies removed together
                seen.add(upstream)
                upstream = originals.get(upstream)
            upstream = None if upstream in gone else upstream
            first, *others = rows
            note = f"its original {original} was removed from the library"
            first.duplicate_of = upstream
            own = [r for r in (first.syndicated_because or "").split("; ") if r and not _names_original(r, original)]
            first.syndicated = bool(own) or upstream is not None
            first.syndicated_because = "; ".join([*own, note])
            changed[first.id] = upstream
            for row in others:
                row.duplicate_of = first.id
                row.syndicated_because = "; ".join(
                    filter(None, (row.syndicated_because, f"{note}, so it counts with {first.id}"))
                )
                changed[row.id] = first.id
        session.flush()
        return changed

    def save_bands(self, article_id: str, bands: Iterable[str]) -> None:
        """Keep an article's MinHash LSH band keys, to find its near-copies in later runs."""
        self._session.add_all(ArticleBandRow(band=band, article_id=article_id) for band in sorted(set(bands)))
        self._session.flush()

    def articles_with_bands(self, bands: Iterable[str]) -> set[str]:
        """The stored articles sharing any of these band keys: candidate near-copies."""
        found: set[str] = set()
        for chunk in _chunks(sorted(set(bands))):
            found.update(self._session.scalars(select(ArticleBandRow.article_id).where(ArticleBandRow.band.in_(chunk))))
        return found

    def save_analysis(self, article_id: str, analysis: Analysis) -> None:
        """Keep what was computed from an article (replacing what was kept before)."""
        row = self._session.get(ArticleAnalysisRow, article_id)
        if row is None:
            row = ArticleAnalysisRow(article_id=article_id)
            self._session.add(row)
        row.features, row.parse, row.parse_model = analysis.features, analysis.parse, analysis.parse_model
        self._session.flush()

    def analyses(self, article_ids: Iterable[str]) -> dict[str, Analysis]:
        """What was kept for these articles, by id (articles without any are left out)."""
        found: dict[str, Analysis] = {}
        for chunk in _chunks(sorted(set(article_ids))):
            query = select(ArticleAnalysisRow).where(ArticleAnalysisRow.article_id.in_(chunk))
            for row in self._session.scalars(query):
                found[row.article_id] = Analysis(row.features, row.parse, row.parse_model)
        return found

    def stories(
        self, text: str | None = None, entity: str | None = None, limit: int | None = None, offset: int = 0
    ) -> list[StorySummary]:
        """The stories, most recently updated first; with `text`, those holding every one of its words
        (in the headline, summary, titles, outlets or names); with `entity`, those naming it."""
        query = select(StoryRow).order_by(StoryRow.updated.desc(), StoryRow.id)
        for word in (text or "").casefold().split():
            query = query.where(StoryRow.search_text.contains(word, autoescape=True))
        name = " ".join((entity or "").casefold().split())
        if name:  # a whole name, or the start of a word in one: "fairweather" finds "Daniel Fairweather"
            found = StoryRow.entity_text
            query = query.where(
                or_(found.contains("|" + name, autoescape=True), found.contains(" " + name, autoescape=True))
            )
        return [_summary(row) for row in self._session.scalars(query.offset(offset).limit(limit))]

    def story(self, story_id: str) -> StoryDetail | None:
        """One story with its report and article ids, or None when there is no such story."""
        row = self._session.get(StoryRow, story_id)
        if row is None:
            return None
        return StoryDetail(_summary(row), row.report, self._member_ids(story_id))

    def articles(self, ids: Iterable[str] | None = None) -> list[Article]:
        """The stored articles with these ids, in the order given (unknown ids skipped); all when None."""
        session = self._session
        if ids is None:
            return [_to_article(row) for row in session.scalars(select(ArticleRow).order_by(ArticleRow.id))]
        wanted = list(ids)
        rows: dict[str, ArticleRow] = {}
        for chunk in _chunks(sorted(set(wanted))):
            rows.update((row.id, row) for row in session.scalars(select(ArticleRow).where(ArticleRow.id.in_(chunk))))
        return [_to_article(rows[article_id]) for article_id in wanted if article_id in rows]

    def remove_story(self, story_id: str) -> list[str]:
        """Delete a story and its articles; return the ids of the articles deleted."""
        self._story_row(story_id)
        article_ids = self._member_ids(story_id)
        # Memberships go with the story by ON DELETE CASCADE.
        self._session.execute(delete(StoryRow).where(StoryRow.id == story_id))
        for chunk in _chunks(article_ids):
            self._session.execute(delete(ArticleRow).where(ArticleRow.id.in_(chunk)))
        self._session.flush()
        self._session.expunge_all()
        return article_ids

    def remove_article(self, article_id: str) -> None:
        """Delete one article; its story's article count follows."""
        session = self._session
        if session.get(ArticleRow, article_id) is None:
            raise LookupError(f"no article {article_id} in the library: `newsfuse stories` lists what it holds")
        story_id = session.scalar(select(MembershipRow.story_id).where(MembershipRow.article_id == article_id))
        session.execute(delete(ArticleRow).where(ArticleRow.id == article_id))
        session.expunge_all()
        if story_id is not None:
            self._recount(self._story_row(story_id), datetime.now(UTC))

    def _story_row(self, story_id: str, create: bool = False) -> StoryRow:
        row = self._session.get(StoryRow, story_id)
        if row is None:
            if not create:
                raise LookupError(f"no story {story_id} in the library: `newsfuse stories` lists them")
            now = datetime.now(UTC)
            row = StoryRow(
                id=story_id, created=now, updated=now, article_count=0, independent_sources=0, disagreements=0
            )
            self._session.add(row)
        return row

    def _member_ids(self, story_id: str) -> list[str]:
        query = (
            select(MembershipRow.article_id)
            .where(MembershipRow.story_id == story_id)
            .order_by(MembershipRow.article_id)
        )
        return list(self._session.scalars(query))

    def _recount(self, story: StoryRow, now: datetime) -> None:
        count = select(func.count()).select_from(MembershipRow).where(MembershipRow.story_id == story.id)
        story.article_count = self._session.scalar(count) or 0
        story.updated = now
        self._session.flush()


class Library:
    """A library of articles grouped into stories, in one SQLite file or PostgreSQL database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._readers = sessionmaker(engine.execution_options(**{_READ_ONLY: True}), expire_on_commit=False)

    @classmethod
    def open(cls, url: str | None = None, *, create: bool = True) -> Library:
        """Open the library at `url`, a path or a database URL, creating its tables if needed.

        Without `url`: $NEWSFUSE_LIBRARY_URL, else `newsfuse.db` in the current folder. With
        `create=False` (the commands that only read or remove), a SQLite file that does not exist is
        refused instead of made, so a mistyped path is named rather than read as an empty library.
        """
        parsed = library_url(url)
        database = parsed.database if parsed.get_backend_name() == "sqlite" else None
        if not create and database and database != ":memory:" and not os.path.exists(database):
            raise LibraryError(
                f"library database {database} does not exist: check the path (--db, NEWSFUSE_LIBRARY_URL), "
                "or make the library with `newsfuse add INPUT... --db PATH`"
            )
        engine = create_library_engine(url)
        try:
            _open_schema(engine)
        except DBAPIError as error:
            engine.dispose()
            raise _unreachable(engine.url, error) from error
        except LibraryError:
            engine.dispose()
            raise
        return cls(engine)

    @property
    def url(self) -> str:
        """The database URL with any password masked."""
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Library:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """A unit of work, committed when the block ends and rolled back if it raises."""
        with self._sessions.begin() as session:
            yield Transaction(session)

    @contextmanager
    def reading(self) -> Iterator[Transaction]:
        """A read of one consistent snapshot that never waits for a writer (nor makes one wait)."""
        with self._readers.begin() as session:
            if session.get_bind().dialect.name == "postgresql":
                # One snapshot for the whole read (READ COMMITTED takes one per statement); neither
                # level waits for a writer.
                session.execute(sql_text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))
            yield Transaction(session)

    # Each method below is one transaction of its own; use `transaction()` to join several.

    def add_articles(self, articles: Sequence[Article]) -> AddResult:
        """Store the articles the library does not hold yet (by content hash)."""
        with self.transaction() as tx:
            return tx.add_articles(articles)

    def assign(self, story_id: str, article_ids: Iterable[str]) -> None:
        """Put articles in a story, creating the story if it is new."""
        with self.transaction() as tx:
            tx.assign(story_id, article_ids)

    def save_report(self, story_id: str, report_json: str, *, independent_sources: int, disagreements: int) -> None:
        """Keep a story's latest report and the figures shown beside it."""
        with self.transaction() as tx:
            tx.save_report(story_id, report_json, independent_sources=independent_sources, disagreements=disagreements)

    def stories(
        self, text: str | None = None, entity: str | None = None, limit: int | None = None, offset: int = 0
    ) -> list[StorySummary]:
        """The stories, most recently updated first, optionally searched (see `Transaction.stories`)."""
        with self.reading() as tx:
            return tx.stories(text, entity, limit, offset)

    def story(self, story_id: str) -> StoryDetail | None:
        """One story with its report and article ids, or None."""
        with self.reading() as tx:
            return tx.story(story_id)

    def articles(self, ids: Iterable[str] | None = None) -> list[Article]:
        """The stored articles with these ids, in the order given; all when None."""
        with self.reading() as tx:
            return tx.articles(ids)

    def remove_story(self, story_id: str) -> list[str]:
        """Delete a story and its articles (their copies elsewhere re-pointed); the ids deleted."""
        with self.transaction() as tx:
            detail = tx.story(story_id)
            tx.release_copies(detail.article_ids if detail else [])
            return tx.remove_story(story_id)

    def remove_article(self, article_id: str) -> None:
        """Delete one article (its copies re-pointed)."""
        with self.transaction() as tx:
            tx.release_copies([article_id])
            tx.remove_article(article_id)


def _open_schema(engine: Engine) -> None:
    """Check the library's schema version in a read (so opening never waits for a writer at work);
    only a new library's tables are created, in a write of their own."""
    with engine.execution_options(**{_READ_ONLY: True}).connect() as connection, connection.begin():
        if _check_schema(connection, engine.url):
            return
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Two processes opening a new library at once: one creates the tables, the other waits.
            connection.execute(select(func.pg_advisory_xact_lock(_WRITER_LOCK)))
        if not _check_schema(connection, engine.url):
            Base.metadata.create_all(connection)
            connection.execute(insert(SettingRow).values(key=_VERSION_KEY, value=SCHEMA_VERSION))


def _check_schema(connection: Connection, url: URL) -> bool:
    """False for a new library (none of its tables); True when it has this schema version; a
    library of another version is refused."""
    present = set(inspect(connection).get_table_names())
    if not present & set(Base.metadata.tables):
        return False
    version = None
    if SettingRow.__tablename__ in present:
        version = connection.scalar(select(SettingRow.value).where(SettingRow.key == _VERSION_KEY))
    if version != SCHEMA_VERSION:
        masked = url.render_as_string(hide_password=True)
        made_by = f"schema version {version}" if version else "an earlier newsfuse, before schema versions"
        raise LibraryError(
            f"library database {masked} was made by {made_by}; this newsfuse reads schema version "
            f"{SCHEMA_VERSION} and cannot migrate it: add the articles again into a new library "
            "(`newsfuse add INPUT... --db NEW.db`), or use the newsfuse that made it"
        )
    return True


def library_url(url: str | None = None) -> URL:
    """The SQLAlchemy URL for a path or database URL (psycopg 3 for PostgreSQL)."""
    text = url or os.environ.get(URL_VARIABLE) or DEFAULT_URL
    if "://" not in text:
        text = f"sqlite:///{text}"
    try:
        parsed = make_url(text)
    except ArgumentError as error:
        raise ConfigError(
            f"library database {text!r} is not a database URL: use a file path, sqlite:///PATH or "
            "postgresql://USER:PASSWORD@HOST:PORT/DATABASE"
        ) from error
    if parsed.drivername in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in {"sqlite", "postgresql"}:
        raise ConfigError(
            f"library database {parsed.render_as_string(hide_password=True)} uses {parsed.get_backend_name()}, "
            "which newsfuse does not support: use a file path, sqlite:///PATH or postgresql://..."
        )
    return parsed


def create_library_engine(url: str | None = None) -> Engine:
    """An engine for the library's database; on SQLite, WAL mode, foreign keys and a busy timeout."""
    parsed = library_url(url)
    try:
        engine = create_engine(parsed)
    except (ArgumentError, NoSuchModuleError, ImportError) as error:
        raise ConfigError(
            f"library database {parsed.render_as_string(hide_password=True)} cannot be used ({error}): "
            "use sqlite:///PATH or postgresql://USER:PASSWORD@HOST:PORT/DATABASE"
        ) from error
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection: Any, record: Any) -> None:
    # Python's sqlite3 would open transactions itself, late and implicitly; SQLAlchemy's `begin`
    # hook opens them instead, so a whole unit of work is one SQLite transaction.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    # A write takes the write lock up front (IMMEDIATE): two processes adding at once queue on the
    # busy timeout instead of one failing when its read turns into a write. A read begins DEFERRED,
    # so under WAL it reads the last commit while a writer works, and never waits for it.
    read_only = connection.get_execution_options().get(_READ_ONLY, False)
    # query_only makes a read that tries to write fail at once, as READ ONLY does on PostgreSQL.
    connection.exec_driver_sql(f"PRAGMA query_only = {'ON' if read_only else 'OFF'}")
    connection.exec_driver_sql("BEGIN DEFERRED" if read_only else "BEGIN IMMEDIATE")


def _unreachable(url: URL, error: DBAPIError) -> ConfigError:
    masked = url.render_as_string(hide_password=True)
    reason = str(error.orig).strip().splitlines()[0] if error.orig is not None else str(error)
    if url.get_backend_name() == "sqlite":
        fix = "check that its folder exists and is writable, or pass another file"
    else:
        fix = "check that the server is running and that the user, password and database are right"
    return ConfigError(f"library database {masked} could not be opened ({reason}): {fix}")


def _names_original(reason: str, original: str) -> bool:
    """Whether a syndication reason is the near-copy match with `original` (ingest's or an add's)."""
    return reason.endswith(f"shared with {original}") or f"shared with {original}, added earlier" in reason


def _chunks(items: Sequence[_Item]) -> Iterator[Sequence[_Item]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _free_id(wanted: str, digest: str, taken: set[str]) -> str:
    # Two different articles can arrive under one id (two folders each with `index.html`):
    # the later one gets the ingest stage's suffix, a prefix of its content hash.
    if wanted not in taken:
        return wanted
    for length in (6, 12, 64):
        candidate = f"{wanted}-{digest[:length]}"
        if candidate not in taken:
            return candidate
    raise ValueError(f"article id {wanted} is taken under every suffix")  # only with a sha256 collision


def _to_row(article: Article, article_id: str, digest: str, now: datetime) -> ArticleRow:
    return ArticleRow(
        id=article_id,
        content_hash=digest,
        origin=article.origin,
        source=article.source,
        title=article.title,
        url=article.url,
        published=article.published,
        published_from=article.published_from,
        text=article.text,
        removed=[{"text": removed.text, "reason": removed.reason} for removed in article.removed],
        syndicated=article.syndicated,
        syndicated_because=article.syndicated_because,
        duplicate_of=article.duplicate_of,
        added=now,
    )


def _to_article(row: ArticleRow) -> Article:
    return Article(
        id=row.id,
        origin=row.origin,
        text=row.text,
        title=row.title,
        source=row.source,
        url=row.url,
        published=row.published,
        published_from=row.published_from,
        removed=[Removed(entry["text"], entry["reason"]) for entry in row.removed],
        syndicated=row.syndicated,
        syndicated_because=row.syndicated_because,
        duplicate_of=row.duplicate_of,
    )


def _summary(row: StoryRow) -> StorySummary:
    return StorySummary(
        id=row.id,
        created=row.created,
        updated=row.updated,
        article_count=row.article_count,
        independent_sources=row.independent_sources,
        disagreements=row.disagreements,
        headline=row.headline,
        outlets=tuple(row.outlets or ()),
        kinds=tuple((kind, int(count)) for kind, count in (row.kinds or {}).items()),
    )
