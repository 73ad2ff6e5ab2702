"""What an article is about, for telling same event from similar event.

Two stories of one kind (two earthquakes, two celebrities entering rehab) read alike: their
embeddings are close. What tells them apart is who, where, when and how much. So an article is
described by

- an embedding of its headline and lead (what happened, in the model's terms);
- its content lemmas and its names (people by surname), compared with each word weighted by
  its rarity in English (wordfreq), so "police" counts little and "Klitschko" much;
- its salient names (in the lead or named twice) and the names of its first sentence: the
  event's participants, which every report of that event mentions;
- the years it mentions, its publication date and its specific numbers ("9-14", "$160 million");
- hashes of the 5-word runs inside its quotation marks: outlets quote the same statement word
  for word, and two different events almost never share a quoted run of five words.

Features are computed once, when the article is parsed, and kept with it in the library.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from newsfuse.document import Article
from newsfuse.parse.embeddings import Embedder
from newsfuse.reconcile.entities import surface
from newsfuse.reconcile.quotes import quoted_regions

NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "NORP"})
# Participants of an event: nationalities ("Iranian") describe more than they name.
PARTICIPANT_LABELS = NAME_LABELS - {"NORP"}
QUOTE_SHINGLE = 5  # words in a quoted run that counts as the same quotation
LEAD_SENTENCES = 3
_WORD = re.compile(r"[^\W_]+")
_CAPITALISED = re.compile(r"\b[^\W\d_][\w'’-]*")
_POSSESSIVE = re.compile(r"['’]s?$")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
_NUMBER = re.compile(r"\d+(?:[.,:-]\d+)*")
_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV"})


@dataclass(slots=True)
class ArticleFeatures:
    """An article as the story clusterer sees it."""

    article_id: str
    vector: np.ndarray  # the headline and lead, embedded (unit length)
    names: Counter[str] = field(default_factory=Counter)  # name key -> mentions
    published: date | None = None
    quotes: frozenset[str] = frozenset()  # hashed quoted word 5-grams
    lemmas: Counter[str] = field(default_factory=Counter)  # content lemma -> occurrences
    salient: frozenset[str] = frozenset()  # names in the lead, or named at least twice
    first_names: frozenset[str] = frozenset()  # names of the headline and first sentence
    words: frozenset[str] = frozenset()  # every capitalised word, casefolded: a name the parse missed
    years: frozenset[str] = frozenset()
    numbers: Counter[str] = field(default_factory=Counter)  # specific numbers: two digits or more, not years

    def mentions(self, name: str) -> bool:
        """Whether the article names `name` (a name key), as an entity or in capitalised words."""
        return name in self.names or all(word in self.words for word in name.split())

    def to_record(self) -> dict[str, Any]:
        """A JSON-ready record, for keeping features in the library between runs."""
        return {
            "article_id": self.article_id,
            "vector": encode_vector(self.vector),
            "names": dict(sorted(self.names.items())),
            "published": self.published.isoformat() if self.published else None,
            "quotes": sorted(self.quotes),
            "lemmas": dict(sorted(self.lemmas.items())),
            "salient": sorted(self.salient),
            "first_names": sorted(self.first_names),
            "words": sorted(self.words),
            "years": sorted(self.years),
            "numbers": dict(sorted(self.numbers.items())),
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> ArticleFeatures:
        published = record.get("published")
        return cls(
            article_id=record["article_id"],
            vector=decode_vector(record["vector"]),
            names=Counter(record.get("names", {})),
            published=date.fromisoformat(published) if published else None,
            quotes=frozenset(record.get("quotes", ())),
            lemmas=Counter(record.get("lemmas", {})),
            salient=frozenset(record.get("salient", ())),
            first_names=frozenset(record.get("first_names", ())),
            words=frozenset(record.get("words", ())),
            years=frozenset(record.get("years", ())),
            numbers=Counter(record.get("numbers", {})),
        )


def encode_vector(vector: np.ndarray) -> str:
    """A float32 vector as base64 text: exact, compact and JSON-safe."""
    return base64.b64encode(np.ascontiguousarray(vector, dtype="<f4").tobytes()).decode("ascii")


def decode_vector(text: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype="<f4").astype(np.float32)


def lead_text(article: Article) -> str:
    """The headline and the first sentences: where a news article says what happened."""
    sentences = [article.span_text(s) for s in article.sentences[:LEAD_SENTENCES]]
    return " ".join(([article.title] if article.title else []) + sentences) or article.text[:1000]


def name_key(text: str, label: str) -> str | None:
    """A name as the clusterer compares it: casefolded, a person by surname ("Tara Reid" -> "reid")."""
    name = surface(text).casefold()
    if not name or not any(c.isalpha() for c in name):
        return None
    return name.split()[-1] if label == "PERSON" else name


def names(article: Article) -> Counter[str]:
    """The article's names, people by surname so "Tara Reid" and "Reid" count as one."""
    found: Counter[str] = Counter()
    for span in article.entities:
        if span.label in NAME_LABELS and (key := name_key(article.span_text(span), span.label)):
            found[key] += 1
    return found


