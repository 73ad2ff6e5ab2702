"""The whole pipeline as one call: inputs -> articles -> parsed -> story -> report."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable

from newsfuse.config import Config, load_config
from newsfuse.errors import InputRejected
from newsfuse.ingest import ingest
from newsfuse.parse import annotate
from newsfuse.parse.embeddings import load_embedder
from newsfuse.reconcile import reconcile
from newsfuse.report import Rejection, Report, Story
from newsfuse.stories import group_articles


def generated_at() -> dt.datetime:
    """Now, or SOURCE_DATE_EPOCH when set, so that a rerun can give byte-identical output."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.now(tz=dt.UTC).replace(microsecond=0)


def analyze(
    inputs: Iterable[str],
    config: Config | None = None,
    on_item: Callable[[str], None] | None = None,
    on_reject: Callable[[InputRejected], None] | None = None,
) -> Report:
    """Read, clean and parse the inputs, group them into stories (one per real-world event) and
    reconcile each story; unreadable inputs land in `rejected`."""
    config = config or load_config()
    ingested = ingest(inputs, config, on_item=on_item)
    if on_reject is not None:
        for rejection in ingested.rejected:
            on_reject(rejection)
    stories: list[Story] = []
    if ingested.articles:
        annotate(ingested.articles, config.parse)
        embedder = load_embedder(config.embed)
        stories = [reconcile(group, embedder) for group in group_articles(ingested.articles, embedder, config.stories)]
    return Report(
        generated_at=generated_at(),
        stories=stories,
        rejected=[Rejection(input=r.source, code=r.code, message=r.message) for r in ingested.rejected],
    )
