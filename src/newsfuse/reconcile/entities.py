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
    """One entry per name, with its surface forms and per-article mention counts.

    spaCy sometimes labels one name two ways ("Trump" as PERSON and as ORG): the name keeps
    the label most of its mentions carry. Ordered by how many articles mention it, then by
    mentions, then by name.
    """
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    mentions: dict[str, Counter[str]] = defaultdict(Counter)
    for article in articles:
        for span in article.entities:
            if span.label not in ENTITY_TYPES:
                continue
            name = surface(article.span_text(span))
            if not name or not any(c.isalpha() for c in name):
                continue
            key = name.casefold()
            forms[key][name] += 1
            labels[key][span.label] += 1
            mentions[key][article.id] += 1
    entities = []
    for key, counter in forms.items():
        canonical = max(counter, key=lambda form: (counter[form], len(form), form))
        label = max(labels[key], key=lambda lab: (labels[key][lab], lab))
        entities.append(
            Entity(name=canonical, type=label, aliases=sorted(counter), mentions=dict(sorted(mentions[key].items())))
        )
    entities.sort(key=lambda e: (-len(e.mentions), -sum(e.mentions.values()), e.name))
    return entities
