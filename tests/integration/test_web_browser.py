"""The web app in a real browser: Debian's headless Chromium, driven by Playwright.

A server runs on loopback over a library holding the reference story and a hostile article. The
tests open the reference story, open a disagreement card, follow a citation to its sentence, and
load the hostile article's pages with a script-catching trap set. Screenshots are kept in
tests/artifacts/browser (or $NEWSFUSE_TEST_ARTIFACTS) for a person to look at.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsfuse.config import Config
from newsfuse.library import Library, service
from newsfuse.web import WebSettings, create_app
from tests.conftest import ROOT, SEEDS, needs_shared, running
from tests.unit.test_web_app import HOSTILE_ARTICLE

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(os.environ.get("NEWSFUSE_TEST_ARTIFACTS", ROOT / "tests" / "artifacts")) / "browser"
# As root in a container, Chromium needs --no-sandbox; the rest keep it off a closed network.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    needs_shared,
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (.ci/run installs it)"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, config: Config) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("browser")
    (folder / "hostile.json").write_text(json.dumps(HOSTILE_ARTICLE), encoding="utf-8")
    url = f"sqlite:///{folder / 'library.db'}"
    with Library.open(url) as library:
        service.add(library, [str(SEEDS), str(folder / "hostile.json")], config)
    with running(create_app(WebSettings(url, config))) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def open_reference_story(page: Any, server: str) -> None:
    page.goto(f"{server}/?entity=Zelensky")
    shot(page, "1-library")
    page.get_by_role("link", name="Trump, Putin Agree").first.click()
    page.wait_for_url("**/stories/*")


def test_the_reference_story_opens_from_the_library(page: Any, server: str) -> None:
    open_reference_story(page, server)
    assert page.locator("h1").first.inner_text().startswith("Trump, Putin Agree")
    assert page.locator("#disagreements-s1 .card").count() == 7
    assert page.locator("#facts-s1 meter").count() > 100, "each fact has its corroboration bar"
    shot(page, "2-story")


def test_a_disagreement_card_opens_to_its_evidence(page: Any, server: str) -> None:
    open_reference_story(page, server)
    card = page.locator("#disagreements-s1 .card", has_text="length of the call")
    assert "cannot all be true" in card.inner_text()
    evidence = card.locator("details")
    assert evidence.get_attribute("open") is None and not evidence.locator("li").first.is_visible()
    evidence.locator("summary").click()
    assert evidence.get_attribute("open") is not None and evidence.locator("li").first.is_visible()
    assert "an hour and a half" in evidence.locator("li").first.inner_text(), "the source sentence itself"
    card.scroll_into_view_if_needed()
    shot(page, "3-disagreement-open")


def test_a_citation_leads_to_its_sentence(page: Any, server: str) -> None:
    open_reference_story(page, server)
    citation = page.locator("#summary-s1 a.cite").first
    target = citation.get_attribute("href")
    assert target and target.startswith("#evidence-")
    citation.click()
    page.wait_for_function("id => location.hash === id", arg=target)
    sentence = page.locator(target)
    assert sentence.evaluate("node => node.tagName") == "MARK" and sentence.is_visible()
    box, height = sentence.bounding_box(), page.viewport_size["height"]
    assert box is not None and 0 < box["y"] < height / 2, "the browser scrolled to the cited sentence"
    assert sentence.evaluate("node => node.matches(':target')")
    shot(page, "4-citation-followed")


def test_a_page_with_hostile_article_text_runs_no_script(page: Any, server: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    story = page.request.get(f"{server}/api/articles/hostile").json()["story"]
    for path in ("/?text=lighthouse", f"/stories/{story}", "/articles/hostile"):
        page.goto(server + path)
        page.locator("text=hover").first.hover()  # an onmouseover, were it markup
        page.wait_for_timeout(200)
        assert page.evaluate("typeof window.pwned") == "undefined", path
        assert page.evaluate("document.scripts.length") == 0, path
        assert page.locator("img").count() == 0, path
    assert dialogs == []
    assert "<script>window.pwned=1</script>" in page.locator("article").inner_text(), "shown as text"
    shot(page, "5-hostile-article")
