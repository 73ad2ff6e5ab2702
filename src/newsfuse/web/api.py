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

from typing import Annotated, Any

from fastapi import APIRouter, File, Query, Request, Response, UploadFile
from fastapi import Path as PathParameter

from newsfuse.errors import MAX_ID_LENGTH
from newsfuse.library import StorySummary, service
from newsfuse.report import Report
from newsfuse.web.models import ArticleDetail, ErrorEnvelope, Job, NewArticle, Removed, StoryList
from newsfuse.web.models import StorySummary as StorySummaryOut
from newsfuse.web.shared import WebError, article_story, require_write, services, submit_article, submit_files

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
# An article keeps the id its record gave (any printable characters, "nyt/2025/03/18/bridge-vote"
# among them): percent-encoded in a URL, and matched across slashes.
ArticleId = Annotated[
    str,
    PathParameter(
        pattern=rf"^[^\x00-\x1f\x7f]{{1,{MAX_ID_LENGTH + 65}}}$",
        description="an article id as the library lists it, percent-encoded (`/` as %2F, or as it is)",
    ),
]

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


@router.get("/articles/{article_id:path}", response_model=ArticleDetail, summary="One article, with its story's id")
def get_article(request: Request, article_id: ArticleId) -> ArticleDetail:
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
    app = services(request)
    return Removed(removed=service.remove_story(app.library, story_id, app.settings.config))


@router.delete(
    "/articles/{article_id:path}", response_model=Removed, responses=WRITE_ERRORS, summary="Remove one article"
)
def delete_article(request: Request, article_id: ArticleId) -> Removed:
    require_write(request)
    app = services(request)
    story = service.remove_article(app.library, article_id, app.settings.config)
    return Removed(removed=[article_id], story=story)
