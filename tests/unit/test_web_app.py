"""The web app and its API, in process: pages, the report contract, jobs, the error envelope, safety.

The library is filled once for the module with the fictional example and one hostile article
(markup and script in its text, headline and outlet), through the same `add` the CLI runs.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsfuse.config import Config
from newsfuse.errors import ConfigError
from newsfuse.library import Library, service
from newsfuse.report import Report
from newsfuse.web import WebSettings, create_app
from newsfuse.web.app import CSP
from tests.conftest import EXAMPLE

HOSTILE = '<script>window.pwned=1</script><img src=x onerror="window.pwned=2"> <b onmouseover=alert(1)>hover</b>'
HOSTILE_ARTICLE = {
    "id": "hostile",
    "title": "Lighthouse keeper retires " + HOSTILE,
    "source": "The Quay " + HOSTILE,
    "text": (
        "The lighthouse keeper of Gull Point, Ewan Marsh, retired on Friday after 31 years. "
        f"He said the lamp had never failed once. {HOSTILE}\n"
        "Marsh will stay in the keeper's cottage, the harbour board said."
    ),
}

LOOPBACK = "http://127.0.0.1:8000"  # a loopback server answers only to this machine's names
# Kept as given: slashes, a space, a question mark and a hash all work in URLs (percent-encoded).
SLASHED_ID = "valley-news/2025/03/18/library vote?draft#2"
SLASHED_ARTICLE = {
    "id": SLASHED_ID,
    "title": "Library opening put off",
    "source": "Valley News",
    "text": (
        "The Wren Valley council voted on Tuesday to put off the opening of the new town library until June. "
        "Councillor Petra Holm said the roof needed more work before readers could be let in."
    ),
}


def wait(client: TestClient, job_id: str, timeout: float = 60.0) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job: dict[str, object] = client.get(f"/api/jobs/{job_id}").json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish in {timeout} s")


@pytest.fixture(scope="module")
def library_url(tmp_path_factory: pytest.TempPathFactory, config: Config) -> str:
    folder = tmp_path_factory.mktemp("web")
    (folder / "hostile.json").write_text(json.dumps(HOSTILE_ARTICLE), encoding="utf-8")
    (folder / "slashed.json").write_text(json.dumps(SLASHED_ARTICLE), encoding="utf-8")
    url = f"sqlite:///{folder / 'library.db'}"
    with Library.open(url) as library:
        inputs = [str(EXAMPLE), str(folder / "hostile.json"), str(folder / "slashed.json")]
        outcome = service.add(library, inputs, config)
    assert len(outcome.created) == 3 and not outcome.rejected
    return url


@pytest.fixture(scope="module")
def client(library_url: str, config: Config) -> Iterator[TestClient]:
    with TestClient(create_app(WebSettings(library_url, config)), base_url=LOOPBACK) as client:
        yield client


def story_of(client: TestClient, article_id: str) -> str:
    story = client.get(f"/api/articles/{article_id}").json()["story"]
    assert isinstance(story, str)
    return story


def test_the_library_lists_stories_with_outlets_and_disagreement_kinds_and_searches(client: TestClient) -> None:
    listed = client.get("/api/stories").json()["stories"]
    bridge = next(s for s in listed if "Alder Gazette" in s["outlets"])
    assert bridge["articles"] == 6 and bridge["independent_sources"] == 5
    assert set(bridge["kinds"]) == {"quantity", "date", "name_spelling", "quote_wording", "attribution", "claim"}
    assert [s["id"] for s in client.get("/api/stories", params={"entity": "fairweather"}).json()["stories"]] == [
        bridge["id"]
    ]
    assert client.get("/api/stories", params={"text": "lighthouse keeper"}).json()["stories"][0]["id"] != bridge["id"]
    assert client.get("/api/stories", params={"text": "earthquake"}).json()["stories"] == []
    page = client.get("/", params={"entity": "Fairweather"}).text
    assert "Alder Gazette" in page and "Quote wording" in page and "Lighthouse" not in page


def test_a_story_is_the_report_contract_and_its_page_shows_every_section(client: TestClient, library_url: str) -> None:
    story_id = story_of(client, "alder-gazette")
    answered = client.get(f"/api/stories/{story_id}")
    assert answered.status_code == 200 and answered.headers["content-type"] == "application/json"
    report = Report.model_validate(answered.json())
    with Library.open(library_url) as library:
        assert report == service.show(library, story_id)
    page = client.get(f"/stories/{story_id}").text
    for section in ("Summary", "Where the sources disagree", "Facts", "Quotes", "Entities", "Timeline", "Coverage"):
        assert f"<h2>{section}</h2>" in page, section
    assert '<meter min="0"' in page, "facts carry corroboration bars"
    assert 'class="cite" href="#evidence-' in page and 'id="evidence-' in page, "citations lead to sentences"


def test_an_article_page_marks_the_sentences_facts_rest_on_and_keeps_the_removed_lines(client: TestClient) -> None:
    article = client.get("/api/articles/alder-gazette").json()["article"]
    assert article["removed"], "the example's page furniture was removed"
    page = client.get("/articles/alder-gazette").text
    assert "<mark" in page and "<details><summary>Removed:" in page


class _Elements(HTMLParser):
    """Every element of a page, with its attributes, as a browser would build them."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def test_hostile_article_text_is_escaped_everywhere_and_no_page_has_a_script(client: TestClient) -> None:
    story_id = story_of(client, "hostile")
    for path in ("/", f"/stories/{story_id}", "/articles/hostile", "/add", "/api/openapi.json"):
        page = client.get(path)
        assert page.status_code == 200, path
        elements = _Elements(page.text).found
        assert not [tag for tag, _ in elements if tag in ("script", "img", "iframe", "object", "embed", "b")], path
        handlers = [name for _, attrs in elements for name, _ in attrs if name.startswith("on")]
        assert not handlers, f"{path} has event-handler attributes {handlers}"
        links = [value or "" for _, attrs in elements for name, value in attrs if name in ("href", "src", "action")]
        assert not [link for link in links if link.strip().lower().startswith("javascript:")], path
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in client.get("/articles/hostile").text


