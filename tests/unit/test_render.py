"""The renderers: every section of a full report, safe with hostile data, deterministic, and the CLI's html."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from newsfuse.cli import app
from newsfuse.render import RENDERERS, render
from newsfuse.render.common import normalized_phrase
from newsfuse.render.html import render_html
from newsfuse.render.markdown import render_markdown
from newsfuse.render.terminal import renderables
from newsfuse.report import QuantityRange, Report
from tests.conftest import EXAMPLE
from tests.unit.report_factory import make_report

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'[link=javascript:alert(3)]x[/link]"
# The elements and attributes the HTML renderer itself writes; anything else came through unescaped.
OWN_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "div", "header", "h1", "h2", "h3", "p", "nav", "ul",
    "li", "a", "section", "span", "strong", "em", "code", "blockquote", "details", "summary", "del", "ins", "table",
    "thead", "tbody", "tr", "th", "td", "article", "mark", "footer", "meter",
}  # fmt: skip
OWN_ATTRIBUTES = {
    "lang", "charset", "http-equiv", "content", "name", "id", "class", "href", "title", "rel", "min", "max", "value"
}  # fmt: skip


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.marked: dict[str, str] = {}
        self._open_mark: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "mark" and dict(attrs).get("id"):
            self._open_mark = dict(attrs)["id"]
            assert self._open_mark is not None
            self.marked[self._open_mark] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._open_mark = None

    def handle_data(self, data: str) -> None:
        if self._open_mark:
            self.marked[self._open_mark] += data


def parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def terminal_text(report: Report) -> str:
    console = Console(record=True, width=100, no_color=True, file=io.StringIO())
    for part in renderables(report):
        console.print(part)
    return console.export_text()


@pytest.fixture(scope="module")
def report() -> Report:
    return make_report()


@pytest.fixture(scope="module")
def hostile() -> Report:
    """The full report with markup and script in every piece of text that comes from an article."""
    report = make_report()
    story = report.stories[0]
    story.headline += HOSTILE
    for article in story.articles:
        article.title = (article.title or "") + HOSTILE
        article.source += HOSTILE
        article.syndicated_because = HOSTILE
        article.text += "\n" + HOSTILE
        article.url = "javascript:alert(4)"
    for fact in story.facts:
        fact.text += HOSTILE
        fact.attributed_to = HOSTILE
    for d in story.disagreements:
        d.topic += HOSTILE
        d.note += HOSTILE
        for version in d.versions:
            version.value += HOSTILE
    for quote in story.quotes:
        quote.text += HOSTILE
        quote.speaker = HOSTILE
        for variant in quote.variants:
            variant.text += HOSTILE
    for entity in story.entities:
        entity.name += HOSTILE
        entity.aliases.append(HOSTILE)
    for event in story.timeline:
        event.text += HOSTILE
    for sentence in story.summary:
        sentence.text += HOSTILE
    report.rejected[0].input += HOSTILE
    report.rejected[0].message += HOSTILE
    return report


def test_markdown_has_every_section(report: Report) -> None:
    markdown = render_markdown(report)
    headings = re.findall(r"^## (.+)$", markdown, flags=re.M)
    assert headings == [
        "Summary",
        "Where the sources disagree",
        "Facts",
        "Quotes",
        "Entities",
        "Timeline",
        "Coverage",
        "Articles",
        "Inputs that could not be read",
    ]
    assert "found a crack in a girder. [1][2][3][4][5]" in markdown
    assert "- [3] Bay Radio News: Harbour bridge closed" in markdown
    assert "### Numbers: length of the closure" in markdown
    assert "- **between two and four weeks** (2–4 weeks): Northern Wire [4], Bay Times [5]" in markdown
    assert "- **21 May** (2024-05-21): Alder Gazette [2]" in markdown
    assert "*conflict: the versions cannot all be true.*" in markdown
    assert "we ~~will not~~ **won't** reopen the bridge until we are ~~certain~~ **sure** it is sound" in markdown
    assert "*(2 independent sources · according to Maria Okonkwo)* [1][4][5]" in markdown
    assert "(credited to Maria Okonkwo) [3]" in markdown
    assert "| Maria Okonkwo, Okonkwo, Maria Okonkow | Maria Okonkow |" in markdown
    assert "| 2024-06 | The bridge could reopen. | [2] |" in markdown
    assert "| [3] `bay-radio` | Bay Radio News | 1 | F2, F3 |  |" in markdown


def test_terminal_has_every_section(report: Report) -> None:
    text = terminal_text(report)
    for section in (
        "Summary",
        "Where the sources disagree",
        "Numbers: length of the closure",
        "Name spelling: spelling of the council engineer's name",
        "Quote wording",
        "Attribution",
        "Facts",
        "Quotes",
        "Entities",
        "Timeline",
        "Coverage: which article states which fact",
        "Coverage by article",
        "Articles",
        "rejected: minutes.pdf",
    ):
        assert section in text, section
    assert "\x1b[" not in text
    assert "(2–4 weeks): Northern Wire [4], Bay Times [5]" in text
    assert "Conflict: the versions cannot all be true." in text
    assert "−will not +won't" in text and "−certain +sure" in text
    assert "4 independent sources" in text and "(credited to Maria Okonkwo)" in text


def test_html_is_one_self_contained_page(report: Report) -> None:
    page = render_html(report)
    tags = parse(page).tags
    assert {tag for tag, _ in tags} <= OWN_TAGS
    assert not [tag for tag, attrs in tags if "src" in attrs or tag in ("script", "link", "img", "iframe")]
    metas = {attrs.get("http-equiv") or attrs.get("name"): attrs.get("content") for tag, attrs in tags if tag == "meta"}
    assert metas["Content-Security-Policy"] == "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    assert metas["viewport"] == "width=device-width, initial-scale=1"
    assert "url(" not in page and "@import" not in page
    outside = [attrs["href"] for tag, attrs in tags if tag == "a" and not (attrs["href"] or "").startswith("#")]
    assert outside and all(href and href.startswith("https://") and ".example/" in href for href in outside)


def test_html_citations_link_to_marked_evidence_sentences(report: Report) -> None:
    parsed = parse(render_html(report))
    ids = [attrs["id"] for _, attrs in parsed.tags if attrs.get("id")]
    assert len(ids) == len(set(ids)), "ids are unique"
    hrefs = [attrs.get("href") or "" for tag, attrs in parsed.tags if tag == "a"]
    targets = {href[1:] for href in hrefs if href.startswith("#")}
    assert targets <= set(ids), "every in-page link has its target"
    story = report.stories[0]
    position = {a.id: i for i, a in enumerate(story.articles, start=1)}
    for fact in story.facts:
        for e in fact.evidence:
            anchor = f"evidence-s1-{position[e.article]}-{e.start}"
            assert anchor in targets and parsed.marked[anchor] == e.sentence
    assert "evidence-s1-3-196" in targets, "a quotation's marker links to the sentence that carries it"
    unused = "Mayor Daniel Fairweather urged drivers"
    assert not any(unused in text for text in parsed.marked.values()), "only evidence sentences are marked"


def test_evidence_with_wrong_offsets_links_to_the_article(report: Report) -> None:
    broken = report.model_copy(deep=True)
    for fact in broken.stories[0].facts:
        for e in fact.evidence:
            e.start, e.end = 10_000, 10_050
    for d in broken.stories[0].disagreements:
        d.versions = []
    broken.stories[0].quotes = []
    parsed = parse(render_html(broken))
    assert not parsed.marked
    targets = {attrs["href"] for tag, attrs in parsed.tags if tag == "a"}
    assert "#article-s1-1" in targets and not any((t or "").startswith("#evidence") for t in targets)


def test_hostile_text_is_escaped_in_html(hostile: Report) -> None:
    page = render_html(hostile)
    parsed = parse(page)
    assert {tag for tag, _ in parsed.tags} <= OWN_TAGS
    assert {name for _, attrs in parsed.tags for name in attrs} <= OWN_ATTRIBUTES
    assert not any("javascript:" in (attrs.get("href") or "") for _, attrs in parsed.tags)
    assert "<script" not in page and "<img" not in page
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") > 20


def test_hostile_text_is_escaped_in_markdown_and_terminal(hostile: Report) -> None:
    markdown = render_markdown(hostile)
    assert "<script" not in markdown and "<img" not in markdown
    assert "javascript:alert(4)" not in markdown, "a javascript: URL is never written as a link"
    text = terminal_text(hostile)
    assert "[link=javascript:alert(3)]x[/link]" in text, "console markup in data is shown, not obeyed"


def test_rendering_is_deterministic(report: Report) -> None:
    again = make_report()
    for name in RENDERERS:
        assert render(report, name) == render(again, name), name


@pytest.mark.parametrize(
    ("normalized", "phrase"),
    [
        (QuantityRange(min=2, max=4, unit="week"), "2–4 weeks"),
        (QuantityRange(min=1, max=1, unit="hour"), "1 hour"),
        (QuantityRange(min=1.5, max=None, unit="hour"), "at least 1.5 hours"),
        (QuantityRange(min=None, max=12000, unit="count"), "at most 12,000"),
        (QuantityRange(min=40, max=40, unit="percent"), "40 percent"),
        ("2024-05-20", "2024-05-20"),
        (None, None),
    ],
)
def test_normalized_phrase(normalized: QuantityRange | str | None, phrase: str | None) -> None:
    assert normalized_phrase(normalized) == phrase


def test_cli_writes_an_html_page(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["analyze", str(EXAMPLE), "--format", "html", "--output", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Harbour bridge closed" in page
    assert {tag for tag, _ in parse(page).tags} <= OWN_TAGS
