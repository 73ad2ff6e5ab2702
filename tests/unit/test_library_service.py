"""The library service (add, show, remove) on invented stories, against SQLite and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from newsfuse.config import Config
from newsfuse.document import Article
from newsfuse.errors import LibraryError
from newsfuse.library import Library, service
from newsfuse.library.store import Analysis
from newsfuse.report import Report
from newsfuse.stories import ArticleFeatures, StoryState
from tests.conftest import EXAMPLE
from tests.unit.test_library import BACKENDS, POSTGRES_VARIABLE, fresh_postgres_schema

# Invented: a grain store fire in the fictional Kessel Bay, unrelated to the Port Alder bridge.
FIRE = [
    "A fire burned down the old grain store on Quay Street in Kessel Bay late on Friday. Fire chief "
    "Ingrid Solberg said nobody was hurt and that the cause of the blaze was still being investigated.",
    "Kessel Bay's old grain store was destroyed by fire on Friday night, fire chief Ingrid Solberg said. "
    "Crews from Harrow and Kessel Bay fought the flames on Quay Street for four hours.",
]


def fire(number: int, **fields: object) -> Article:
    return Article(f"fire-{number}", f"fire-{number}.txt", FIRE[number], published=date(2024, 6, 7), **fields)  # type: ignore[arg-type]


@pytest.fixture(params=BACKENDS)
def library(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Library]:
    if request.param == "sqlite":
        with Library.open(f"sqlite:///{tmp_path / 'library.db'}") as library:
            yield library
    else:
        with fresh_postgres_schema() as url, Library.open(url) as library:
            yield library


def assert_consistent(library: Library) -> None:
    """Every article is in one story whose clusterer state, counts and report agree with the rows."""
    with library.transaction() as tx:
        states = tx.states()
        summaries = tx.stories()
        details = {s.id: tx.story(s.id) for s in summaries}
        stored = [a.id for a in tx.articles()]
        analysed = sorted(tx.analyses(stored))
    assert set(states) == set(details) and analysed == stored
    placed: list[str] = []
    for summary in summaries:
        detail = details[summary.id]
        assert detail is not None and detail.report is not None, summary.id
        members = detail.article_ids
        assert summary.article_count == len(members) > 0
        state = StoryState.from_record(states[summary.id])
        assert sorted(state.members) == members
        rows = {a.id: a for a in library.articles(members)}
        copies = {m: rows[m].duplicate_of for m in members if rows[m].duplicate_of}
        assert state.copies == copies, "the clusterer's copies are the rows' copies"
        story = Report.model_validate_json(service.show(library, summary.id).to_json()).stories[0]
        assert story.id == summary.id and sorted(a.id for a in story.articles) == members
        placed.extend(members)
    assert sorted(placed) == stored, "each stored article is in exactly one story"
    # The clusterer's saved bookkeeping agrees with the stories: the index and the next key.
    with library.transaction() as tx:
        index, stories, articles, next_article = tx.story_index()
        next_key = tx.next_story_key()
    assert stories == len(states) and (index is None) == (not states)
    assert all((service.story_key(story_id) or 0) < next_key for story_id in states)
    if index is not None:
        from usearch.index import Index

        restored = Index.restore(bytearray(index))
        assert restored is not None
        assert sorted(int(key) for key in restored.keys) == sorted(service.story_key(s) or -1 for s in states)
    # Every stored article has its own key in the index of recent articles (a removed article's
    # entry may stay behind until it ages out: it leads nowhere).
    with library.engine.connect() as connection:
        rows = connection.execute(text("SELECT article_id, index_key FROM article_analysis"))
        keys = {str(article_id): key for article_id, key in rows}
    assert None not in keys.values() and len(set(keys.values())) == len(keys)
    assert all(key < next_article for key in keys.values())
    if articles is not None:
        from usearch.index import Index

        recent = Index.restore(bytearray(articles))
        assert recent is not None and set(keys.values()) <= {int(key) for key in recent.keys}


def test_adding_twice_stores_once_and_a_later_event_is_its_own_story(library: Library, config: Config) -> None:
    first = service.add(library, [str(EXAMPLE)], config)
    # Six articles: the wire story's repost by another outlet is kept, as a copy.
    assert first.created == ("s1",) and len(first.stored) == 6 and not first.rejected
    again = service.add(library, [str(EXAMPLE)], config)
    assert again.stored == () and again.created == again.updated == ()
    assert sorted(again.present) == sorted(first.stored)

    later = service.add_articles(library, [fire(0)], config)
    assert later.created == ("s2",)
    # A copy of an article stored in an earlier run joins its story.
    copy = Article("fire-0-repost", "repost.txt", FIRE[0] + " Reprinted.", published=date(2024, 6, 8))
    copy.duplicate_of = "fire-0"
    joined = service.add_articles(library, [fire(0), copy, fire(1)], config)
    assert joined.created == () and joined.updated == ("s2",) and joined.present == ("fire-0",)

    summaries = {s.id: s for s in service.stories(library)}
    assert [s.id for s in service.stories(library)] == ["s2", "s1"], "most recently updated first"
    assert summaries["s2"].article_count == 3 and summaries["s2"].independent_sources == 2
    assert summaries["s1"].article_count == 6 and summaries["s1"].independent_sources == 5
    assert summaries["s1"].disagreements > 0
    assert "bridge" in (summaries["s1"].headline or "").lower()
    report = Report.model_validate_json(service.show(library, "s1").to_json())
    (story,) = report.stories
    assert story.id == "s1" and len(story.disagreements) == summaries["s1"].disagreements
    assert_consistent(library)


def test_removing_an_article_refreshes_its_story_and_the_last_one_removes_it(library: Library, config: Config) -> None:
    service.add_articles(library, [fire(0), fire(1)], config)
    assert service.remove_article(library, "fire-0", config) == "s1"
    (summary,) = service.stories(library)
    assert summary.article_count == 1
    assert [a.id for a in service.show(library, "s1").stories[0].articles] == ["fire-1"]
    assert_consistent(library)
    assert service.remove_article(library, "fire-1", config) == "s1"
    assert service.stories(library) == []
    with pytest.raises(LibraryError, match="no article fire-1"):
        service.remove_article(library, "fire-1", config)
    # Story ids are never reused.
    assert service.add_articles(library, [fire(0)], config).created == ("s2",)
    assert service.remove_story(library, "s2") == ["fire-0"]
    with pytest.raises(LibraryError, match=r"no story s2 .*newsfuse stories"):
        service.show(library, "s2")
    with pytest.raises(LibraryError, match="no story s2"):
        service.remove_story(library, "s2")


def test_a_stored_parse_gives_the_spans_a_fresh_parse_gives(library: Library, config: Config) -> None:
    service.add_articles(library, [fire(0)], config)
    (stored,) = library.articles(["fire-0"])
    with library.transaction() as tx:
        analysis = tx.analyses(["fire-0"])["fire-0"]
    assert service._unpack(stored, analysis, config)
    fresh = fire(0)
    from newsfuse.parse import annotate

    annotate([fresh], config.parse)
    assert (stored.sentences, stored.entities) == (fresh.sentences, fresh.entities)
    assert [t.dep_ for t in stored.doc] == [t.dep_ for t in fresh.doc]
    assert ArticleFeatures.from_record(analysis.features).article_id == "fire-0"
    # Another pipeline's parse is not used.
    other = Analysis(analysis.features, analysis.parse, "another_pipeline")
    assert not service._unpack(stored, other, config)


def test_a_library_of_another_schema_version_is_refused_with_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    with Library.open(str(path)) as library, library.engine.begin() as connection:
        connection.execute(text("UPDATE library_settings SET value = '0' WHERE key = 'schema_version'"))
    with pytest.raises(LibraryError, match=rf"{path}.*schema version 0.*newsfuse add INPUT\.\.\. --db NEW\.db"):
        Library.open(str(path))
    # A library from before schema versions: its tables, but no version.
    older = tmp_path / "older.db"
    with Library.open(str(older)) as library, library.engine.begin() as connection:
        connection.execute(text("DROP TABLE library_settings"))
    with pytest.raises(LibraryError, match="made by an earlier newsfuse, before schema versions"):
        Library.open(str(older))


@pytest.mark.skipif(not os.environ.get(POSTGRES_VARIABLE), reason=f"{POSTGRES_VARIABLE} is not set")
def test_two_concurrent_adds_to_postgresql_both_land_each_article_once(config: Config, tmp_path: Path) -> None:
    for number, body in enumerate(FIRE):
        (tmp_path / f"fire-{number}.txt").write_text(f"Grain store fire\n\n{body}\n", encoding="utf-8")
    with fresh_postgres_schema() as url:
        command = [sys.executable, "-m", "newsfuse", "add", "--db", url]
        # Both read the bridge story; each also brings a fire article of its own.
        children = [
            subprocess.Popen(
                [*command, str(EXAMPLE), str(tmp_path / f"fire-{n}.txt")],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for n in range(2)
        ]
        for child in children:
            _, stderr = child.communicate(timeout=120)
            assert child.returncode == 0, stderr
        with Library.open(url) as library:
            ids = [a.id for a in library.articles()]
            assert len(ids) == len(set(ids)) == 8
            counts = sorted(s.article_count for s in service.stories(library))
            assert counts == [2, 6]
            assert_consistent(library)


def test_a_repost_added_in_a_later_run_is_marked_a_copy_and_is_no_second_source(
    library: Library, config: Config
) -> None:
    service.add(library, [str(EXAMPLE)], config)
    (herald,) = library.articles(["coastal-herald"])
    repost = Article(
        "harbour-weekly", "harbour-weekly.txt", herald.text + "\n\nReprinted with permission.", source="Harbour Weekly"
    )
    later = service.add_articles(library, [repost], config)
    assert later.stored == ("harbour-weekly",) and later.updated == ("s1",) and later.created == ()
    (stored,) = library.articles(["harbour-weekly"])
    assert stored.duplicate_of == "coastal-herald" and stored.syndicated
    assert "added earlier" in (stored.syndicated_because or "")
    (summary,) = [s for s in service.stories(library) if s.id == "s1"]
    assert summary.article_count == 7 and summary.independent_sources == 5
    assert_consistent(library)


def test_removing_an_original_re_points_its_copies_and_their_story_says_so(library: Library, config: Config) -> None:
    service.add_articles(library, [fire(0)], config)
    copies = []
    for number, outlet in enumerate(("Harrow Herald", "Quay Weekly"), start=1):
        copy = Article(f"fire-0-copy-{number}", f"copy-{number}.txt", FIRE[0] + f" Reprinted by {outlet}.")
        copy.source = outlet
        copies.append(copy)
    for copy in copies:  # in later runs, one each: found as copies of the stored original
        service.add_articles(library, [copy], config)
    assert [a.duplicate_of for a in library.articles(["fire-0-copy-1", "fire-0-copy-2"])] == ["fire-0", "fire-0"]

    assert service.remove_article(library, "fire-0", config) == "s1"
    first, second = library.articles(["fire-0-copy-1", "fire-0-copy-2"])
    assert first.duplicate_of is None and "its original fire-0 was removed" in (first.syndicated_because or "")
    assert second.duplicate_of == "fire-0-copy-1", "the other copy now counts with the first"
    (story,) = service.show(library, "s1").stories
    shown = {a.id: a for a in story.articles}
    assert "fire-0 was removed" in (shown["fire-0-copy-1"].syndicated_because or "")
    assert shown["fire-0-copy-2"].duplicate_of == "fire-0-copy-1"
    assert not first.syndicated, "a copy of nothing the library holds any more is the original now"
    (summary,) = service.stories(library)
    assert summary.independent_sources == 1, "two copies of one wire story are still one source"
    assert_consistent(library)
