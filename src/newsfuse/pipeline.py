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
from newsfuse.report import Rejection, Report


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
    """Read, clean and parse the inputs and build the report; unreadable inputs land in `rejected`.

    All readable inputs form one story; grouping inputs into several stories comes with the
    story-clustering stage.
    """
    config = config or load_config()
    ingested = ingest(inputs, config, on_item=on_item)
    if on_reject is not None:
        for rejection in ingested.rejected:
            on_reject(rejection)
    stories = []
    if ingested.articles:
        annotate(ingested.articles, config.parse)
        stories.append(reconcile(ingested.articles, load_embedder(config.embed)))
    return Report(
        generated_at=generated_at(),
        stories=stories,
        rejected=[Rejection(input=r.source, code=r.code, message=r.message) for r in ingested.rejected],
    )