def test_every_response_carries_a_strict_content_security_policy(client: TestClient) -> None:
    for path in ("/", "/api/stories", "/api/stories/nope", "/stories/nope", "/static/newsfuse.css"):
        headers = client.get(path).headers
        assert headers["content-security-policy"] == CSP, path
        assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"
    assert "script-src" not in CSP and "unsafe-inline" not in CSP and "default-src 'none'" in CSP


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "code"),
    [
        ("GET", "/api/stories/s999", None, 404, "not_found"),
        ("GET", "/api/articles/nobody", None, 404, "not_found"),
        ("GET", "/api/jobs/nothing", None, 404, "not_found"),
        ("GET", "/api/no-such-endpoint", None, 404, "not_found"),
        ("PUT", "/api/stories", None, 405, "method_not_allowed"),
        ("GET", "/api/stories?limit=0", None, 422, "invalid_request"),
        ("GET", "/api/stories/bad%20id", None, 422, "invalid_request"),
        ("POST", "/api/articles", "not json", 422, "invalid_request"),
        ("POST", "/api/articles", {"title": "no text and no url"}, 422, "invalid_request"),
        ("POST", "/api/articles", {"url": "file:///etc/passwd"}, 422, "invalid_request"),
        ("DELETE", "/api/stories/s999", None, 404, "not_found"),
    ],
)
def test_every_api_error_is_one_envelope(
    client: TestClient, method: str, path: str, body: object, status: int, code: str
) -> None:
    content = body if isinstance(body, str) else None
    payload = None if isinstance(body, str) else body
    answer = client.request(method, path, content=content, json=payload)
    assert answer.status_code == status
    assert answer.headers["content-type"] == "application/json"
    error = answer.json()
    assert set(error) == {"error"} and set(error["error"]) == {"status", "code", "message"}
    assert error["error"]["status"] == status and error["error"]["code"] == code and error["error"]["message"]


def test_a_page_error_is_a_page(client: TestClient) -> None:
    answer = client.get("/stories/s999")
    assert answer.status_code == 404 and answer.headers["content-type"].startswith("text/html")
    assert "no story s999" in answer.text