def participants(article: Article) -> tuple[frozenset[str], frozenset[str]]:
    """The salient names (a mention in the lead counts twice; two make a name salient) and the
    names of the first sentence: who the article says the event is about."""
    sentences = article.sentences
    lead_end = sentences[min(LEAD_SENTENCES, len(sentences)) - 1].end if sentences else 0
    first_end = sentences[0].end if sentences else 0
    weight: Counter[str] = Counter()
    first: set[str] = set()
    for span in article.entities:
        if span.label not in PARTICIPANT_LABELS or not (key := name_key(article.span_text(span), span.label)):
            continue
        weight[key] += 2 if span.start < lead_end else 1
        if span.start < first_end:
            first.add(key)
    if article.title:  # the headline is not part of the text, so it is read for names directly
        first.update(key for key in weight if key in article.title.casefold())
    return frozenset(k for k, w in weight.items() if w >= 2), frozenset(first)


def lemmas(article: Article) -> Counter[str]:
    """Content lemmas (nouns, names, verbs, adjectives, adverbs), lower case, stop words left out."""
    if article.doc is None:
        raise ValueError(f"article {article.id} is not parsed: annotate it before computing its features")
    return Counter(
        token.lemma_.casefold()
        for token in article.doc
        if token.pos_ in _CONTENT_POS and not token.is_stop and any(c.isalpha() for c in token.lemma_)
    )


def numbers(text: str) -> Counter[str]:
    """Numbers specific enough to identify an event: two digits or more, years left out."""
    return Counter(n for n in _NUMBER.findall(text) if not _YEAR.fullmatch(n) and sum(c.isdigit() for c in n) >= 2)


def quote_shingles(text: str) -> frozenset[str]:
    """Hashes of the runs of five words inside quotation marks (case and punctuation ignored)."""
    found = set()
    for region in quoted_regions(text):
        words = _WORD.findall(text[region.start : region.end].casefold())
        for i in range(len(words) - QUOTE_SHINGLE + 1):
            run = " ".join(words[i : i + QUOTE_SHINGLE])
            found.add(hashlib.blake2b(run.encode("utf-8"), digest_size=8).hexdigest())
    return frozenset(found)


def article_features(articles: Sequence[Article], embedder: Embedder) -> list[ArticleFeatures]:
    """Features for parsed articles, one embedding call for all of them."""
    vectors = embedder.encode([lead_text(a) for a in articles]) if articles else np.zeros((0, 384))
    found = []
    for article, vector in zip(articles, vectors, strict=True):
        salient, first = participants(article)
        whole = f"{article.title}\n{article.text}" if article.title else article.text
        found.append(
            ArticleFeatures(
                article_id=article.id,
                vector=vector,
                names=names(article),
                published=article.published,
                quotes=quote_shingles(article.text),
                lemmas=lemmas(article),
                salient=salient,
                first_names=first,
                words=frozenset(
                    _POSSESSIVE.sub("", w).casefold() for w in _CAPITALISED.findall(whole) if w[0].isupper()
                ),
                years=frozenset(_YEAR.findall(whole)),
                numbers=numbers(article.text),
            )
        )
    return found
