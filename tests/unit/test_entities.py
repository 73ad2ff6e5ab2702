"""Entities merged across forms and spellings, and name_spelling disagreements (invented Port Alder stories)."""

from __future__ import annotations

from datetime import date

import pytest

from newsfuse.config import Config
from newsfuse.document import Article, Span
from newsfuse.parse import annotate
from newsfuse.reconcile.align import load_models
from newsfuse.reconcile.entities import (
    EntityIndex,
    build_entity_index,
    gather_entities,
    name_key,
    surface,
    without_titles,
)
from newsfuse.reconcile.spellings import name_spelling_disagreements as spelling_disagreements
from newsfuse.report import Disagreement, Entity


def name_spelling_disagreements(articles: list[Article], index: EntityIndex) -> list[Disagreement]:
    """Spelling disagreements as the pipeline raises them, with the shipped name model."""
    return spelling_disagreements(articles, index, load_models()["name"])


BRIDGE = {
    "gazette": (
        "Mayor Daniel Fairweather opened the new harbour bridge in Port Alder on Monday. "
        "Fairweather said the work had taken two years. "
        "Council engineer Maria Okonkwo inspected the steel girders before the opening."
    ),
    "radio": (
        "Mr Fairweather cut the ribbon while a crowd watched from the quay. "
        "Council engineer Maria Okonkwoh said the bridge was safe for heavy lorries."
    ),
    "herald": (
        "Maria Okonkwo told reporters that traffic would return to normal by Friday. "
        "Mayor Fairweather thanked the workers and the Fairweather administration promised a street party."
    ),
}


def _articles(config: Config, texts: dict[str, str]) -> list[Article]:
    articles = [Article(id=i, origin=f"{i}.txt", text=t, published=date(2024, 5, 13)) for i, t in texts.items()]
    annotate(articles, config.parse)
    return articles


def _named(entities: list[Entity], name: str) -> Entity:
    return next(e for e in entities if e.name == name)


@pytest.fixture(scope="module")
def bridge(config: Config) -> list[Article]:
    return _articles(config, BRIDGE)


@pytest.fixture(scope="module")
def index(bridge: list[Article]) -> EntityIndex:
    return build_entity_index(bridge)


def test_a_name_key_ignores_case_accents_periods_middle_initials_and_suffixes() -> None:
    assert name_key("Donald J. Trump’s") == name_key("donald trump") == ("donald", "trump")
    assert name_key("José Ramírez Jr.") == ("jose", "ramirez")
    assert name_key("U.S.") == name_key("US") != name_key("Us")


def test_titles_come_off_a_persons_name() -> None:
    assert without_titles("White House press secretary Jane Doe") == "Jane Doe"
    assert without_titles("Secretary of State Ann Lee") == "Ann Lee"
    assert without_titles("Mr Fairweather") == "Fairweather"
    assert without_titles("Lawyer Tomas Brandvold") == without_titles("Defence attorney Tomas Brandvold")
    assert without_titles("President") == "President"
    assert surface("the Harbour Board’s") == "Harbour Board"


def test_a_full_name_its_surname_and_titled_forms_are_one_entity(index: EntityIndex) -> None:
    mayor = _named(index.entities, "Daniel Fairweather")
    assert mayor.type == "PERSON"
    assert "Fairweather" in mayor.aliases and "Daniel Fairweather" in mayor.aliases
    assert set(mayor.mentions) == {"gazette", "radio", "herald"}
    assert "Fairweather administration" not in mayor.aliases, "the administration is not the person"


def test_a_small_misspelling_of_a_full_name_merges_into_the_commoner_spelling(index: EntityIndex) -> None:
    engineer = _named(index.entities, "Maria Okonkwo")
    assert {"Maria Okonkwo", "Maria Okonkwoh"} <= set(engineer.aliases)
    assert not any(e.name == "Maria Okonkwoh" for e in index.entities)


