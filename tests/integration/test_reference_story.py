"""The reference story (../shared/seeds): every furniture line removed, no prose sentence lost.

The expectations name lines by their position in the saved files, so no text of the seeds is
copied here: the test reads the files and checks each line against what the report says.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsfuse import analyze
from newsfuse.config import Config
from newsfuse.report import Report
from tests.conftest import SEEDS, needs_shared

pytestmark = needs_shared

# For each seed: the headline's line number (None: it has no headline) and the furniture lines
# with their reason. Every other non-blank line is prose and must be in the text unchanged.
EXPECTED: dict[str, tuple[int | None, dict[int, str]]] = {
    "000_d121f89791ead1b3": (
        1,
        {
            5: "photo credit",
            6: "photo caption",
            27: "site name",
            29: "copyright notice",
            31: "terms and privacy notice",
            33: "site name",
            35: "sign-in prompt",
            37: "sign-in prompt",
            38: "sign-in prompt",
        },
    ),
    "001_0aaed7e2d5ec7571": (None, {10: "embedded-post signature", 14: "comment form"}),
    "002_1829c77755d6740a": (1, {3: "share widget", 54: "comment form", 56: "comment form"}),
    "003_960a2bd7e21012c5": (
        1,
        {27: "photo caption", 55: "photo caption", 57: "photo caption", 85: "syndication notice", 87: "share widget"},
    ),
    "004_eeed2fd6be9e017b": (
        3,
        {
            1: "category label",
            5: "duplicate title",
            99: "related-links teaser",
            101: "related-links teaser",
            103: "related-links teaser",
            105: "related-links teaser",
        },
    ),
}


@pytest.fixture(scope="module")
def report(config: Config) -> Report:
    return analyze([str(SEEDS)], config)


def _lines(article_id: str) -> list[str]:
    return (SEEDS / f"{article_id}.txt").read_text("utf-8").splitlines()


def test_five_articles_one_story_nothing_rejected(report: Report) -> None:
    assert not report.rejected
    assert len(report.stories) == 1
    assert sorted(a.id for a in report.stories[0].articles) == sorted(EXPECTED)


@pytest.mark.parametrize("article_id", sorted(EXPECTED))
def test_furniture_removed_and_prose_kept(report: Report, article_id: str) -> None:
    article = next(a for a in report.stories[0].articles if a.id == article_id)
    title_line, furniture = EXPECTED[article_id]
    lines = _lines(article_id)
    removed = [(r.text, r.reason) for r in article.removed]
    expected_removed = ([(lines[title_line - 1].strip(), "title")] if title_line else []) + [
        (lines[n - 1].strip(), reason) for n, reason in furniture.items()
    ]
    assert sorted(removed) == sorted(expected_removed)
    for number, line in enumerate(lines, start=1):
        if not line.strip() or number == title_line or number in furniture:
            continue
        assert line.rstrip() in article.text, f"prose line {number} lost or changed"


@pytest.mark.parametrize("article_id", sorted(EXPECTED))
def test_headline_exactly_as_published(report: Report, article_id: str) -> None:
    article = next(a for a in report.stories[0].articles if a.id == article_id)
    title_line, _ = EXPECTED[article_id]
    assert article.title == (_lines(article_id)[title_line - 1].strip() if title_line else None)


def test_outlets_dates_and_syndication(report: Report) -> None:
    by_id = {a.id: a for a in report.stories[0].articles}
    assert by_id["000_d121f89791ead1b3"].source == "The New York Sun"
    assert by_id["003_960a2bd7e21012c5"].syndicated is True
    assert by_id["003_960a2bd7e21012c5"].duplicate_of is None  # the original is not among the inputs
    assert [a.id for a in by_id.values() if a.syndicated] == ["003_960a2bd7e21012c5"]
    assert str(by_id["002_1829c77755d6740a"].published) == "2025-03-18"
    assert str(by_id["004_eeed2fd6be9e017b"].published) == "2025-03-18"


def test_sentences_are_exact_spans_of_the_text(report: Report) -> None:
    for article in report.stories[0].articles:
        assert article.sentences
        for span in article.sentences:
            piece = article.text[span.start : span.end]
            assert piece == piece.strip() and piece
            assert "\n" not in piece, "a sentence never runs across a paragraph break"


def test_json_is_deterministic(config: Config, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1742256000")
    first = analyze([str(SEEDS)], config).to_json()
    second = analyze([str(SEEDS)], config).to_json()
    assert first == second
