"""The batch pipeline's parallel stages, the same code on every engine.

`Preparer` turns a chunk of raw records into prepared articles: cleaned, parsed, embedded, with
their clustering features and MinHash signature (light, for the driver) and their text and parse
packed into bytes (heavy, kept where the engine keeps data). `Reconciler` turns a story's packed
articles into its report. Each loads its models once, when it is made: once per worker.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import numpy as np

from newsfuse.config import Config
from newsfuse.document import Article, RawArticle, Removed
from newsfuse.errors import InputRejected
from newsfuse.ingest.clean import clean
from newsfuse.ingest.dedup import PERMUTATIONS, content_key, shingles
from newsfuse.parse import annotate, attach, load_pipeline
from newsfuse.parse.embeddings import load_embedder
from newsfuse.reconcile import reconcile
from newsfuse.stories import ArticleFeatures, article_features

SCHEME = "affine32"  # datasketch's hashing scheme, named so that signatures can be rebuilt


@dataclass(frozen=True, slots=True)
class Prepared:
    """One record after the prepare stage: what the driver needs, and the packed rest."""

    position: int  # its place in the input
    origin: str
    rejection: str | None = None  # the message when the record could not be read
    code: str | None = None
    article_id: str = ""
    source: str | None = None
    published: date | None = None
    says_copy: bool = False  # its own text says it was first published elsewhere
    content: str = ""  # ingest's content key: the same words twice
    signature: bytes = b""  # MinHash hash values of its word 5-grams
    features: dict[str, Any] | None = None  # ArticleFeatures.to_record()
    packed: bytes = b""  # the article and its parse, compressed (see `pack`)


@dataclass(frozen=True, slots=True)
class Placement:
    """What the driver decided for an article: its final id and whether it copies another."""

    article_id: str
    duplicate_of: str | None = None
    syndicated_because: str | None = None


class Preparer:
    """Clean, parse and embed chunks of raw records (models loaded once, when it is made)."""

    def __init__(self, config: Config) -> None:
        self._config = config
        self._embedder = load_embedder(config.embed)
        load_pipeline(config.parse.model)

    def __call__(self, chunk: Sequence[tuple[int, RawArticle | InputRejected]]) -> list[Prepared]:
        from datasketch import MinHash

        done: dict[int, Prepared] = {}
        articles: list[tuple[int, Article]] = []
        for position, item in chunk:
            origin = item.source if isinstance(item, InputRejected) else item.origin
            try:
                if isinstance(item, InputRejected):
                    raise item
                articles.append((position, clean(item, self._config)))
            except InputRejected as rejection:
                done[position] = Prepared(position, origin, rejection=rejection.message, code=rejection.code)
        parsed = [article for _, article in articles]
        annotate(parsed, self._config.parse)
        for (position, article), features in zip(articles, article_features(parsed, self._embedder), strict=True):
            signature = MinHash(num_perm=PERMUTATIONS, seed=1, scheme=SCHEME)
            signature.update_batch([word.encode("utf-8") for word in shingles(article.text)])
            done[position] = Prepared(
                position,
                article.origin,
                article_id=article.id,
                source=article.source,
                published=article.published,
                says_copy=article.syndicated,
                content=content_key(article.text),
                signature=np.asarray(signature.hashvalues, dtype="<u8").tobytes(),
                features=features.to_record(),
                packed=pack(article),
            )
        return [done[position] for position, _ in chunk]


class Reconciler:
    """Reconcile stories from their packed articles (models loaded once, when it is made)."""

    def __init__(self, config: Config) -> None:
        self._config = config
        self._embedder = load_embedder(config.embed)
        self._vocab = load_pipeline(config.parse.model).vocab

    def __call__(self, story: Sequence[tuple[bytes, Placement]]) -> str:
        """The story's report JSON (the contract's story), its articles in publication order."""
        members = [placed(unpack(packed, self._vocab), placement) for packed, placement in story]
        members.sort(key=lambda a: (a.published is None, a.published or date.min, a.id))
        built = reconcile(members, self._embedder)
        return json.dumps(built.model_dump(mode="json"), ensure_ascii=False, sort_keys=True)


def placed(article: Article, placement: Placement) -> Article:
    """The article under its final id, marked a copy when the driver found it one."""
    if placement.duplicate_of is None:
        return replace(article, id=placement.article_id)
    because = "; ".join(filter(None, (article.syndicated_because, placement.syndicated_because)))
    return replace(
        article,
        id=placement.article_id,
        duplicate_of=placement.duplicate_of,
        syndicated=True,
        syndicated_because=because,
    )


def pack(article: Article) -> bytes:
    """An article and its parse as compressed bytes: its fields as JSON, then the spaCy Doc."""
    fields = {
        "id": article.id,
        "origin": article.origin,
        "text": article.text,
        "title": article.title,
        "source": article.source,
        "url": article.url,
        "published": article.published.isoformat() if article.published else None,
        "published_from": article.published_from,
        "removed": [[r.text, r.reason] for r in article.removed],
        "syndicated": article.syndicated,
        "syndicated_because": article.syndicated_because,
    }
    head = json.dumps(fields, ensure_ascii=False).encode("utf-8")
    doc = article.doc.to_bytes(exclude=["tensor", "user_data"])
    return zlib.compress(len(head).to_bytes(8, "big") + head + doc, 6)


def unpack(packed: bytes, vocab: Any) -> Article:
    """The article `pack` made, with its parse attached again."""
    from spacy.tokens import Doc

    data = zlib.decompress(packed)
    size = int.from_bytes(data[:8], "big")
    fields = json.loads(data[8 : 8 + size])
    published = fields.pop("published")
    removed = [Removed(text, reason) for text, reason in fields.pop("removed")]
    article = Article(**fields, published=date.fromisoformat(published) if published else None, removed=removed)
    attach(article, Doc(vocab).from_bytes(data[8 + size :]))
    return article


def features_of(prepared: Prepared, article_id: str) -> ArticleFeatures:
    assert prepared.features is not None
    return replace(ArticleFeatures.from_record(prepared.features), article_id=article_id)