def test_the_index_maps_any_surface_form_to_the_canonical_name(index: EntityIndex) -> None:
    for form in ("Mr. Fairweather", "Mayor Daniel Fairweather", "Fairweather's", "Daniel Fairweather"):
        assert index.canonical(form) == "Daniel Fairweather", form
    assert index.canonical("Council engineer Maria Okonkwoh") == "Maria Okonkwo"
    assert index.canonical("Port Alder") == "Port Alder"
    assert index.canonical("Fairweather administration") != "Daniel Fairweather"
    assert index.canonical("Harriet Quill") is None
    entity = index.entity("the mayor Daniel Fairweather")
    assert entity is not None and entity.type == "PERSON"


def test_gather_entities_lists_the_most_widely_mentioned_first(bridge: list[Article]) -> None:
    entities = gather_entities(bridge)
    assert entities[0].name == "Daniel Fairweather"
    assert entities == gather_entities(bridge), "deterministic"


def test_a_name_spelled_two_ways_by_independent_articles_is_a_name_spelling_disagreement(
    bridge: list[Article], index: EntityIndex
) -> None:
    [disagreement] = name_spelling_disagreements(bridge, index)
    assert disagreement.kind == "name_spelling" and disagreement.compatible
    assert disagreement.topic == "spelling of Maria Okonkwo"
    assert [(v.value, v.articles, v.normalized) for v in disagreement.versions] == [
        ("Maria Okonkwo", ["gazette", "herald"], "Okonkwo"),
        ("Maria Okonkwoh", ["radio"], "Okonkwoh"),
    ]
    for version in disagreement.versions:
        for evidence, article_id in zip(version.evidence, version.articles, strict=True):
            article = next(a for a in bridge if a.id == article_id)
            assert article.text[evidence.start : evidence.end] == evidence.sentence
            assert "Okonk" in evidence.sentence
    assert disagreement.note == "Outlets spell Maria Okonkwo two ways: Okonkwo (2 articles) and Okonkwoh (1 article)."
    assert name_spelling_disagreements(bridge, index) == [disagreement], "stable ids and order"


def test_a_copy_spelling_a_name_like_its_original_differs_from_no_one(config: Config) -> None:
    articles = _articles(
        config,
        {
            "original": "Council engineer Maria Okonkwo said the bridge would reopen on Friday.",
            "copy": "Council engineer Maria Okonkow said the bridge would reopen on Friday.",
        },
    )
    articles[1].syndicated, articles[1].duplicate_of = True, "original"
    index = build_entity_index(articles)
    assert index.canonical("Maria Okonkow") == "Maria Okonkwo"
    assert name_spelling_disagreements(articles, index) == []


def test_places_a_letter_or_two_apart_stay_apart(config: Config) -> None:
    articles = _articles(
        config,
        {
            "a": "Exports from Port Alder to Austria rose in May, and Iran bought more timber.",
            "b": "Exports from Port Alder to Australia fell in May, and Iraq bought less timber.",
        },
    )
    index = build_entity_index(articles)
    names = {e.name for e in index.entities}
    assert {"Austria", "Australia", "Iran", "Iraq"} <= names
    assert name_spelling_disagreements(articles, index) == []


def test_two_people_sharing_a_surname_stay_two_and_keep_the_bare_surname_apart(config: Config) -> None:
    articles = _articles(
        config,
        {
            "a": "Helen Marsh chairs the Port Alder harbour board. Marsh said the bridge was overdue.",
            "b": "Peter Marsh runs the ferry company in Port Alder. He expects fewer passengers.",
        },
    )
    index = build_entity_index(articles)
    names = {e.name for e in index.entities}
    assert {"Helen Marsh", "Peter Marsh"} <= names
    assert index.canonical("Marsh") != "Helen Marsh" and index.canonical("Marsh") != "Peter Marsh"
    assert index.canonical("Mr. Marsh") in {None, "Marsh"}


