"""The reference story's people merged across forms and spellings, and its two name spellings.

Reads ../shared/seeds at run time; names only, no text of the seeds is copied here.
"""

from __future__ import annotations

import pytest

from newsfuse.document import Article
from newsfuse.reconcile.align import load_models
from newsfuse.reconcile.entities import EntityIndex, build_entity_index
from newsfuse.reconcile.spellings import name_spelling_disagreements
from tests.conftest import needs_shared

pytestmark = needs_shared


@pytest.fixture(scope="module")
def articles(seed_articles: list[Article]) -> list[Article]:
    return seed_articles


@pytest.fixture(scope="module")
def index(articles: list[Article]) -> EntityIndex:
    return build_entity_index(articles)


LEADERS = [
    ("trump", "Donald Trump", 5),
    ("putin", "Vladimir Putin", 5),
    ("zelensk", "Volodymyr Zelensky", 3),
    ("leavitt", "Karoline Leavitt", 3),
]


@pytest.mark.parametrize(("surname", "name", "reach"), LEADERS)
def test_each_leader_is_one_person_entity(index: EntityIndex, surname: str, name: str, reach: int) -> None:
    people = [e for e in index.entities if e.type == "PERSON" and any(surname in a.casefold() for a in e.aliases)]
    assert [e.name for e in people] == [name]
    assert len(people[0].mentions) == reach


def test_the_trump_administration_is_not_the_person(index: EntityIndex) -> None:
    trump = next(e for e in index.entities if e.name == "Donald Trump")
    assert not any("administration" in alias for alias in trump.aliases)


def test_titled_and_possessive_forms_find_the_canonical_name(index: EntityIndex) -> None:
    expected = {
        "Mr. Putin": "Vladimir Putin",
        "Russian President Vladimir Putin": "Vladimir Putin",
        "Messrs. Trump": "Donald Trump",
        "President Donald J. Trump": "Donald Trump",
        "President Zelenskyy": "Volodymyr Zelensky",
        "Zelensky's": "Volodymyr Zelensky",
        "White House press secretary Karolina Leavitt": "Karoline Leavitt",
        "the Kremlin": "Kremlin",
        "U.S.": "United States",
    }
    assert {form: index.canonical(form) for form in expected} == expected


def test_the_two_name_spellings_and_no_others(articles: list[Article], index: EntityIndex) -> None:
    found = {d.topic: d for d in name_spelling_disagreements(articles, index, load_models()["name"])}
    assert set(found) == {"spelling of Volodymyr Zelensky", "spelling of Karoline Leavitt"}
    zelensky = found["spelling of Volodymyr Zelensky"]
    assert [(v.value, len(v.articles)) for v in zelensky.versions] == [
        ("Volodymyr Zelensky", 2),
        ("Volodymyr Zelenskyy", 1),
    ]
    leavitt = found["spelling of Karoline Leavitt"]
    assert [(v.value, len(v.articles)) for v in leavitt.versions] == [("Karoline Leavitt", 2), ("Karolina Leavitt", 1)]
    by_id = {a.id: a for a in articles}
    for disagreement in found.values():
        assert disagreement.kind == "name_spelling" and disagreement.compatible
        for version in disagreement.versions:
            for evidence in version.evidence:
                assert by_id[evidence.article].text[evidence.start : evidence.end] == evidence.sentence
                assert version.value.split()[-1] in evidence.sentence or version.value.split()[0] in evidence.sentence
