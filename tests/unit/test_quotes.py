"""Quotations: marks versus apostrophes, interrupted quotations, merging across articles, wording diffs."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from newsfuse.document import Article
from newsfuse.parse import annotate
from newsfuse.reconcile.diff import inner_differences, normalized_words, word_diff
from newsfuse.reconcile.quotes import find_quotes, merge_quotes, quoted_regions

# Invented coverage of an invented event in Port Alder.
GAZETTE = (
    "The Alder Harbour Board said the bridge would stay shut until June.\n\n"
    "“The piers need new footings, and the work will begin with the north span before the summer season,” "
    "the Alder Harbour Board said in a statement. “Ferries will run every hour.”\n\n"
    "Port Alder Mayor Jane Corrow said the town would ‘manage’ in the meantime.\n"
)
HERALD = (
    "Alder Harbour Board officials met on Monday.\n\n"
    "‘The piers need new footings, and the work will start with the north span before the summer season,’ "
    "the Alder Harbour Board said.\n\n"
    "Residents of the ’90s estates don’t trust the Board’s plans.\n"
)
RADIO = (
    "Listeners called in all morning.\n\n"
    "Alder Harbour Board Spokeswoman Mira Dunn said the repairs were overdue.\n\n"
    "The Board’s statement said “the work will begin with the north span.”\n"
)
TIDE = (
    "The Port Alder Council met on Tuesday.\n\n"
    "“A safer bridge is a stronger economy for every family in the bay,” the Port Alder Council said.\n"
)
CURRENT = (
    "The harbour debate went on.\n\n"
    "The Alder Harbour Board said in a statement that “a safer bridge is a stronger economy for every family "
    "in the bay.”\n"
)


def build(config: Any, name: str, text: str) -> Article:
    article = Article(id=name, origin=name, text=text, source=name.title(), published=date(2024, 5, 13))
    annotate([article], config.parse)
    return article


@pytest.fixture(scope="module")
def articles(config: Any) -> dict[str, Article]:
    texts = {"gazette": GAZETTE, "herald": HERALD, "radio": RADIO, "tide": TIDE, "current": CURRENT}
    return {name: build(config, name, text) for name, text in texts.items()}


def canonical(name: str) -> str | None:
    known = {
        "Alder Harbour Board": "Alder Harbour Board",
        "Mira Dunn": "Mira Dunn",
        "Port Alder Council": "Port Alder Council",
    }
    return known.get(name.removeprefix("the ").removeprefix("The "))


def test_interrupted_quotation_is_one_quotation(articles: dict[str, Article]) -> None:
    quotes = find_quotes(articles["gazette"])
    full = [q for q in quotes if not q.partial]
    assert len(full) == 1
    assert len(full[0].parts) == 2
    assert full[0].text.endswith("Ferries will run every hour.")
    assert full[0].speaker == "Alder Harbour Board"


def test_short_partial_quote(articles: dict[str, Article]) -> None:
    partial = [q for q in find_quotes(articles["gazette"]) if q.partial]
    assert [q.text for q in partial] == ["manage"]


def test_apostrophes_are_not_quote_marks(articles: dict[str, Article]) -> None:
    quotes = find_quotes(articles["herald"])
    assert len(quotes) == 1
    assert quotes[0].text.startswith("The piers need new footings")
    assert not quotes[0].text.endswith(",")


def test_straight_quotes_and_paragraph_continuation() -> None:
    text = (
        'He said "the bridge is safe" twice.\n\n'
        "“The first paragraph of the statement goes on\n\n"
        "“and the second one closes it,” the Board said.\n"
    )
    regions = quoted_regions(text)
    quotes = [text[r.start + 1 : r.end - 1] for r in regions]
    assert quotes[0] == "the bridge is safe"
    assert quotes[1].startswith("The first paragraph")
    assert quotes[2].startswith("and the second one closes it")
    article = Article(id="p", origin="p", text=text)
    found = find_quotes(article)
    assert len(found) == 2
    assert len(found[1].parts) == 2


def test_merge_reports_wording_not_fragments(articles: dict[str, Article]) -> None:
    chosen = [articles[n] for n in ("gazette", "herald", "radio")]
    quotes, disagreements = merge_quotes(chosen, canonical)
    piers = next(q for q in quotes if "north span" in q.text)
    assert piers.articles == ["gazette", "herald", "radio"]
    assert piers.speaker == "Alder Harbour Board"
    assert piers.text.endswith("Ferries will run every hour.")
    wording = [d for d in disagreements if d.kind == "quote_wording"]
    assert len(wording) == 1
    versions = {tuple(v.articles) for v in wording[0].versions}
    # The radio's fragment agrees with the gazette word for word: it takes no side of its own.
    assert versions == {("gazette", "radio"), ("herald",)}
    assert wording[0].compatible
    assert "Gazette has 'will begin with' where Herald has 'will start with'" in wording[0].note
    assert not [d for d in disagreements if d.kind == "attribution"]


def test_same_words_credited_to_two_bodies(articles: dict[str, Article]) -> None:
    _, disagreements = merge_quotes([articles["tide"], articles["current"]], canonical)
    conflict = [d for d in disagreements if d.kind == "attribution"]
    assert len(conflict) == 1
    assert {v.value for v in conflict[0].versions} == {"Port Alder Council", "Alder Harbour Board"}
    assert not conflict[0].compatible
    assert all(e.sentence in articles[e.article].text for v in conflict[0].versions for e in v.evidence)
    assert not [d for d in disagreements if d.kind == "quote_wording"]


def test_merge_is_deterministic(articles: dict[str, Article]) -> None:
    chosen = list(articles.values())
    assert merge_quotes(chosen, canonical) == merge_quotes(chosen, canonical)


def test_word_diff() -> None:
    ops = word_diff("technical talks on implementation of a truce", "technical talks on implementing a truce")
    assert ops == [
        ("equal", "technical talks on"),
        ("delete", "implementation of"),
        ("insert", "implementing"),
        ("equal", "a truce"),
    ]
    assert word_diff("“Ferries run hourly,”", "ferries run hourly") == [("equal", "“Ferries run hourly,”")]


def test_fragments_and_ellipses_are_not_differences() -> None:
    whole = normalized_words(
        "We will talk about land. A lot of land is different from before. We will talk about plants"
    )
    assert inner_differences(normalized_words("a lot of land is different"), whole) == []
    assert inner_differences(normalized_words("We will talk about land… we will talk about plants"), whole) == []
    assert inner_differences(normalized_words("a lot of lands is different from before"), whole)


def test_spelling_and_clock_forms_are_not_a_different_wording() -> None:
    british = normalized_words("Police sealed off the neighbourhood after 6:00 p.m. and the harbour road")
    american = normalized_words("Police sealed off the neighborhood after 6 p.m. and the harbor road")
    assert inner_differences(british, american) == []
    assert inner_differences(normalized_words("the four piers"), normalized_words("the five piers")) != []


def test_an_editors_insertion_is_not_the_speakers_wording() -> None:
    plain = normalized_words("We thank you for respecting her and her family's privacy")
    inserted = normalized_words("We thank you for respecting her (Maria Okonkwo) and her family's privacy")
    assert inner_differences(plain, inserted) == []


def test_a_contraction_is_not_a_different_wording() -> None:
    contracted = normalized_words("Torches and lanterns aren't going to fix the bridge, and I'm sure of it")
    spelled = normalized_words("Torches and lanterns are not going to fix the bridge, and I am sure of it")
    assert inner_differences(contracted, spelled) == []
    denied = normalized_words("on the ferry we didn't feel the ground shake at all")
    felt = normalized_words("on the ferry we did feel the ground shake at all")
    assert inner_differences(denied, felt) == [((4, 5), (4, 5))]


def test_guillemets_are_quotation_marks() -> None:
    text = "The mayor said « we will reopen the bridge » on Monday."
    assert [text[r.start : r.end] for r in quoted_regions(text)] == ["« we will reopen the bridge »"]


def test_a_quotation_opened_straight_and_closed_curly_is_one_quotation() -> None:
    text = 'The ferry stopped. "This is a hard day for the harbour,” the operator said in a statement.\n'
    [region] = quoted_regions(text)
    assert text[region.start + 1 : region.end - 1] == "This is a hard day for the harbour,"
    # Each kind paired with its own when the line has both, closed: no mixed quotation across them.
    text = 'He said "yes" and “no” in turn.\n'
    assert [text[r.start : r.end] for r in quoted_regions(text)] == ['"yes"', "“no”"]
