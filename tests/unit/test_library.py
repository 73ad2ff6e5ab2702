"""The library store, against SQLite always and PostgreSQL when NEWSFUSE_TEST_POSTGRES_URL names one."""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from newsfuse.document import Article, Removed
from newsfuse.errors import ConfigError
from newsfuse.library import Library, content_hash
from newsfuse.library.store import library_url

POSTGRES_VARIABLE = "NEWSFUSE_TEST_POSTGRES_URL"
BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(
            not os.environ.get(POSTGRES_VARIABLE),
            reason=f"{POSTGRES_VARIABLE} is not set (.ci/run sets it after starting PostgreSQL on loopback)",
        ),
    ),
]


@contextmanager
def fresh_postgres_schema() -> Iterator[str]:
    """A URL whose connections see only a new, empty schema of the test database, dropped afterwards."""
    base = library_url(os.environ[POSTGRES_VARIABLE])
    schema = f"newsfuse_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        yield base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def library_url_for_test(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL for an empty library: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'library.db'}"
    else:
        with fresh_postgres_schema() as url:
            yield url


@pytest.fixture
def library(library_url_for_test: str) -> Iterator[Library]:
    with Library.open(library_url_for_test) as library:
        yield library


def article(number: int, **fields: object) -> Article:
    values: dict[str, object] = {
        "origin": f"inputs/article-{number}.html",
        "text": f"Article {number}: the harbour bridge closed on Monday.\n\nRepairs will take {number} weeks.",
        "title": f"Bridge closure {number}",
        "source": f"Outlet {number % 3}",
        "url": f"https://news.example/{number}",
        "published": date(2024, 5, 13),
        "published_from": "meta",
    }
    values.update(fields)
    return Article(f"article-{number}", **values)  # type: ignore[arg-type]


def test_the_same_article_added_twice_is_stored_once(library: Library) -> None:
    first = library.add_articles([article(1), article(2)])
    assert first.stored == ("article-1", "article-2") and first.present == ()
    # The same text again, re-spaced and under another id: already present, mapped to the stored id.
    again = article(1, text="  " + article(1).text.replace(" ", "\n "), origin="elsewhere.txt")
    again.id = "renamed"
    second = library.add_articles([again, article(3), article(3)])
    assert second.library_ids == ("article-1", "article-3", "article-3")
    assert second.stored == ("article-3",) and second.present == ("article-1", "article-3")
    assert [a.id for a in library.articles()] == ["article-1", "article-2", "article-3"]


def test_a_different_article_under_a_taken_id_gets_its_own(library: Library) -> None:
    library.add_articles([article(1)])
    other = article(2)
    other.id = "article-1"
    result = library.add_articles([other])
    assert result.library_ids == (f"article-1-{content_hash(other.text, other.source)[:6]}",)
    assert len(library.articles()) == 2


def test_an_article_reads_back_as_it_was_stored(library: Library) -> None:
    original = article(
        7,
        text="Ünïcode “quotes” — and\nline breaks\n\nkept exactly.  Two spaces too.",
        removed=[Removed("Most read: ten things", "navigation"), Removed("Share on X", "share links")],
        syndicated=True,
        syndicated_because="says: originally published by Wire",
        duplicate_of="article-3",
        published=date(2023, 12, 31),
    )
    library.add_articles([original])
    (back,) = library.articles(["article-7"])
    assert back == original
    assert back.text == original.text and back.removed == original.removed and back.published == date(2023, 12, 31)
    bare = Article("bare", "bare.txt", "Only text, nothing else known.")
    library.add_articles([bare])
    assert library.articles(["missing", "bare"]) == [bare]


def test_stories_are_listed_with_their_counts(library: Library) -> None:
    result = library.add_articles([article(n) for n in range(1, 6)])
    with library.transaction() as tx:
        tx.assign("bridge", result.library_ids[:3])
        tx.save_report("bridge", '{"story": "bridge"}', independent_sources=3, disagreements=2)
    library.assign("storm", result.library_ids[3:])
    summaries = library.stories()
    assert [s.id for s in summaries] == ["storm", "bridge"], "most recently updated first"
    storm, bridge = summaries
    assert (bridge.article_count, bridge.independent_sources, bridge.disagreements) == (3, 3, 2)
    assert (storm.article_count, storm.independent_sources, storm.disagreements) == (2, 0, 0)
    assert bridge.created.tzinfo is not None and abs(datetime.now(UTC) - bridge.updated).total_seconds() < 60
    detail = library.story("bridge")
    assert detail is not None
    summary, report, article_ids = detail
    assert summary == bridge and report == '{"story": "bridge"}'
    assert article_ids == ["article-1", "article-2", "article-3"]
    assert library.story("nothing") is None


def test_assigning_an_article_to_another_story_moves_it(library: Library) -> None:
    library.add_articles([article(1), article(2)])
    library.assign("a", ["article-1", "article-2"])
    library.assign("b", ["article-2"])
    library.assign("b", ["article-2"])
    counts = {s.id: s.article_count for s in library.stories()}
    assert counts == {"a": 1, "b": 1}
    with pytest.raises(LookupError, match="no article ghost"):
        library.assign("a", ["ghost"])


def test_removing_a_story_removes_its_articles_and_nothing_else(library: Library) -> None:
    library.add_articles([article(n) for n in range(1, 5)])
    library.assign("bridge", ["article-1", "article-2"])
    library.assign("storm", ["article-3"])
    assert library.remove_story("bridge") == ["article-1", "article-2"]
    assert [s.id for s in library.stories()] == ["storm"]
    assert [a.id for a in library.articles()] == ["article-3", "article-4"]
    with pytest.raises(LookupError, match="no story bridge"):
        library.remove_story("bridge")
    # Removed means gone: adding it again stores it anew.
    assert library.add_articles([article(1)]).stored == ("article-1",)


