"""Claims: each article's sentences, split where one sentence carries two independent clauses.

A claim is a span of the article's text. Headings, bylines and lead-ins to a quotation ("Trump
posted on his network:") carry no claim of their own and are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsfuse.document import Article, Span

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

MIN_WORDS = 5
_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl"})


@dataclass(slots=True)
class Claim:
    """One claim of one article: a span of its text, with what the matcher compares."""

    article: Article
    span: Span
    sentence: Span
    index: int  # the claim's position in the whole story, for stable ordering
    lemmas: frozenset[str] = field(default_factory=frozenset)
    numbers: frozenset[str] = field(default_factory=frozenset)
    entities: frozenset[str] = field(default_factory=frozenset)
    negated: bool = False

    @property
    def text(self) -> str:
        return self.article.span_text(self.span)


def find_claims(articles: list[Article]) -> list[Claim]:
    """Every claim of every article, in article order then text order."""
    claims: list[Claim] = []
    for article in articles:
        for sentence in article.sentences:
            for span in _split(article, sentence):
                claims.append(_claim(article, span, sentence, len(claims)))
    return [c for c in claims if c.lemmas]


def _split(article: Article, sentence: Span) -> list[Span]:
    text = article.span_text(sentence)
    if text.rstrip().endswith(":") or is_heading(text) or not _has_verb(article, sentence):
        return []
    doc_span = _doc_span(article, sentence)
    if doc_span is None:
        return [sentence] if len(text.split()) >= MIN_WORDS else []
    cuts = sorted({cut for token in doc_span if (cut := _clause_cut(token, doc_span)) is not None})
    pieces, start = [], sentence.start
    for cut in cuts:
        pieces.append(_trim(article, start, cut))
        start = cut
    pieces.append(_trim(article, start, sentence.end))
    spans = [p for p in pieces if p is not None and len(article.span_text(p).split()) >= MIN_WORDS]
    # A split that leaves a fragment too short to stand alone keeps the sentence whole.
    if len(spans) != len(pieces):
        return [sentence] if len(text.split()) >= MIN_WORDS else []
    return spans


def is_heading(text: str) -> bool:
    """A heading or subheading: no closing punctuation, and most words capitalised."""
    text = text.strip()
    if not text or text[-1] in ".!?…\"”’'":
        return False
    words = [w for w in text.split() if w[:1].isalpha()]
    capitalised = sum(1 for w in words if w[0].isupper())
    return len(words) <= 20 and capitalised >= 0.6 * max(1, len(words))


def _clause_cut(token: Token, sentence: SpacySpan) -> int | None:
    """Where a second independent clause starts: a conjoined verb with its own subject, or after ';'."""
    if token.text == ";" and token.i + 1 < sentence.end:
        return int(token.doc[token.i + 1].idx)
    if token.dep_ != "conj" or token.pos_ not in {"VERB", "AUX"} or token.head.dep_ != "ROOT":
        return None
    if not any(child.dep_ in _SUBJECTS for child in token.children):
        return None
    if _inside_quotation(token, sentence):
        return None
    first = token.left_edge
    # The cut goes before the "and"/"but" that joins the clauses, which belongs to the second.
    while first.i > sentence.start and token.doc[first.i - 1].dep_ in {"cc", "punct"}:
        first = token.doc[first.i - 1]
    while first.dep_ == "punct" and first.i < token.i:
        first = token.doc[first.i + 1]
    return int(first.idx) if first.i > sentence.start else None


def _inside_quotation(token: Token, sentence: SpacySpan) -> bool:
    marks = sum(1 for t in sentence if t.i < token.i and t.text in {"“", "”", '"', "‘", "’"} and t.is_quote)
    return marks % 2 == 1


def _trim(article: Article, start: int, end: int) -> Span | None:
    text = article.text
    while start < end and (text[start].isspace() or text[start] in ",;"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;"):
        end -= 1
    return Span(start, end, "claim") if end > start else None


def _doc_span(article: Article, span: Span) -> SpacySpan | None:
    if article.doc is None:
        return None
    result: SpacySpan | None = article.doc.char_span(span.start, span.end, alignment_mode="expand")
    return result


def _has_verb(article: Article, sentence: Span) -> bool:
    doc_span = _doc_span(article, sentence)
    if doc_span is None:
        return True
    return any(t.pos_ in {"VERB", "AUX"} for t in doc_span)


def _claim(article: Article, span: Span, sentence: Span, index: int) -> Claim:
    doc_span = _doc_span(article, span)
    if doc_span is None:
        words = article.span_text(span).lower().split()
        return Claim(article, span, sentence, index, lemmas=frozenset(w.strip(".,;:'\"") for w in words))
    lemmas = frozenset(
        t.lemma_.lower() for t in doc_span if t.pos_ in _CONTENT_POS and not t.is_stop and t.lemma_.strip()
    )
    numbers = frozenset(t.text.lower() for t in doc_span if t.like_num)
    entities = frozenset(
        e.text.lower() for e in doc_span.ents if e.label_ in {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"}
    )
    negated = any(t.dep_ == "neg" for t in doc_span)
    return Claim(article, span, sentence, index, lemmas, numbers, entities, negated)
