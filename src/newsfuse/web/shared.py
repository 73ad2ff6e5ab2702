"""What the app and both routers share: settings, services, the web error and the write rule, and
the library operations behind both the pages and the API.

The imports run one way: app.py -> api.py, pages.py -> shared.py (and the library below it).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from fastapi import Request, UploadFile
from starlette.exceptions import HTTPException

from newsfuse.config import Config
from newsfuse.ingest.web import is_url
from newsfuse.library import Library, service
from newsfuse.report import Report
from newsfuse.web.jobs import JobRunner
from newsfuse.web.models import Job, NewArticle

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# What a browser says of where a request comes from (Fetch Metadata): only the app's own pages write.
_OWN_SITE = frozenset({"same-origin", "none"})
_SAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]+")
_FILE_TYPES = (".txt", ".html", ".htm", ".json", ".jsonl", ".xml", ".rss", ".atom", ".gz")


@dataclass(frozen=True, slots=True)
class WebSettings:
    """What the app serves and who may change it."""

    library_url: str
    config: Config
    host: str = "127.0.0.1"  # the address the server is bound to: tokens are required off loopback
    token: str | None = None


@dataclass(frozen=True, slots=True)
class Services:
    """What the app's endpoints work with."""

    library: Library
    jobs: JobRunner
    settings: WebSettings


class WebError(HTTPException):
    """An error with its message for the user: the envelope's `message`."""


def services(request: Request) -> Services:
    """The app's library, jobs and settings."""
    found = request.app.state.newsfuse
    assert isinstance(found, Services)
    return found


def require_write(request: Request, token: str | None = None) -> None:
    """Allow a write only from the app's own pages or a non-browser client, and with the token
    when the app has one (a bearer token, or the form's token field)."""
    if request.method not in _SAFE_METHODS and not from_own_pages_or_client(request):
        raise WebError(403, "writes are only accepted from newsfuse's own pages or from API clients")
    expected = services(request).settings.token
    if not expected:
        return
    given = token
    authorization = request.headers.get("authorization", "")
    if authorization.lower().startswith("bearer "):
        given = authorization[7:].strip()
    if not given or not hmac.compare_digest(given.encode(), expected.encode()):
        raise WebError(
            401,
            "this server needs its token to change the library: send `Authorization: Bearer TOKEN` "
            "(or fill in the token field)",
            headers={"WWW-Authenticate": "Bearer"},
        )


def from_own_pages_or_client(request: Request) -> bool:
    """Whether a request comes from the app's own pages, or from a client that is not a browser.

    A browser that sends Fetch Metadata says where the request comes from, and that decides: a
    form of our own page is `same-origin` even when the browser sends `Origin: null` (it does so
    under a no-referrer policy, or for a form in a sandboxed frame, where Sec-Fetch-Site is
    `cross-site`). Without it, the Origin must be this host's, or absent (an API client).
    """
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site in _OWN_SITE
    origin = request.headers.get("origin")
    if origin is None:
        return True
    host = request.headers.get("host", "")
    return origin != "null" and origin.split("://", 1)[-1].rstrip("/") == host


def article_story(request: Request, article_id: str) -> tuple[str, Report]:
    """The id of the story an article is in, and that story's report."""
    library = services(request).library
    with library.reading() as tx:
        story_id = tx.story_of([article_id]).get(article_id)
    if story_id is None:
        raise WebError(404, f"no article {article_id} in the library: a story's page lists its articles")
    report = service.show(library, story_id)
    if not any(a.id == article_id for a in report.stories[0].articles):
        raise WebError(404, f"article {article_id} is still being placed: try again in a moment")
    return story_id, report


def submit_article(request: Request, article: NewArticle) -> Job:
    """Queue an add of one article given as text (kept as a JSON record) or as a URL."""
    jobs = services(request).jobs
    if article.text is None or not article.text.strip():
        if not article.url or not is_url(article.url):
            raise WebError(422, "give the article's text, or the http(s) address of its page as `url`")
        return jobs.submit([article.url.strip()])
    folder = Path(tempfile.mkdtemp(prefix="newsfuse-add-"))
    digest = hashlib.sha256(article.text.encode("utf-8")).hexdigest()[:12]
    record = {"id": f"pasted-{digest}", **article.model_dump(mode="json", exclude_none=True)}
    path = folder / f"pasted-{digest}.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return jobs.submit([str(path)], folder, names={str(path): "the pasted text"})


def submit_files(request: Request, files: list[UploadFile]) -> Job:
    """Queue an add of uploaded files, each kept under a safe name until the job ends; messages
    name each file as it was uploaded, never by the server's own path."""
    if not files:
        raise WebError(422, "send at least one file")
    limit = services(request).settings.config.ingest.max_bytes
    folder = Path(tempfile.mkdtemp(prefix="newsfuse-upload-"))
    paths: list[str] = []
    names: dict[str, str] = {}
    try:
        for number, upload in enumerate(files, start=1):
            uploaded = Path(upload.filename or "").name or f"file {number}"
            name = _SAFE_NAME.sub("-", uploaded).strip("-.") or f"upload-{number}.txt"
            if not name.lower().endswith(_FILE_TYPES):
                name += ".txt"
            # A folder each, so that two files of one name stay two articles named as uploaded.
            path = folder / f"{number:03d}" / name
            path.parent.mkdir()
            written = 0
            with path.open("wb") as out:
                while chunk := upload.file.read(1 << 20):
                    written += len(chunk)
                    if written > limit:
                        raise WebError(413, f"{uploaded} is over the {limit:,}-byte limit for one article")
                    out.write(chunk)
            paths.append(str(path))
            names[str(path)] = uploaded
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return services(request).jobs.submit(paths, folder, names=names)
