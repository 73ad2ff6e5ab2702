"""kill -9 in the middle of a library transaction: the library stays consistent and a rerun completes.

The test runs this file as a child process that adds articles to a story in one transaction and
is killed (by itself, or by the test) before it commits.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsfuse.document import Article, Removed
from newsfuse.library import Library

ROOT = Path(__file__).resolve().parents[2]
STORY = "bridge"
COUNT = 300  # articles the child adds; about 3 MB, more than SQLite's page cache, so some reach the disk
CHUNK = 100
BASELINE = 100  # articles committed before the child runs


def articles(count: int) -> list[Article]:
    """The same `count` articles on every call; each about 10 KB of text."""
    filler = " ".join(f"word{n % 97}" for n in range(1600))
    return [
        Article(
            f"a{number:05d}",
            f"feed.xml[{number}]",
            f"Article {number} on the harbour bridge.\n\n{filler}",
            title=f"Bridge {number}",
            source=f"Outlet {number % 7}",
            removed=[Removed(f"Most read {number}", "navigation")],
        )
        for number in range(count)
    ]


def add_all(library: Library, count: int, die_after_chunk: int | None = None, wait: bool = False) -> None:
    """Add `count` articles to the story and report on it, all in one transaction."""
    batch = articles(count)
    with library.transaction() as tx:
        ids: list[str] = []
        for number, start in enumerate(range(0, count, CHUNK)):
            ids.extend(tx.add_articles(batch[start : start + CHUNK]).library_ids)
            print(f"flushed {number}", flush=True)
            if number == die_after_chunk:
                os.kill(os.getpid(), signal.SIGKILL)
        tx.assign(STORY, ids)
        tx.save_report(STORY, json.dumps({"articles": len(ids)}), independent_sources=7, disagreements=1)
        if wait:
            print("ready to commit", flush=True)
            sys.stdin.readline()


def _child(url: str, mode: str) -> None:
    with Library.open(url) as library:
        if mode == "mid-add":
            add_all(library, COUNT, die_after_chunk=1)
        elif mode == "before-commit":
            add_all(library, COUNT, die_after_chunk=COUNT // CHUNK - 1)
        elif mode == "killed-by-test":
            add_all(library, COUNT, wait=True)
        else:
            raise SystemExit(f"unknown mode {mode}")


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'library.db'}"
        return
    from tests.unit.test_library import POSTGRES_VARIABLE, fresh_postgres_schema

    if not os.environ.get(POSTGRES_VARIABLE):
        pytest.skip(f"{POSTGRES_VARIABLE} is not set (.ci/run sets it after starting PostgreSQL on loopback)")
    with fresh_postgres_schema() as postgres_url:
        yield postgres_url


def run_child(url: str, mode: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, __file__, url, mode]
    if mode != "killed-by-test":
        return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    with subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as child:
        assert child.stdout is not None
        lines = []
        # Killed while it is still writing: after its first chunk is in the database.
        for line in child.stdout:
            lines.append(line)
            if line.startswith("flushed 0"):
                os.kill(child.pid, signal.SIGKILL)
                break
        stdout, stderr = child.communicate(timeout=60)
        return subprocess.CompletedProcess(command, child.returncode, "".join(lines) + stdout, stderr)


def assert_consistent(url: str, articles_expected: int) -> None:
    if url.startswith("sqlite:///"):
        raw = sqlite3.connect(url.removeprefix("sqlite:///"))
        try:
            assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
        finally:
            raw.close()
    with Library.open(url) as library:
        stored = library.articles()
        assert [a.id for a in stored] == [a.id for a in articles(articles_expected)], "no partial rows"
        assert all(a.removed for a in stored)
        detail = library.story(STORY)
        assert detail is not None
        assert detail.summary.article_count == len(detail.article_ids) == articles_expected
        assert detail.report == json.dumps({"articles": articles_expected})


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["mid-add", "before-commit", "killed-by-test"])
def test_a_killed_add_leaves_the_library_as_it_was_and_a_rerun_completes(url: str, mode: str) -> None:
    with Library.open(url) as library:
        add_all(library, BASELINE)
    assert_consistent(url, BASELINE)

    child = run_child(url, mode)
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert "flushed 0" in child.stdout, "killed only after writing inside its transaction"
    if url.startswith("sqlite:///") and mode == "before-commit":
        # Uncommitted pages did reach the write-ahead log (past its 32-byte header) before the
        # kill, so recovery had something to drop.
        assert Path(url.removeprefix("sqlite:///") + "-wal").stat().st_size > 100_000
    assert_consistent(url, BASELINE)

    with Library.open(url) as library:
        add_all(library, COUNT)
        again = library.add_articles(articles(COUNT))
    assert again.stored == () and len(again.present) == COUNT, "the same articles are stored once"
    assert_consistent(url, COUNT)


if __name__ == "__main__":
    _child(sys.argv[1], sys.argv[2])