def test_removing_an_article_updates_its_story(library: Library) -> None:
    library.add_articles([article(1), article(2)])
    library.assign("bridge", ["article-1", "article-2"])
    library.remove_article("article-1")
    detail = library.story("bridge")
    assert detail is not None and detail.article_ids == ["article-2"] and detail.summary.article_count == 1
    with pytest.raises(LookupError, match="no article article-1"):
        library.remove_article("article-1")


def test_an_error_inside_a_transaction_leaves_nothing_written(library: Library) -> None:
    library.add_articles([article(1)])
    library.assign("bridge", ["article-1"])
    with pytest.raises(RuntimeError, match="crash"), library.transaction() as tx:
        tx.add_articles([article(n) for n in range(2, 40)])
        tx.assign("storm", [f"article-{n}" for n in range(2, 40)])
        tx.assign("storm", ["article-1"])
        tx.save_report("storm", "{}", independent_sources=9, disagreements=9)
        tx.remove_story("bridge")
        raise RuntimeError("crash")
    assert [a.id for a in library.articles()] == ["article-1"]
    assert [(s.id, s.article_count) for s in library.stories()] == [("bridge", 1)]


def test_a_transaction_reads_its_own_writes(library: Library) -> None:
    with library.transaction() as tx:
        result = tx.add_articles([article(1)])
        tx.assign("bridge", result.library_ids)
        assert [s.article_count for s in tx.stories()] == [1]
        assert [a.id for a in tx.articles(result.library_ids)] == ["article-1"]


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    with Library.open(str(path)) as library:
        with library.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000
        library.add_articles([article(1)])
    raw = sqlite3.connect(path)
    try:
        # WAL is a property of the file: any later reader sees it.
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        raw.close()


def test_the_default_library_is_a_file_in_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEWSFUSE_LIBRARY_URL", raising=False)
    with Library.open() as library:
        assert library.url == "sqlite:///newsfuse.db"
    assert (tmp_path / "newsfuse.db").is_file()
    monkeypatch.setenv("NEWSFUSE_LIBRARY_URL", str(tmp_path / "elsewhere.db"))
    with Library.open() as library:
        library.add_articles([article(1)])
    assert (tmp_path / "elsewhere.db").is_file()


def test_postgresql_urls_use_psycopg_3() -> None:
    assert library_url("postgresql://u:p@127.0.0.1/db").drivername == "postgresql+psycopg"
    assert library_url("postgres://u:p@127.0.0.1/db").drivername == "postgresql+psycopg"
    assert library_url("library.db").render_as_string() == "sqlite:///library.db"


def test_an_unsupported_url_says_what_to_use() -> None:
    with pytest.raises(ConfigError, match=r"mysql://u:\*\*\*@host/db uses mysql.*postgresql://"):
        Library.open("mysql://u:secret@host/db")


def test_an_unreachable_database_is_named_with_its_password_masked() -> None:
    # Port 9 on loopback: nothing listens there, so the connection is refused at once.
    with pytest.raises(ConfigError) as raised:
        Library.open("postgresql://newsfuse:secret@127.0.0.1:9/nothing?connect_timeout=2")
    message = str(raised.value)
    assert "secret" not in message
    assert "postgresql+psycopg://newsfuse:***@127.0.0.1:9/nothing" in message
    assert "check that the server is running" in message


def test_a_sqlite_file_in_a_missing_folder_says_so(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="check that its folder exists"):
        Library.open(str(tmp_path / "no" / "such" / "folder" / "library.db"))


def test_reads_never_wait_for_a_writer(library_url_for_test: str) -> None:
    """A writer holding its transaction (and the writers' lock) does not hold up a reader, nor a
    second process opening the library: reads see the last commit at once."""
    import threading
    import time

    with Library.open(library_url_for_test) as writer_library, Library.open(library_url_for_test) as reader:
        writer_library.add_articles([article(1)])
        writer_library.assign("s1", ["article-1"])
        holding, release = threading.Event(), threading.Event()

        def writer() -> None:
            with writer_library.transaction() as tx:
                tx.lock()
                tx.add_articles([article(2)])
                holding.set()
                release.wait(60)

        thread = threading.Thread(target=writer)
        thread.start()
        try:
            assert holding.wait(30)
            started = time.monotonic()
            assert [s.id for s in reader.stories()] == ["s1"]
            detail = reader.story("s1")
            assert detail is not None and detail.article_ids == ["article-1"]
            assert [a.id for a in reader.articles()] == ["article-1"], "the writer's article is not committed yet"
            Library.open(library_url_for_test).close()
            assert time.monotonic() - started < 2.0, "a read waited for the writer"
        finally:
            release.set()
            thread.join(60)
        assert [a.id for a in reader.articles()] == ["article-1", "article-2"]


def test_a_library_file_that_does_not_exist_is_refused_when_not_to_be_made(tmp_path: Path) -> None:
    from newsfuse.errors import LibraryError

    missing = tmp_path / "librray.db"
    with pytest.raises(LibraryError, match=f"{missing} does not exist"):
        Library.open(str(missing), create=False)
    assert not missing.exists()
    Library.open(str(missing)).close()
    Library.open(str(missing), create=False).close()
