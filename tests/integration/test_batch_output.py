"""`newsfuse batch` on the fictional example: what it writes where, what it refuses, and that an
earlier run's reports survive a run that does not finish."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsfuse.batch import run_batch
from newsfuse.cli import app
from newsfuse.config import Config
from newsfuse.errors import ConfigError
from tests.conftest import EXAMPLE

pytestmark = pytest.mark.slow


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Two records of the example's wire dump, and one record without text."""
    (tmp_path / "in").mkdir()
    lines = (EXAMPLE / "wire.jsonl").read_text(encoding="utf-8").splitlines()
    lines.append(json.dumps({"id": "no-text", "title": "A headline and nothing else"}))
    (tmp_path / "in" / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path / "in"


def test_the_cli_writes_the_stories_and_names_each_rejection(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["batch", str(folder), "--out", str(out)])
    assert result.exit_code == 1, "a rejected record makes the exit code 1; the rest is written"
    rejected = [line for line in result.stderr.splitlines() if line.startswith("rejected:")]
    assert len(rejected) == 1 and "E112" in rejected[0] and "wire.jsonl" in rejected[0]
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    stories = len(index["stories"])
    assert f"2 articles, {stories} {'story' if stories == 1 else 'stories'} written to {out}" in result.stdout
    assert sorted(p.stem for p in (out / "stories").glob("*.json")) == sorted(s["id"] for s in index["stories"])
    assert sorted(p.name for p in out.iterdir()) == ["index.json", "stories"], "no scratch files are left"
    (story,) = [s for s in index["stories"] if "bay-times-repost" in s["articles"]]
    assert "wire-bridge-1" in story["articles"], "the repost follows the wire story it copies"
    report = json.loads((out / "stories" / f"{story['id']}.json").read_text(encoding="utf-8"))
    repost = next(a for a in report["stories"][0]["articles"] if a["id"] == "bay-times-repost")
    assert repost["syndicated"] and repost["duplicate_of"] == "wire-bridge-1"


def test_an_output_inside_the_input_folder_is_not_read_back(folder: Path, config: Config) -> None:
    first = run_batch([str(folder)], folder / "out", config)
    again = run_batch([str(folder)], folder / "out", config)
    assert again.articles == first.articles == 2, "the first run's reports are not taken for articles"
    assert again.stories == first.stories and len(again.rejected) == 1


def test_a_run_that_does_not_finish_leaves_the_earlier_reports(
    folder: Path, tmp_path: Path, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsfuse.batch import stages

    out = tmp_path / "out"
    run_batch([str(folder)], out, config)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def interrupted(*_: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(stages.Reconciler, "__call__", interrupted)  # Ctrl-C while reconciling
    with pytest.raises(KeyboardInterrupt):
        run_batch([str(folder)], out, config)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before, "the earlier stories and index are all there, and no scratch folder is left"


def test_an_output_that_is_a_file_is_refused_with_the_fix(folder: Path, tmp_path: Path, config: Config) -> None:
    (tmp_path / "taken").write_text("not a folder")
    with pytest.raises(ConfigError, match=r"cannot write to .*taken.*pass --out a folder"):
        run_batch([str(folder)], tmp_path / "taken", config)


def test_parquet_without_pyarrow_is_one_named_rejection(
    folder: Path, tmp_path: Path, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    (folder / "archive.parquet").write_bytes(b"PAR1")
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)  # as if pyarrow were not installed
    result = run_batch([str(folder)], tmp_path / "out", config)
    codes = {r.code: r.message for r in result.rejected}
    assert "archive.parquet" in codes["E127"] and "newsfuse[parquet]" in codes["E127"]
    assert result.articles == 2, "the JSON lines beside it are still read"


def test_a_missing_parquet_file_is_named(folder: Path, tmp_path: Path, config: Config) -> None:
    result = run_batch([str(folder / "missing.parquet"), str(folder)], tmp_path / "out", config)
    assert [r.code for r in result.rejected] == ["E108", "E112"] and result.articles == 2
