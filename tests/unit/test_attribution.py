"""Attribution: who a sentence credits, with pronouns, documents and titles resolved from the text."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from newsfuse.document import Article, Span
from newsfuse.parse import annotate
from newsfuse.reconcile.attribution import attribution

# Invented sentences about the invented town of Port Alder.
TEXT = (
    "Port Alder Mayor Jane Corrow said the harbour bridge would reopen in June.\n\n"
    "“We are confident in the repair plan,” she told reporters on Monday.\n\n"
    "The Alder Harbour Board said in a statement that divers had found cracks in two piers.\n\n"
    "The statement added that the town’s ferries would run every hour.\n\n"
    "Alder Harbour Board Spokeswoman Mira Dunn declined to give a date.\n\n"
    "According to the spokeswoman, the work will cost far more than planned.\n\n"
    "Fisherman Tom Reyes called the closure “a disaster for the whole coast.”\n\n"
    "The tide was high on Tuesday.\n\n"
)


@pytest.fixture(scope="module")
def article(config: Any) -> Article:
    article = Article(id="alder", origin="alder", text=TEXT, published=date(2024, 5, 13))
    annotate([article], config.parse)
    return article


def credit(article: Article, words: str) -> Any:
    start = article.text.index(words)
    return attribution(article, Span(start, start + len(words)))


def test_named_speaker(article: Article) -> None:
    found = credit(article, "the harbour bridge would reopen")
    assert found.name == "Jane Corrow"
    assert found.kind == "person"
    assert article.span_text(found.speaker) == "Jane Corrow"


def test_pronoun_resolves_to_last_person_subject(article: Article) -> None:
    found = credit(article, "We are confident in the repair plan")
    assert found.name == "Jane Corrow"
    assert article.span_text(found.mention) == "she"


def test_statement_belongs_to_the_body_that_issued_it(article: Article) -> None:
    assert credit(article, "divers had found cracks").name == "Alder Harbour Board"
    found = credit(article, "ferries would run every hour")
    assert found.name == "Alder Harbour Board"
    assert found.kind == "body"


def test_role_resolves_to_the_titled_person_and_their_body(article: Article) -> None:
    found = credit(article, "the work will cost far more")
    assert found.name == "Mira Dunn"
    assert found.affiliation == "Alder Harbour Board"
    assert found.cue == "according to"


def test_quote_credited_by_its_verb(article: Article) -> None:
    assert credit(article, "a disaster for the whole coast").name == "Tom Reyes"


def test_no_attribution(article: Article) -> None:
    assert credit(article, "The tide was high") is None


def test_unparsed_article_has_no_attribution() -> None:
    article = Article(id="raw", origin="raw", text="Jane Corrow said so.")
    assert attribution(article, Span(0, 5)) is None


def test_he_and_she_skip_a_person_the_text_calls_otherwise(config: Any) -> None:
    text = (
        "Singer Lena Marsh has checked into a clinic in Port Alder, and her tour is off.\n\n"
        "She thanked her fans in a short message.\n\n"
        "The news came from her manager, Paul Grint.\n\n"
        "“We ask for privacy at this time,” he said.\n\n"
    )
    article = Article(id="marsh", origin="marsh", text=text, published=date(2024, 5, 13))
    annotate([article], config.parse)
    assert credit(article, "We ask for privacy").name == "Paul Grint"


def test_a_chain_of_unnamed_she_is_not_resolved_to_the_last_name(config: Any) -> None:
    text = (
        "“She was the voice of the harbour,” her agent, Paul Grint, said yesterday.\n\n"
        "She never agreed to sing in public again.\n\n"
        "“I do not want to be heard in my old age,” she said in 1998.\n\n"
    )
    article = Article(id="grint", origin="grint", text=text, published=date(2024, 5, 13))
    annotate([article], config.parse)
    found = credit(article, "I do not want to be heard")
    assert found is None or found.name != "Paul Grint"
