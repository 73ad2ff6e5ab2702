"""The story report: newsfuse's JSON contract (schema version 1), as validated models.

Field names follow `shared/spec/report.md` and are public: add fields freely, rename or remove
one only with a new `schema_version`. `newsfuse schema` prints the JSON Schema of `Report`.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION: Literal["1"] = "1"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Evidence(_Model):
    """A sentence of an article, exactly as it stands in the article's `text`."""

    article: str
    sentence: str
    start: int = Field(description="offset of the sentence in the article's text")
    end: int


class RemovedLine(_Model):
    text: str
    reason: str = Field(description="footer, share widget, photo caption, comment form, related-links teaser, ...")


class SentenceSpan(_Model):
    start: int
    end: int


class Article(_Model):
    id: str = Field(description="file name without extension, a record's id, or a short hash of the URL")
    source: str = Field(description="the outlet's name where it can be told, else the file name")
    title: str | None = Field(description="the headline as published")
    url: str | None
    published: dt.date | None
    published_from: Literal["metadata", "url", "dateline", "lead"] | None = Field(
        default=None,
        description="where `published` was read: metadata, the URL, a dateline, or the lead's first full date",
    )
    text: str = Field(description="the cleaned body: the article's own prose only")
    removed: list[RemovedLine] = Field(description="every line dropped from the body, and why")
    syndicated: bool
    syndicated_because: str | None = Field(default=None, description="why the article counts as a copy")
    duplicate_of: str | None = Field(description="the input it copies, when known")
    sentences: list[SentenceSpan] = Field(default_factory=list, description="sentence offsets into `text`")


class Fact(_Model):
    id: str
    text: str
    articles: list[str]
    independent_sources: int
    attributed_to: str | None
    evidence: list[Evidence]


class QuantityRange(_Model):
    min: float | None
    max: float | None
    unit: str | None


class Version(_Model):
    value: str
    normalized: QuantityRange | str | None
    articles: list[str]
    evidence: list[Evidence]
    as_of: str | None = Field(
        default=None, description="the ISO date or datetime at which this figure held, where the article tells"
    )


class Disagreement(_Model):
    id: str
    kind: Literal["quantity", "date", "name_spelling", "quote_wording", "attribution", "claim"]
    topic: str
    versions: list[Version]
    compatible: bool
    note: str
    update: bool = Field(
        default=False,
        description="the versions are successive figures of something that changed, ordered by `as_of`",
    )


class QuoteVariant(_Model):
    text: str
    speaker: str | None
    articles: list[str]


class Quote(_Model):
    id: str
    speaker: str | None
    text: str
    articles: list[str]
    variants: list[QuoteVariant]


class Entity(_Model):
    name: str
    type: str
    aliases: list[str]
    mentions: dict[str, int] = Field(description="article id -> number of mentions")


class TimelineEvent(_Model):
    date: str = Field(description="an ISO date, or a partial one (2022-03, 2014)")
    text: str
    articles: list[str]


class SummarySentence(_Model):
    text: str
    facts: list[str]
    articles: list[str]


class Coverage(_Model):
    article: str
    facts_stated: int
    omitted: list[str]
    unique: list[str]


class Story(_Model):
    id: str
    headline: str
    articles: list[Article]
    facts: list[Fact] = Field(default_factory=list)
    disagreements: list[Disagreement] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    timeline: list[TimelineEvent] = Field(default_factory=list)
    summary: list[SummarySentence] = Field(default_factory=list)
    coverage: list[Coverage] = Field(default_factory=list)


class Rejection(_Model):
    """An input that could not be read, with the one-line message the user saw."""

    input: str
    code: str
    message: str


class Report(_Model):
    schema_version: Literal["1"] = SCHEMA_VERSION
    generated_at: dt.datetime
    stories: list[Story]
    rejected: list[Rejection] = Field(default_factory=list, description="inputs that could not be read")

    def to_json(self) -> str:
        """Deterministic JSON: the same report gives the same bytes."""
        return json.dumps(self.model_dump(mode="json"), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def json_schema() -> dict[str, object]:
    """The JSON Schema of the report, generated from these models."""
    schema = Report.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "newsfuse story report (schema version 1)"
    return schema
