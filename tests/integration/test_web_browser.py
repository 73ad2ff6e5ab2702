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


# --- the add forms, submitted as a person would -------------------------------------------------

TOKEN = "harbour-s3cret"


@pytest.fixture(scope="module")
def form_servers(tmp_path_factory: pytest.TempPathFactory, config: Config) -> Iterator[dict[str, str]]:
    """Two servers on empty libraries, with private addresses allowed (the test site is on
    loopback): one that takes writes from its pages as they are, one that needs its token."""
    allowed = config.with_overrides({"ingest.allow_private_addresses": True})
    folder = tmp_path_factory.mktemp("forms")
    open_settings = WebSettings(f"sqlite:///{folder / 'open.db'}", allowed)
    token_settings = WebSettings(f"sqlite:///{folder / 'token.db'}", allowed, token=TOKEN)
    with running(create_app(open_settings)) as open_base, running(create_app(token_settings)) as token_base:
        yield {"open": open_base, "token": token_base}


def _follow_job_to_story(page: Any, words: str) -> None:
    """From the job's page (it refreshes itself) to the story it stored, which holds `words`."""
    page.wait_for_url("**/jobs/*")
    page.locator(".job-state[data-state=done]").wait_for(timeout=120_000)
    assert "article stored" in page.locator("main").inner_text()
    page.locator("main a[href^='/stories/']").first.click()
    page.wait_for_url("**/stories/*")
    assert words in page.locator("main").inner_text()


def _submit(page: Any, base: str, form: str, fill: Any, token: str | None) -> None:
    page.goto(f"{base}/add")
    section = page.locator("section.card", has_text=form)
    fill(section)
    if token is not None:
        section.locator("input[name=token]").fill(token)
    section.locator("button[type=submit]").click()


@pytest.mark.network
@pytest.mark.parametrize("server_kind", ["open", "token"])
def test_every_add_form_works_in_the_browser(
    page: Any, form_servers: dict[str, str], site: str, tmp_path: Path, server_kind: str
) -> None:
    base = form_servers[server_kind]
    token = TOKEN if server_kind == "token" else None
    text = (
        "A storm tore away half of the north pier in Gullhaven on Sunday night, harbour master Ilse Varga said. "
        "Fishing boats were moved to the south basin while divers checked the pilings."
    )

    def paste(section: Any) -> None:
        section.locator("input[name=title]").fill("North pier torn away")
        section.locator("input[name=source]").fill("Gullhaven Tidings")
        section.locator("textarea[name=text]").fill(text)

    _submit(page, base, "Paste an article", paste, token)
    _follow_job_to_story(page, "Ilse Varga")
    shot(page, f"6-added-text-{server_kind}")

    _submit(page, base, "From the web", lambda s: s.locator("input[name=url]").fill(f"{site}/bay-radio.txt"), token)
    _follow_job_to_story(page, "Harbour bridge")
    shot(page, f"7-added-url-{server_kind}")

    upload = tmp_path / "ferry notice.txt"
    upload.write_text(
        "Ferries across Kessel Bay will run every half hour from Monday while the harbour bridge is shut, "
        "the ferry company said on Saturday.\n",
        encoding="utf-8",
    )
    _submit(page, base, "Upload files", lambda s: s.locator("input[type=file]").set_input_files(str(upload)), token)
    _follow_job_to_story(page, "every half hour")
    shot(page, f"8-added-file-{server_kind}")


@pytest.mark.parametrize("given", [None, "wrong"])
def test_an_add_form_without_the_right_token_is_refused_with_the_fix(
    page: Any, form_servers: dict[str, str], given: str | None
) -> None:
    page.goto(f"{form_servers['token']}/add")
    section = page.locator("section.card", has_text="From the web")
    section.locator("input[name=url]").fill("https://news.example/story")
    field = section.locator("input[name=token]")
    if given is None:  # the field is required: a person would be stopped by the browser; send it anyway
        field.evaluate("node => node.removeAttribute('required')")
    else:
        field.fill(given)
    with page.expect_response(lambda answer: answer.url.endswith("/add/url")) as answered:
        section.locator("button[type=submit]").click()
    assert answered.value.status == 401
    assert "needs its token" in page.locator("main").inner_text()
