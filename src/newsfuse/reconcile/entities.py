"""Entities of a story: spaCy's named entities gathered across its articles."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from newsfuse.document import Article
from newsfuse.report import Entity

# People, organisations, places and named things; nationalities, dates and numbers are not entities here.
ENTITY_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)


def surface(text: str) -> str:
    """An entity mention as a name: whitespace collapsed, a possessive 's and a leading "the" dropped."""
    name = " ".join(text.split())
    name = _POSSESSIVE.sub("", name)
    return _LEADING_THE.sub("", name).strip(" .,;:")


def gather_entities(articles: Sequence[Article]) -> list[Entity]:
    """One entry per (name, type), with its surface forms and per-article mention counts.

    Ordered by how many articles mention it, then by mentions, then by name.
    """
    forms: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    mentions: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for article in articles:
        for span in article.entities:
            if span.label not in ENTITY_TYPES:
                continue
            name = surface(article.span_text(span))
            if not name or not any(c.isalpha() for c in name):
                continue
            key = (name.casefold(), span.label)
            forms[key][name] += 1
            mentions[key][article.id] += 1
    entities = []
    for key, counter in forms.items():
        canonical = max(counter, key=lambda form: (counter[form], len(form), form))
        entities.append(
            Entity(name=canonical, type=key[1], aliases=sorted(counter), mentions=dict(sorted(mentions[key].items())))
        )
    entities.sort(key=lambda e: (-len(e.mentions), -sum(e.mentions.values()), e.name, e.type))
    return entities
