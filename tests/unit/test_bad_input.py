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


# An article in my own words, UTF-8 with curly quotes, dashes, accents and no-break spaces.
CURLY = (
    "The ferry to Skarvøy was cancelled on Tuesday after a storm damaged the pier, the harbour master said.\n\n"
    "“We cannot let passengers board until the pier is checked,” Åse Lindqvist told reporters – adding that "
    "repairs could take\u00a0two weeks.\n\n"
    "Islanders said the café by the quay would stay open for anyone waiting for news.\n"
)


def test_utf8_with_one_bad_byte_keeps_every_other_character_and_says_so(tmp_path: Path, config: Config) -> None:
    data = CURLY.encode("utf-8")
    cut = data.index(b"storm")
    path = tmp_path / "ferry.txt"
    path.write_bytes(data[:cut] + b"\xa0" + data[cut:])  # one stray byte, as a bad copy and paste leaves
    result = ingest([str(path)], config)
    assert not result.rejected
    (article,) = result.articles
    assert "“We cannot let passengers board" in article.text and "Åse Lindqvist" in article.text
    assert "café" in article.text and "Skarvøy" in article.text and "\u00a0two weeks" in article.text
    assert article.text.count("\ufffd") == 1
    (note,) = [r for r in article.removed if r.reason == "invalid bytes replaced"]
    assert note.text == "1 byte that is not UTF-8, shown as \ufffd"


def test_a_repost_with_a_bad_byte_is_still_found_as_a_copy(tmp_path: Path, config: Config) -> None:
    (tmp_path / "original.txt").write_text(CURLY, encoding="utf-8")
    data = CURLY.encode("utf-8")
    cut = data.index(b"repairs")
    (tmp_path / "repost.json").write_bytes(
        b'{"id": "repost", "source": "Island Weekly", "text": "' + data[:cut].replace(b"\n", b"\\n") + b"\x93"
        b"" + data[cut:].replace(b"\n", b"\\n") + b'"}'
    )
    result = ingest([str(tmp_path)], config)
    assert not result.rejected
    repost = next(a for a in result.articles if a.id == "repost")
    assert repost.duplicate_of == "original" and "“We cannot" in repost.text


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("cp1252", "The council said “the bridge is safe” – and the mayor’s office agreed. "),
        ("latin-1", "Le conseil a déclaré que le pont était sûr, et la mairie a approuvé. Ça va très bien. "),
        ("shift_jis", "東京都の知事は、橋の安全性について記者会見を開き、調査結果を発表しました。"),
    ],
)
def test_real_legacy_encodings_are_still_detected(tmp_path: Path, config: Config, encoding: str, text: str) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes((text * 12).encode(encoding))
    result = ingest([str(path)], config)
    assert not result.rejected
    (article,) = result.articles
    assert text[:12] in article.text and "\ufffd" not in article.text
    assert not [r for r in article.removed if r.reason == "invalid bytes replaced"]


@pytest.mark.parametrize(
    "noise",
    [
        bytes([0xB3]) * 3000,  # decodes as one Hangul syllable, 1,500 times
        bytes(0x21 + (i * 37) % 94 for i in range(3000)),  # printable ASCII, no words
        bytes(0x80 + (i * 7) % 128 for i in range(3000)),
    ],
)
def test_bytes_that_are_not_language_are_rejected(tmp_path: Path, config: Config, noise: bytes) -> None:
    message = _only_rejection(tmp_path, "noise.txt", noise, config)
    assert message.startswith(("E114", "E104", "E102")), message
    assert "does not read as writing" in message or "not text in any encoding" in message


def test_a_record_of_random_characters_is_rejected_as_not_language(tmp_path: Path, config: Config) -> None:
    import json

    path = tmp_path / "records.jsonl"
    gibberish = "".join(chr(0x2500 + (i * 13) % 128) for i in range(400))  # box-drawing characters
    path.write_text(json.dumps({"id": "boxes", "text": gibberish}) + "\n", encoding="utf-8")
    result = ingest([str(path), str(GOOD)], config)
    assert [a.id for a in result.articles] == ["bay-radio"]
    (rejection,) = result.rejected
    assert rejection.code == "E114" and "letters" in rejection.message


@pytest.mark.parametrize(
    ("given", "words"),
    [("x" * 201, "201 characters"), ("bridge\nvote", "control characters"), ("   ", "blank"), ("..", "URL")],
)
def test_an_id_that_cannot_be_kept_is_refused_with_the_fix(
    tmp_path: Path, config: Config, given: str, words: str
) -> None:
    import json

    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps({"id": given, "text": "The bridge vote was put off until June."}) + "\n")
    result = ingest([str(path)], config)
    (rejection,) = result.rejected
    assert rejection.code == "E113" and words in rejection.message and "at most 200 printable" in rejection.message


def test_a_file_name_that_cannot_be_an_id_is_refused(tmp_path: Path, config: Config) -> None:
    path = tmp_path / ("x" * 210 + ".txt")
    path.write_text("The bridge vote was put off until June.\n", encoding="utf-8")
    (rejection,) = ingest([str(path)], config).rejected
    assert rejection.code == "E113" and "file name" in rejection.message


def test_an_id_with_slashes_and_spaces_is_kept(tmp_path: Path, config: Config) -> None:
    import json

    path = tmp_path / "records.jsonl"
    record = {"id": "nyt/2025/03/18/bridge vote", "text": "The bridge vote was put off until June."}
    path.write_text(json.dumps(record) + "\n")
    assert [a.id for a in ingest([str(path)], config).articles] == ["nyt/2025/03/18/bridge vote"]


def test_a_json_error_names_the_place_and_the_whole_reason(tmp_path: Path, config: Config) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_text('{"id": "a", "text": "The bridge\tclosed."}\n', encoding="utf-8")
    (rejection,) = ingest([str(path)], config).rejected
    assert rejection.code == "E111"
    assert "(column 32: invalid control character)" in rejection.message, rejection.message
    whole = tmp_path / "dump.json"
    whole.write_text('{"id": "a",\n "text": "The bridge\tclosed."}', encoding="utf-8")
    (rejection,) = ingest([str(whole)], config).rejected
    assert "(line 2, column 21: invalid control character)" in rejection.message, rejection.message


def test_every_real_article_body_reads_as_language() -> None:
    """No article of the extraction benchmark, ECB+ or the reference story is taken for noise."""
    import json

    from newsfuse.ingest.decode import not_language
    from tests.conftest import EXTRACTION, SEEDS, SHARED

    if not SEEDS.is_dir():
        pytest.skip("../shared is not beside the project")
    bodies = [path.read_text(encoding="utf-8") for path in (EXTRACTION / "expected").glob("*.txt")]
    bodies += [path.read_text(encoding="utf-8") for path in SEEDS.glob("*.txt")]
    with (SHARED / "datasets" / "ecbplus" / "ecbplus.jsonl").open(encoding="utf-8") as lines:
        bodies += [json.loads(line)["text"] for line in lines]
    assert len(bodies) > 1100
    assert [body[:60] for body in bodies if not_language(body)] == []
