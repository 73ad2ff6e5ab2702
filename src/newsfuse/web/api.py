"""The JSON API: stories as the report contract, articles, background adds, removals.

GET    /api/stories               the stories, newest activity first; ?text= &entity= search
GET    /api/stories/{id}          one story as the report contract (shared/spec/report.md)
GET    /api/articles/{id}         one article as the contract has it, with its story's id
POST   /api/articles              add an article by its text or its URL (JSON): a job
POST   /api/articles/files        add article files (multipart): a job
GET    /api/jobs/{id}             a job's progress, then its outcome
DELETE /api/stories/{id}          remove a story with its articles
DELETE /api/articles/{id}         remove one article
GET    /api/openapi.json          this API, described
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Query, Request, Response, UploadFile
from fastapi import Path as PathParameter

from newsfuse.ingest.web import is_url
from newsfuse.library import StorySummary, service
from newsfuse.report import Report
from newsfuse.web.app import WebError, require_write, services
from newsfuse.web.models import ArticleDetail, ErrorEnvelope, Job, NewArticle, Removed, StoryList
from newsfuse.web.models import StorySummary as StorySummaryOut

ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorEnvelope, "description": description}
    for status, description in (
        (400, "the request's body cannot be parsed"),
        (404, "no such story, article or job"),
        (422, "the request is not valid"),
        (500, "the server failed"),
    )
}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    401: {"model": ErrorEnvelope, "description": "the server's token is missing or wrong"},
    403: {"model": ErrorEnvelope, "description": "a write from another site's page"},
    413: {"model": ErrorEnvelope, "description": "a file over the size limit"},
}
Id = Annotated[str, PathParameter(pattern=r"^[A-Za-z0-9_.:-]{1,200}$", description="an id as the library lists it")]
_SAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]+")
_FILE_TYPES = (".txt", ".html", ".htm", ".json", ".jsonl", ".xml", ".rss", ".atom", ".gz")

router = APIRouter(prefix="/api", responses=ERRORS)


def summary(story: StorySummary) -> StorySummaryOut:
    return StorySummaryOut(
        id=story.id,
        headline=story.headline,
        articles=story.article_count,
        independent_sources=story.independent_sources,
        disagreements=story.disagreements,
        kinds=dict(story.kinds),
        outlets=list(story.outlets),
        created=story.created,
        updated=story.updated,
    )


@router.get("/stories", response_model=StoryList, summary="The stories, newest activity first")
def list_stories(
    request: Request,
    text: Annotated[str | None, Query(max_length=500, description="words every story shown holds")] = None,
    entity: Annotated[str | None, Query(max_length=500, description="a name (or spelling) the story holds")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> StoryList:
    found = service.stories(services(request).library, text, entity, limit, offset)
    return StoryList(stories=[summary(s) for s in found], offset=offset, limit=limit)


@router.get("/stories/{story_id}", response_model=Report, summary="One story, as the report contract")
def get_story(request: Request, story_id: Id) -> Response:
    detail = services(request).library.story(story_id)
    if detail is None or detail.report is None:
        raise WebError(404, f"no story {story_id} in the library: GET /api/stories lists them")
    # The stored story is the contract's story already (it was validated when it was made): wrap it
    # as `service.show` does, without parsing and serialising it again on every request.
    generated = detail.summary.updated.replace(microsecond=0).isoformat().replace("+00:00", "Z")
    body = f'{{"schema_version":"1","generated_at":"{generated}","stories":[{detail.report}],"rejected":[]}}'
    return Response(body, media_type="application/json")


@router.get("/articles/{article_id}", response_model=ArticleDetail, summary="One article, with its story's id")
def get_article(request: Request, article_id: Id) -> ArticleDetail:
    story_id, report = article_story(request, article_id)
    article = next(a for a in report.stories[0].articles if a.id == article_id)
    return ArticleDetail(story=story_id, article=article)


@router.post(
    "/articles",
    status_code=202,
    response_model=Job,
    responses=WRITE_ERRORS,
    summary="Add an article by its text or by the address of its page",
)
def add_article(request: Request, article: NewArticle) -> Job:
    require_write(request)
    return submit_article(request, article)


@router.post(
    "/articles/files",
    status_code=202,
    response_model=Job,
    responses=WRITE_ERRORS,
    summary="Add article files: text, HTML, JSON or JSON lines, feeds, optionally gzipped",
)
def add_files(
    request: Request, files: Annotated[list[UploadFile], File(description="the article files", min_length=1)]
) -> Job:
    require_write(request)
    return submit_files(request, files)


@router.get("/jobs/{job_id}", response_model=Job, summary="A background add: its progress, then its outcome")
def get_job(request: Request, job_id: Id) -> Job:
    job = services(request).jobs.get(job_id)
    if job is None:
        raise WebError(404, f"no job {job_id}: jobs are kept while the server runs")
    return job


@router.delete("/stories/{story_id}", response_model=Removed, responses=WRITE_ERRORS, summary="Remove a story")
def delete_story(request: Request, story_id: Id) -> Removed:
    require_write(request)
    return Removed(removed=service.remove_story(services(request).library, story_id))


@router.delete("/articles/{article_id}", response_model=Removed, responses=WRITE_ERRORS, summary="Remove one article")
def delete_article(request: Request, article_id: Id) -> Removed:
    require_write(request)
    app = services(request)
    story = service.remove_article(app.library, article_id, app.settings.config)
    return Removed(removed=[article_id], story=story)


def article_story(request: Request, article_id: str) -> tuple[str, Report]:
    """The id of the story an article is in, and that story's report."""
    library = services(request).library
    with library.transaction() as tx:
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
    (folder / f"pasted-{digest}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return jobs.submit([str(folder)], folder)


def submit_files(request: Request, files: list[UploadFile]) -> Job:
    """Queue an add of uploaded files, each kept under a safe name until the job ends."""
    if not files:
        raise WebError(422, "send at least one file")
    limit = services(request).settings.config.ingest.max_bytes
    folder = Path(tempfile.mkdtemp(prefix="newsfuse-upload-"))
    try:
        for number, upload in enumerate(files, start=1):
            name = _SAFE_NAME.sub("-", Path(upload.filename or "").name).strip("-.") or f"upload-{number}.txt"
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
                        raise WebError(413, f"{name} is over the {limit:,}-byte limit for one article")
                    out.write(chunk)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return services(request).jobs.submit([str(folder)], folder)