def test_pasted_text_is_added_in_the_background_and_joins_its_story(client: TestClient) -> None:
    text = (
        "Port Alder's harbour bridge stays shut after inspectors found a crack in a steel girder on Monday, "
        "Mayor Daniel Fairweather said. Council engineer Maria Okonkwo said the crack is about 40 centimetres long."
    )
    job = client.post("/api/articles", json={"text": text, "title": "Bridge still shut", "source": "Harbour FM"})
    assert job.status_code == 202 and job.json()["state"] in ("queued", "running", "done")
    done = wait(client, job.json()["id"])
    assert (
        done["state"] == "done" and len(done["stored"]) == 1 and done["updated"] == [story_of(client, "alder-gazette")]
    )
    assert "Harbour FM" in client.get(f"/api/stories/{done['updated'][0]}").text  # type: ignore[index]
    # The page flow: a form post leads to the job's page, which refreshes itself until done.
    again = client.post("/add/text", data={"text": text}, follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"].startswith("/jobs/")
    page = client.get(again.headers["location"]).text
    assert 'http-equiv="refresh"' in page or "already in the library" in page
    wait(client, again.headers["location"].rsplit("/", 1)[1])
    assert 'http-equiv="refresh"' not in client.get(again.headers["location"]).text


def test_uploaded_files_are_added_under_their_own_names(client: TestClient) -> None:
    files = [
        ("files", ("ferry times.txt", b"Ferries in Kessel Bay will run every half hour from Monday.\n", "text/plain"))
    ]
    job = client.post("/api/articles/files", files=files)
    assert job.status_code == 202
    done = wait(client, job.json()["id"])
    assert done["state"] == "done" and done["stored"] == ["ferry-times"]


def test_a_url_to_this_machine_is_refused(client: TestClient) -> None:
    job = client.post("/api/articles", json={"url": "http://127.0.0.1:9/story"})
    done = wait(client, job.json()["id"])
    assert done["stored"] == [] and "E126" in str(done["rejected"])


def test_a_write_from_another_sites_page_is_refused(client: TestClient) -> None:
    answer = client.post("/api/articles", json={"text": "x"}, headers={"Origin": "https://evil.example"})
    assert answer.status_code == 403 and answer.json()["error"]["code"] == "forbidden"
    assert (
        client.post(
            "/add/url", data={"url": "https://a.example/"}, headers={"Sec-Fetch-Site": "cross-site"}
        ).status_code
        == 403
    )


def test_writes_need_the_token_when_the_app_has_one(library_url: str, config: Config) -> None:
    settings = WebSettings(library_url, config, host="0.0.0.0", token="s3cret")
    with TestClient(create_app(settings), base_url=LOOPBACK) as client:
        refused = client.delete("/api/stories/s999")
        assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
        assert client.delete("/api/stories/s999", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert client.delete("/api/stories/s999", headers={"Authorization": "Bearer s3cret"}).status_code == 404
        assert client.post("/add/url", data={"url": "https://a.example/"}).status_code == 401
        assert 'name="token"' in client.get("/add").text
        assert client.get("/api/stories").status_code == 200, "reading needs no token"


def test_serving_beyond_loopback_without_a_token_is_refused(library_url: str, config: Config) -> None:
    with pytest.raises(ConfigError, match="--token"):
        create_app(WebSettings(library_url, config, host="0.0.0.0"))
    create_app(WebSettings(library_url, config, host="::1"))


def test_removing_a_story_through_the_api(client: TestClient, tmp_path: Path) -> None:
    job = wait(
        client,
        client.post("/api/articles", json={"text": "A storm felled the old oak in Wren Park on Sunday."}).json()["id"],
    )
    (story_id,) = job["created"]  # type: ignore[misc]
    removed = client.delete(f"/api/stories/{story_id}")
    assert removed.status_code == 200 and removed.json()["removed"] == job["stored"]
    assert client.get(f"/api/stories/{story_id}").status_code == 404


def test_a_form_of_our_own_page_is_accepted_whatever_origin_the_browser_sends(client: TestClient) -> None:
    """Under a no-referrer policy Chromium sends `Origin: null` with a form of our own page; Fetch
    Metadata (`Sec-Fetch-Site`) says where the request comes from, and that decides."""
    own = {"Origin": "null", "Sec-Fetch-Site": "same-origin"}
    answer = client.post("/add/url", data={"url": "https://a.example/"}, headers=own, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    wait(client, answer.headers["location"].rsplit("/", 1)[1])
    for headers in (
        {"Origin": "null", "Sec-Fetch-Site": "cross-site"},  # a sandboxed frame on another site
        {"Origin": "null"},  # an origin we cannot place, without Fetch Metadata
        {"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},  # another port or subdomain of the same site
    ):
        refused = client.post("/add/url", data={"url": "https://a.example/"}, headers=headers)
        assert refused.status_code == 403, headers
    host = client.base_url.netloc.decode() if isinstance(client.base_url.netloc, bytes) else client.base_url.netloc
    same = client.post("/api/articles", json={"url": "https://a.example/"}, headers={"Origin": f"http://{host}"})
    assert same.status_code == 202
    wait(client, same.json()["id"])
    assert client.get("/").headers["referrer-policy"] == "same-origin"


def test_an_article_id_with_slashes_is_reachable_encoded(client: TestClient) -> None:
    from urllib.parse import quote

    encoded = quote(SLASHED_ID, safe="")
    answered = client.get(f"/api/articles/{encoded}")
    assert answered.status_code == 200 and answered.json()["article"]["id"] == SLASHED_ID
    page = client.get(f"/articles/{encoded}")
    assert page.status_code == 200 and "Petra Holm" in page.text
    assert f'href="/api/articles/{encoded}"' in page.text, "the article page links to its JSON encoded"
    story = answered.json()["story"]
    assert f'href="/articles/{encoded}"' in client.get(f"/stories/{story}").text
    assert client.get("/api/articles/valley-news/2025/nothing").status_code == 404


def test_uploaded_files_are_counted_and_named_as_uploaded(client: TestClient) -> None:
    files = [
        (
            "files",
            ("tide tables.txt", b"The spring tides will peak in Kessel Bay on Thursday morning.\n", "text/plain"),
        ),
        ("files", ("empty.txt", b"   \n", "text/plain")),
        ("files", ("notes.json", b"{not json", "application/json")),
    ]
    job = client.post("/api/articles/files", files=files)
    assert job.status_code == 202 and job.json()["inputs"] == 3
    done = wait(client, job.json()["id"])
    assert done["stored"] == ["tide-tables"]
    rejected = " ".join(done["rejected"])  # type: ignore[arg-type]
    assert "E101 empty.txt is empty" in rejected and "E111 notes.json" in rejected, rejected
    assert "newsfuse-upload-" not in rejected and "/tmp" not in rejected, "no server path is shown"


def test_head_answers_as_get_does_and_every_405_lists_the_allowed_methods(client: TestClient) -> None:
    for path in ("/", "/api/stories", "/add", "/static/newsfuse.css"):
        got, head = client.get(path), client.head(path)
        assert head.status_code == 200 and head.content == b"", path
        assert head.headers["content-type"] == got.headers["content-type"], path
        assert head.headers["content-security-policy"] == CSP, path
    options = client.options("/api/stories/s1")
    assert options.status_code == 204 and options.headers["allow"] == "DELETE, GET, HEAD, OPTIONS"
    for method, path, allowed in (
        ("PUT", "/api/stories", "GET, HEAD, OPTIONS"),
        ("POST", "/", "GET, HEAD, OPTIONS"),
        ("GET", "/add/text", "OPTIONS, POST"),
        ("HEAD", "/add/url", "OPTIONS, POST"),
    ):
        answer = client.request(method, path)
        assert answer.status_code == 405 and answer.headers["allow"] == allowed, (method, path)
    assert client.head("/no-such-page").status_code == 404


def test_web_reads_answer_while_an_add_holds_the_library(client: TestClient, library_url: str) -> None:
    import threading

    with Library.open(library_url) as library:
        holding, release = threading.Event(), threading.Event()

        def writer() -> None:
            with library.transaction() as tx:
                tx.lock()
                tx.set_next_story_key(tx.next_story_key())  # a write: the transaction holds the write lock
                holding.set()
                release.wait(60)

        thread = threading.Thread(target=writer)
        thread.start()
        try:
            assert holding.wait(30)
            started = time.monotonic()
            for path in ("/api/stories", "/", f"/api/articles/{'alder-gazette'}", "/articles/alder-gazette"):
                assert client.get(path).status_code == 200, path
            story = story_of(client, "alder-gazette")
            assert client.get(f"/stories/{story}").status_code == 200
            assert time.monotonic() - started < 5.0, "a page waited for the writer"
        finally:
            release.set()
            thread.join(60)


def test_the_routers_import_what_they_share_from_below_never_the_app() -> None:
    """app.py takes the routers; the routers take what they share from shared.py: one way."""
    import ast

    import newsfuse.web

    folder = Path(newsfuse.web.__file__).parent

    def imports(name: str) -> set[str]:
        tree = ast.parse((folder / f"{name}.py").read_text(encoding="utf-8"))
        found = {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        found |= {
            f"newsfuse.web.{alias.name}"
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            if node.module == "newsfuse.web"
            for alias in node.names
        }
        return {module for module in found if module.startswith("newsfuse.web")}

    assert "newsfuse.web.app" not in imports("api") | imports("pages") | imports("shared")
    assert not imports("shared") & {"newsfuse.web.api", "newsfuse.web.pages"}
    assert "newsfuse.web.pages" not in imports("api")


def test_a_loopback_server_answers_only_to_this_machines_names(client: TestClient) -> None:
    """A page on a domain re-bound to 127.0.0.1 (DNS rebinding) names its own host: refused."""
    for host in ("localhost:8000", "127.0.0.1", "[::1]:8000", "127.0.0.5:8000"):
        assert client.get("/api/stories", headers={"Host": host}).status_code == 200, host
    for host in ("evil.example", "evil.example:8000", "127.0.0.1.evil.example"):
        refused = client.post("/api/articles", json={"text": "x"}, headers={"Host": host})
        assert refused.status_code == 400 and "names of this machine" in refused.json()["error"]["message"]
        assert client.get("/", headers={"Host": host}).status_code == 400, host