def test_short_or_different_first_names_are_different_people(config: Config) -> None:
    articles = _articles(
        config,
        {
            "a": "John Smith, a fisherman, found the crack in the girder. Daniel Harrow repaired the quay.",
            "b": "Joan Smith, a teacher, walked across the bridge on Monday. Daniela Harrow sold tickets.",
        },
    )
    index = build_entity_index(articles)
    names = {e.name for e in index.entities}
    assert {"John Smith", "Joan Smith", "Daniel Harrow", "Daniela Harrow"} <= names
    assert name_spelling_disagreements(articles, index) == []


def test_one_article_writing_both_spellings_names_two_people(config: Config) -> None:
    articles = _articles(
        config,
        {
            "a": "Maria Okonkwo and Maria Okonkow, her cousin, both work for the Port Alder council.",
            "b": "Maria Okonkwo said the bridge was safe.",
        },
    )
    index = build_entity_index(articles)
    assert {"Maria Okonkwo", "Maria Okonkow"} <= {e.name for e in index.entities}
    assert name_spelling_disagreements(articles, index) == []


def test_spacy_mis_spans_are_split_trimmed_or_dropped() -> None:
    text = (
        "Fairweather Praises Bridge Crews\n\n"
        "Mayor Daniel Fairweather met a Complete Stranger on Monday. "
        "Messrs. Fairweather and Okonkwo spoke for an hour, and Okonkwo’s Report followed."
    )

    def span(phrase: str, label: str) -> Span:
        start = text.index(phrase)
        return Span(start, start + len(phrase), label)

    # Spans as spaCy's small model gives them on such text: a headline phrase, a joint mention, a possessive.
    article = Article(id="a", origin="a.txt", text=text)
    article.entities = [
        span("Fairweather Praises", "PERSON"),
        span("Daniel Fairweather", "PERSON"),
        span("a Complete Stranger", "ORG"),
        span("Fairweather and Okonkwo", "PERSON"),
        span("Okonkwo’s Report", "PERSON"),
    ]
    [mayor, okonkwo] = gather_entities([article])
    assert (mayor.name, mayor.aliases, mayor.mentions) == (
        "Daniel Fairweather",
        ["Daniel Fairweather", "Fairweather"],
        {"a": 3},
    )
    assert (okonkwo.name, okonkwo.mentions) == ("Okonkwo", {"a": 2})


def test_a_bare_surname_spelled_differently_joins_the_one_person_it_can_name(config: Config) -> None:
    articles = _articles(
        config,
        {
            "a": "Council engineer Maria Okonkwo closed the harbour bridge in Port Alder on Monday.",
            "b": "The bridge will stay shut for a month, Mrs Okonkow told the council on Tuesday.",
        },
    )
    index = build_entity_index(articles)
    assert index.canonical("Okonkow") == "Maria Okonkwo"
    # Without a title, spaCy calls the bare word an organisation: too little to call it her name.
    articles[1].text = articles[1].text.replace("Mrs ", "")
    annotate(articles, config.parse)
    assert build_entity_index(articles).canonical("Okonkow") != "Maria Okonkwo"


def test_a_glued_particle_a_dropped_suffix_or_initial_is_compared_on_the_words_that_differ() -> None:
    from newsfuse.reconcile.spellings import Form, _differing, _extended, _prefixed

    def form(text: str) -> Form:
        return Form(text, tuple(w.casefold() for w in text.split()), "PERSON")

    assert _differing(form("Pieter DeVries III"), form("Pieter Vries")) == ("devries", "vries")
    assert _differing(form("Oskar B. Lindqvist"), form("Oscar Lindqvist")) == ("oskar", "oscar")
    assert _differing(form("Oskar Lindqvist"), form("Oskar Lindqvist Holm")) == (
        "oskar lindqvist",
        "oskar lindqvist holm",
    )
    assert _prefixed("devries", "vries") and not _prefixed("vries", "fries") and not _prefixed("ab", "xab")
    assert _extended("palmer", "palmerites") and _extended("taser", "tasered")
    assert not _extended("zelensky", "zelenskyy"), "one letter more is as often a spelling"
