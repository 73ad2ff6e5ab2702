"""The HTTP API's own payloads (the story report itself is `newsfuse.report`), as pydantic models."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from newsfuse.report import Article


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorBody(_Model):
    status: int = Field(description="the HTTP status")
    code: str = Field(description="a stable name for the error: not_found, unauthorized, invalid_request, ...")
    message: str = Field(description="what went wrong and how to fix it")


class ErrorEnvelope(_Model):
    """Every error the API answers with, whatever the endpoint."""

    error: ErrorBody


class StorySummary(_Model):
    id: str
    headline: str | None
    articles: int
    independent_sources: int
    disagreements: int
    kinds: dict[str, int] = Field(description="disagreement kind -> how many the story has")
    outlets: list[str]
    created: dt.datetime
    updated: dt.datetime


class StoryList(_Model):
    stories: list[StorySummary]
    offset: int
    limit: int


class ArticleDetail(_Model):
    story: str = Field(description="the id of the story the article is in")
    article: Article


class NewArticle(_Model):
    """An article to add, as its text (with what is known of it) or as the address of its page."""

    # The schema says what the endpoint checks: a text that is not blank, or an http(s) URL.
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "anyOf": [
                {"required": ["text"], "properties": {"text": {"type": "string"}}},
                {"required": ["url"], "properties": {"url": {"type": "string"}}},
            ]
        },
    )

    text: str | None = Field(
        default=None, max_length=5_000_000, pattern=r"\S", description="the article's text (not blank)"
    )
    title: str | None = Field(default=None, max_length=2_000)
    source: str | None = Field(default=None, max_length=500, description="the outlet")
    url: str | None = Field(
        default=None,
        max_length=4_000,
        pattern=r"^https?://[^\s/]+",
        description="the page to fetch when no text is given, else where the text was published",
    )
    published: dt.date | None = None

    @field_validator("published", mode="before")
    @classmethod
    def _iso_date(cls, value: object) -> object:
        """A date is an ISO date ("2024-05-13"), never a number read as a timestamp."""
        if value is not None and not isinstance(value, str | dt.date):
            raise ValueError("give the date as YYYY-MM-DD")
        return value


JobState = Literal["queued", "running", "done", "failed"]


class Job(_Model):
    """A background `add`: what it is doing, then what it did."""

    id: str
    state: JobState
    stage: str = Field(description="what the job is doing now")
    inputs: int
    read: int = Field(description="inputs read so far")
    stored: list[str] = Field(description="ids of the articles stored")
    present: list[str] = Field(description="ids of articles the library already held")
    created: list[str] = Field(description="stories created")
    updated: list[str] = Field(description="stories that changed")
    merged: list[str] = Field(description="stories merged into another, so gone")
    rejected: list[str] = Field(description="one message per input that could not be read, with its fix")
    error: str | None = None
    submitted: dt.datetime
    finished: dt.datetime | None = None


class Removed(_Model):
    removed: list[str] = Field(description="ids of the articles removed")
    story: str | None = Field(default=None, description="the story the article was in, when one was removed")
