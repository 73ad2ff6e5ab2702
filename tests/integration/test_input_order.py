"""The same inputs in any order give the same report, from `analyze` and from the library alike."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from newsfuse.config import Config
from newsfuse.library import Library, service
from newsfuse.pipeline import analyze
from newsfuse.report import Story
from tests.conftest import EXAMPLE, SEEDS, needs_shared


def _files(folder: Path) -> list[str]:
    return sorted(str(path) for path in folder.iterdir() if path.suffix in {".txt", ".html", ".json", ".jsonl"})


def _without_id(story: Story) -> dict[str, object]:
    found = story.model_dump(mode="json")
    found.pop("id")
    return found


def _check(folder: Path, config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1715731200")
    files = _files(folder)
    reports = []
    for seed in (1, 2, 3):
        random.Random(seed).shuffle(files)
        reports.append(analyze(list(files), config).to_json())
    assert reports[0] == reports[1] == reports[2], "the order of the inputs changed the report"
    (story,) = analyze(list(files), config).stories
    with Library.open(f"sqlite:///{tmp_path / 'library.db'}") as library:
        random.Random(4).shuffle(files)
        (created,) = service.add(library, files, config).created
        (stored,) = service.show(library, created).stories
    assert _without_id(stored) == _without_id(story), "the library and analyze disagree on the same articles"


def test_the_example_in_any_order_gives_one_report(
    config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _check(EXAMPLE, config, tmp_path, monkeypatch)


@needs_shared
@pytest.mark.slow
def test_the_reference_story_in_any_order_gives_one_report(
    config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _check(SEEDS, config, tmp_path, monkeypatch)
