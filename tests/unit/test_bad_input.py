"""Each kind of bad input gets one clear line naming it and the fix; the rest of the batch goes on."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsfuse.cli import app
from newsfuse.config import Config
from newsfuse.ingest import ingest
from tests.conftest import EXAMPLE

GOOD = EXAMPLE / "bay-radio.txt"


def _rejections(inputs: list[str], config: Config) -> tuple[list[str], list[str]]:
    result = ingest([*inputs, str(GOOD)], config)
    return [a.id for a in result.articles], [r.message for r in result.rejected]


def _only_rejection(tmp_path: Path, name: str, data: bytes, config: Config) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    ids, messages = _rejections([str(path)], config)
    assert ids == ["bay-radio"], "the good input after the bad one is still read"
    assert len(messages) == 1
    assert str(path) in messages[0]
    return messages[0]


def test_empty_file(tmp_path: Path, config: Config) -> None:
    message = _only_rejection(tmp_path, "empty.txt", b"  \n\n", config)
    assert message.startswith("E101") and "is empty" in message


def test_pdf(tmp_path: Path, config: Config) -> None:
    message = _only_rejection(tmp_path, "paper.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", config)
    assert "is a PDF" in message and "pdftotext" in message


def test_binary(tmp_path: Path, config: Config) -> None:
    message = _only_rejection(tmp_path, "photo.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", config)
    assert "binary file (PNG image)" in message


def test_nul_bytes(tmp_path: Path, config: Config) -> None:
    message = _only_rejection(tmp_path, "dump.txt", b"abc\x00\x01\x02def" * 10, config)
    assert "NUL bytes" in message


def test_undecodable_bytes(tmp_path: Path, config: Config) -> None:
    noise = bytes((i * 73 + 41) % 256 for i in range(4000)).replace(b"\x00", b"\x01")
    message = _only_rejection(tmp_path, "noise.txt", noise, config)
    assert message.startswith(("E104", "E102"))
    assert "iconv" in message or "binary" in message


def test_legacy_encoding_is_detected_not_assumed(tmp_path: Path, config: Config) -> None:
    text = "Le maire a déclaré que le pont rouvrirait après les réparations, prévues pour la fin du mois de mai.\n"
    path = tmp_path / "latin.txt"
    path.write_bytes((text * 3).encode("cp1252"))
    result = ingest([str(path)], config)
    assert not result.rejected
    assert "déclaré" in result.articles[0].text


def test_file_over_the_size_limit(tmp_path: Path, config: Config) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50_000_000)  # a sparse 50 MB file: not read to be rejected
    ids, messages = _rejections([str(path)], config)
    assert ids == ["bay-radio"]
    assert messages[0].startswith("E105") and "50.0 MB" in messages[0] and "ingest.max_bytes" in messages[0]


def test_broken_html(tmp_path: Path, config: Config) -> None:
    message = _only_rejection(tmp_path, "broken.html", b"<html><head><title>x</ti<body><div><<<>>", config)
    assert message.startswith("E106") and "no article text" in message


def test_directory_without_articles(tmp_path: Path, config: Config) -> None:
    (tmp_path / "notes.md").write_text("# notes", encoding="utf-8")
    ids, messages = _rejections([str(tmp_path)], config)
    assert ids == ["bay-radio"]
    assert messages == [
        f"E109 {tmp_path}/ holds no article files: point at a folder with .txt, .html, .htm, .json or .jsonl files"
    ]


def test_missing_path(tmp_path: Path, config: Config) -> None:
    _, messages = _rejections([str(tmp_path / "nope.txt")], config)
    assert messages[0].startswith("E108") and "does not exist" in messages[0]


def test_unsupported_file_type(tmp_path: Path, config: Config) -> None:
    message = _only_rejection(tmp_path, "story.docx", b"PK\x03\x04 something", config)
    assert message.startswith("E107") and ".docx" in message


def test_same_article_twice(tmp_path: Path, config: Config) -> None:
    copy = tmp_path / "copy-of-bay-radio.txt"
    shutil.copy(GOOD, copy)
    result = ingest([str(GOOD), str(copy)], config)
    assert [a.id for a in result.articles] == ["bay-radio"]
    assert len(result.rejected) == 1
    assert result.rejected[0].message.startswith(f"E110 {copy} is the same article as {GOOD}")


def test_bad_json_records(tmp_path: Path, config: Config) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_text(
        '{"id": "a", "title": "T", "text": "The bridge closed on Monday."}\n{not json\n{"id": "c"}\n[1, 2]\n'
    )
    result = ingest([str(path)], config)
    assert [a.id for a in result.articles] == ["a"]
    codes = [(r.source, r.code) for r in result.rejected]
    assert codes == [(f"{path}:2", "E111"), (f"{path}:3", "E112"), (f"{path}:4", "E112")]


def test_gzipped_html_is_read(tmp_path: Path, config: Config) -> None:
    path = tmp_path / "alder-gazette.html.gz"
    path.write_bytes(gzip.compress((EXAMPLE / "alder-gazette.html").read_bytes()))
    result = ingest([str(path)], config)
    assert [a.id for a in result.articles] == ["alder-gazette"]


def test_cli_exits_1_and_prints_one_line_per_rejection(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    result = CliRunner().invoke(app, ["analyze", str(tmp_path / "empty.txt"), str(GOOD), "--format", "json"])
    assert result.exit_code == 1
    assert '"id": "bay-radio"' in result.stdout
    rejected_lines = [line for line in result.stderr.splitlines() if line.startswith("rejected:")]
    assert len(rejected_lines) == 1 and "E101" in rejected_lines[0]


@pytest.mark.parametrize("value", ["0", "-5"])
def test_bad_setting_is_reported(value: str) -> None:
    from newsfuse.config import load_config
    from newsfuse.errors import ConfigError

    with pytest.raises(ConfigError, match="max_bytes"):
        load_config(environ={"NEWSFUSE_INGEST_MAX_BYTES": value})
