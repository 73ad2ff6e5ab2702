"""What newsfuse must find in the fictional example, `examples/harbour-bridge` (see its README).

Five outlets and one repost cover the closure of the Port Alder bridge. One outlet, the Port
Alder Post, disagrees with the others in each way newsfuse checks; the rest agree. So every kind
of disagreement must be found exactly once, and nothing else may be flagged.
"""

from __future__ import annotations

import pytest

from newsfuse import analyze
from newsfuse.config import Config
from newsfuse.report import Disagreement, Story
from tests.conftest import EXAMPLE


@pytest.fixture(scope="module")
def story(config: Config) -> Story:
    (story,) = analyze([str(EXAMPLE)], config).stories
    return story


def _one(story: Story, kind: str) -> Disagreement:
    found = [d for d in story.disagreements if d.kind == kind]
    assert len(found) == 1, f"{kind}: {[d.note for d in found]}"
    return found[0]


def test_every_kind_of_disagreement_once_and_nothing_else(story: Story) -> None:
    kinds = sorted(d.kind for d in story.disagreements)
    assert kinds == ["attribution", "claim", "date", "name_spelling", "quantity", "quote_wording"]
    for disagreement in story.disagreements:
        assert any("port-alder-post" in v.articles for v in disagreement.versions), disagreement.note


def test_the_length_of_the_closure_cannot_all_be_true(story: Story) -> None:
    closure = _one(story, "quantity")
    assert not closure.compatible
    assert "about a week" in closure.note
    values = {v.value for v in closure.versions}
    assert {"about a week", "between two and four weeks"} <= values
    wire = next(v for v in closure.versions if v.value == "between two and four weeks")
    assert wire.articles == ["wire-bridge-1", "bay-times-repost"]


def test_the_day_of_the_closure(story: Story) -> None:
    # "on Sunday" and "on Monday", each counted back from its own article's date.
    date = _one(story, "date")
    assert not date.compatible
    assert {v.normalized for v in date.versions} == {"2024-05-12", "2024-05-13"}
    sunday = next(v for v in date.versions if v.normalized == "2024-05-12")
    assert sunday.articles == ["port-alder-post"]


def test_the_misspelled_engineer(story: Story) -> None:
    spelling = _one(story, "name_spelling")
    assert [v.value for v in spelling.versions] == ["Maria Okonkwo", "Maria Okonkow"]
    assert spelling.versions[1].articles == ["port-alder-post"]
    engineer = next(e for e in story.entities if e.name == "Maria Okonkwo")
    assert "Maria Okonkow" in engineer.aliases and len(engineer.mentions) == 6


def test_words_credited_to_the_wrong_person(story: Story) -> None:
    credit = _one(story, "attribution")
    assert not credit.compatible
    assert [(v.value, v.articles) for v in credit.versions] == [
        ("Maria Okonkwo", ["alder-gazette"]),
        ("Daniel Fairweather", ["port-alder-post"]),
    ]


def test_the_mayor_worded_two_ways(story: Story) -> None:
    wording = _one(story, "quote_wording")
    assert "certain it is sound" in wording.note and "sure it is safe" in wording.note
    quote = next(q for q in story.quotes if q.text.startswith("Safety comes first"))
    assert quote.speaker == "Daniel Fairweather"
    assert set(quote.articles) >= {"coastal-herald", "port-alder-post"}
    assert len(quote.variants) >= 2


def test_agreed_and_refused(story: Story) -> None:
    claim = _one(story, "claim")
    assert not claim.compatible
    assert [v.articles for v in claim.versions] == [["alder-gazette"], ["port-alder-post"]]


def test_corroboration_counts_the_repost_once(story: Story) -> None:
    top = story.facts[0]
    assert top.independent_sources >= 3
    closed = next(f for f in story.facts if "bay-times-repost" in f.articles and "wire-bridge-1" in f.articles)
    assert closed.independent_sources == len(closed.articles) - 1
    for fact in story.facts:
        assert {e.article for e in fact.evidence} == set(fact.articles)
        text = {a.id: a.text for a in story.articles}
        for evidence in fact.evidence:
            assert text[evidence.article][evidence.start : evidence.end] == evidence.sentence


def test_summary_cites_and_states_the_contest(story: Story) -> None:
    assert 1 <= len(story.summary) <= 8
    assert sum(len(s.text.split()) for s in story.summary) <= 200
    assert all(s.articles for s in story.summary)
    assert any("about a week" in s.text for s in story.summary), "the contested length is stated as contested"
    assert "Bay Times" not in story.headline


def test_timeline_dates_the_closure(story: Story) -> None:
    dates = {t.date for t in story.timeline}
    assert "2024-05-13" in dates
    closure = next(t for t in story.timeline if t.date == "2024-05-13")
    assert len(closure.articles) >= 3


def test_coverage_is_one_entry_per_article(story: Story) -> None:
    assert [c.article for c in story.coverage] == [a.id for a in story.articles]
    post = next(c for c in story.coverage if c.article == "port-alder-post")
    assert post.facts_stated >= 1
