"""The web app's pages: the library, a story, an article, adding articles and following the add.

Pages are Jinja2 templates with autoescape on; a story's and an article's body come from the
report renderer (render/html.py), which escapes every piece of article data itself. No page has a
script: the evidence opens with `<details>` and anchors, a job's page refreshes itself.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Annotated
from urllib.parse import quote, urlencode

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from newsfuse.library import service
from newsfuse.render.common import KIND_LABELS
from newsfuse.render.html import CSS, article_html, story_html
from newsfuse.report import Story
from newsfuse.web.models import NewArticle
from newsfuse.web.shared import WebError, article_story, require_write, services, submit_article, submit_files

PAGE_SIZE = 50
WEB_CSS = """
.bar{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;align-items:baseline;padding:.6rem 1rem;
border-bottom:1px solid var(--line)}.bar nav a{margin-right:.9rem}.brand{font-weight:700;text-decoration:none}
.crumbs{font-size:.9rem;color:var(--muted)}
.stories{list-style:none;padding:0}.story-row h2{font-size:1.15rem;border:0;margin:.2rem 0}
.outlets{margin:.2rem 0;font-size:.95rem}
.badge{display:inline-block;font-size:.8rem;border:1px solid var(--line);border-radius:1rem;padding:0 .55rem;
margin:.1rem 0;background:var(--bg)}.badge-quantity,.badge-date,.badge-claim{border-color:var(--bad)}
form label{display:block;margin:.5rem 0}input[type=text],input[type=url],input[type=search],input[type=password],
textarea{width:100%;font:inherit;padding:.35rem;border:1px solid var(--line);border-radius:.3rem;
background:var(--bg);color:var(--fg)}
.search{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end}.search label{flex:1 1 12rem;margin:0}
button{font:inherit;padding:.35rem .9rem;border-radius:.3rem;border:1px solid var(--accent);background:var(--accent);
color:var(--bg);cursor:pointer}
progress{width:100%}.error-message{font-size:1.1rem}
:target{scroll-margin-top:3rem}
"""
TITLES = {
    400: "Bad request",
    401: "Token needed",
    403: "Refused",
    404: "Not found",
    405: "Not allowed",
    413: "Too large",
    422: "Not a valid request",
    500: "The server failed",
}

router = APIRouter(include_in_schema=False)
_templates = Environment(
    loader=PackageLoader("newsfuse.web", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
# An id as one path segment of a link: "nyt/2025/bridge vote" -> "nyt%2F2025%2Fbridge%20vote".
_templates.filters["segment"] = lambda value: quote(str(value), safe="")


def page(template: str, status: int = 200, headers: dict[str, str] | None = None, **values: object) -> Response:
    html = _templates.get_template(template).render(**values)
    return Response(html, status_code=status, media_type="text/html; charset=utf-8", headers=headers)


def error_page(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    title = TITLES.get(status, "Error")
    return page("error.html", status, headers, code=status, title=title, message=message)


@router.get("/static/newsfuse.css")
def stylesheet() -> Response:
    return Response(CSS + WEB_CSS, media_type="text/css; charset=utf-8", headers={"Cache-Control": "max-age=3600"})


@router.get("/")
def library_page(
    request: Request,
    text: Annotated[str | None, Query(max_length=500)] = None,
    entity: Annotated[str | None, Query(max_length=500)] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    found = service.stories(services(request).library, text, entity, PAGE_SIZE + 1, offset)

    def at(start: int) -> str:
        query = {k: v for k, v in (("text", text), ("entity", entity)) if v}
        return "/?" + urlencode({**query, **({"offset": start} if start else {})})

    return page(
        "library.html",
        stories=found[:PAGE_SIZE],
        more=len(found) > PAGE_SIZE,
        offset=offset,
        newer=at(max(0, offset - PAGE_SIZE)),
        older=at(offset + PAGE_SIZE),
        text=text,
        entity=entity,
        labels=KIND_LABELS,
    )


@router.get("/stories/{story_id}")
def story_page(request: Request, story_id: str) -> Response:
    library = services(request).library
    detail = library.story(story_id)
    if detail is None or detail.report is None:
        raise WebError(404, f"no story {story_id} in the library: the library page lists them")
    story = _story(detail.report)
    body = _story_body(detail.report)
    return page("story.html", story_id=story_id, headline=story.headline, articles=story.articles, body=body)


@router.get("/articles/{article_id:path}")
def article_page(request: Request, article_id: str) -> Response:
    story_id, report = article_story(request, article_id)
    story = report.stories[0]
    article = next(a for a in story.articles if a.id == article_id)
    return page(
        "article.html",
        story_id=story_id,
        article_id=article_id,
        headline=story.headline,
        title=article.title or article_id,
        body=Markup(article_html(story, article_id)),
    )


@router.get("/add")
def add_page(request: Request) -> Response:
    return page("add.html", token_needed=bool(services(request).settings.token))


@router.post("/add/text")
def add_text(
    request: Request,
    text: Annotated[str, Form(max_length=5_000_000)],
    title: Annotated[str, Form(max_length=2_000)] = "",
    source: Annotated[str, Form(max_length=500)] = "",
    published: Annotated[str, Form(max_length=20)] = "",
    token: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    require_write(request, token)
    try:
        day = dt.date.fromisoformat(published) if published else None
    except ValueError as error:
        raise WebError(422, f"published is {published!r}: give a date as YYYY-MM-DD, or leave it empty") from error
    article = NewArticle(text=text, title=title or None, source=source or None, published=day)
    return _follow(submit_article(request, article).id)


@router.post("/add/url")
def add_url(
    request: Request,
    url: Annotated[str, Form(max_length=4_000)],
    token: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    require_write(request, token)
    return _follow(submit_article(request, NewArticle(url=url)).id)


@router.post("/add/files")
def add_files(
    request: Request,
    files: Annotated[list[UploadFile], File()],
    token: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    require_write(request, token)
    return _follow(submit_files(request, files).id)


@router.get("/jobs/{job_id}")
def job_page(request: Request, job_id: str) -> Response:
    job = services(request).jobs.get(job_id)
    if job is None:
        raise WebError(404, f"no job {job_id}: jobs are kept while the server runs")
    return page("job.html", job=job, finished=job.state in ("done", "failed"))


def _follow(job_id: str) -> Response:
    return RedirectResponse(f"/jobs/{job_id}", status_code=303)


@lru_cache(maxsize=64)
def _story(report_json: str) -> Story:
    return Story.model_validate_json(report_json)


@lru_cache(maxsize=64)
def _story_body(report_json: str) -> Markup:
    """A story's rendered sections, kept while its report is unchanged."""
    return Markup(story_html(_story(report_json)))
