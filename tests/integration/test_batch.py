"""`newsfuse batch` on both engines: the same stories and byte-identical reports, on a real local Ray
instance (ray.init(num_cpus=2)), over a subset of ECB+ given as JSON lines and as Parquet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsfuse.batch import run_batch
from newsfuse.config import Config
from newsfuse.report import Report
from tests.conftest import SHARED, needs_shared

ECB = SHARED / "datasets" / "ecbplus" / "ecbplus.jsonl"
pytestmark = [needs_shared, pytest.mark.slow]


@pytest.fixture(scope="module")
def subset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two ECB+ topics (four stories: two pairs of similar events), plus a copy and a bad record."""
    records = [json.loads(line) for line in ECB.read_text(encoding="utf-8").splitlines()]
    chosen = [r for r in records if r["topic_id"] in ("3", "7")]
    repost = {**chosen[1], "id": "repost-of-" + chosen[1]["id"], "source": "Another Outlet"}
    folder = tmp_path_factory.mktemp("batch")
    lines = [json.dumps(r) for r in [*chosen, repost]] + ['{"id": "broken", "title": "no text"}']
    (folder / "ecb.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder / "ecb.jsonl"


def written(out: Path) -> dict[str, str]:
    return {str(p.relative_to(out)): p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.json"))}


def test_both_engines_write_the_same_stories_and_reports(
    subset: Path, tmp_path: Path, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    local = run_batch([str(subset)], tmp_path / "local", config)
    on_ray = run_batch([str(subset)], tmp_path / "ray", config, engine="ray", workers=2)
    assert written(tmp_path / "local") == written(tmp_path / "ray")
    assert local.stories == on_ray.stories and local.articles == on_ray.articles == 42  # 41 and the repost
    assert [r.code for r in local.rejected] == ["E112"], "the record without text, named, and the rest went on"
    index = json.loads((tmp_path / "local" / "index.json").read_text(encoding="utf-8"))
    assert len(index["stories"]) == len(local.stories) >= 4
    story_of = {a: s["id"] for s in index["stories"] for a in s["articles"]}
    copy = next(a for a in story_of if a.startswith("repost-of-"))
    assert story_of[copy] == story_of[copy.removeprefix("repost-of-")], "a copy follows its original"
    for story_id in local.stories:
        report = Report.model_validate_json((tmp_path / "local" / "stories" / f"{story_id}.json").read_text())
        assert [s.id for s in report.stories] == [story_id]
        reposted = [a for a in report.stories[0].articles if a.id == copy]
        assert not reposted or (reposted[0].syndicated and reposted[0].duplicate_of)


def test_parquet_input_gives_what_json_lines_give(
    subset: Path, tmp_path: Path, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyarrow as arrow
    import pyarrow.parquet as parquet

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    records = [json.loads(line) for line in subset.read_text(encoding="utf-8").splitlines()]
    columns = ("id", "title", "text", "source", "url", "published")
    table = arrow.table({c: [r.get(c) for r in records] for c in columns})
    parquet.write_table(table, tmp_path / "ecb.parquet", row_group_size=7)
    from_lines = run_batch([str(subset)], tmp_path / "lines", config)
    from_parquet = run_batch([str(tmp_path / "ecb.parquet")], tmp_path / "parquet", config)
    assert from_parquet.stories == from_lines.stories
    parquet_files, line_files = written(tmp_path / "parquet"), written(tmp_path / "lines")
    assert parquet_files.keys() == line_files.keys()
    assert all(parquet_files[name] == line_files[name] for name in line_files if name != "index.json")
    assert [r.code for r in from_parquet.rejected] == [r.code for r in from_lines.rejected] == ["E112"]
