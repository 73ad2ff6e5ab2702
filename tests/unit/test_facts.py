"""Claims, facts merged across articles, opposite claims, coverage and the summary (invented texts)."""

from __future__ import annotations

from datetime import date

import pytest

from newsfuse.config import Config
from newsfuse.document import Article
from newsfuse.parse import annotate
from newsfuse.parse.embeddings import load_embedder
from newsfuse.reconcile import reconcile
from newsfuse.reconcile.claims import find_claims, is_heading
from newsfuse.report import Story

HERALD = (
    "Port Alder's harbour bridge closed on Monday after inspectors found a crack in a steel girder.\n"
    "The council agreed to pay for extra ferry crossings, and the ferry company hired four new crews.\n"
    "Mayor Daniel Fairweather said the bridge would reopen only when engineers were sure it was safe.\n"
    "Lighthouse keepers reported calm seas all week."
)
GAZETTE = (
    "Bridge Shut After Crack Found\n"
    "The harbour bridge was closed on Monday after inspectors found a crack in one of its steel girders.\n"
    "The council refused to pay for extra ferry crossings.\n"
    "The bridge will reopen only when engineers are sure it is safe, Mayor Daniel Fairweather said."
)
WIRE = (
    "The harbour bridge in Port Alder closed on Monday after a crack was found in a steel girder.\n"
    "Mayor Daniel Fairweather said the bridge would reopen only once engineers were sure it was safe.\n"
    "A school choir sang at the town hall on Friday evening."
)


def _article(article_id: str, text: str, source: str) -> Article:
    return Article(id=article_id, origin=article_id, text=text, source=source, published=date(2024, 5, 13))


def _reconciled(config: Config) -> Story:
    articles = [_article("herald", HERALD, "Herald"), _article("gazette", GAZETTE, "Gazette")]
    articles.append(_article("wire", WIRE, "Wire"))
    copy = _article("repost", WIRE, "Bay Times")
    copy.syndicated, copy.duplicate_of = True, "wire"
    articles.append(copy)
    annotate(articles, config.parse)
    return reconcile(articles, load_embedder(config.embed))


@pytest.fixture(scope="module")
def story(config: Config) -> Story:
    return _reconciled(config)


def test_a_sentence_with_two_independent_clauses_is_two_claims(config: Config) -> None:
    article = _article("a", HERALD, "Herald")
    annotate([article], config.parse)
    texts = [c.text for c in find_claims([article])]
    assert "The council agreed to pay for extra ferry crossings" in texts
    assert "and the ferry company hired four new crews." in texts or "the ferry company hired four new crews." in texts


def test_headings_are_not_claims() -> None:
    assert is_heading("Bridge Shut After Crack Found")
    assert not is_heading("The bridge was shut after a crack was found.")


def test_paraphrases_merge_and_copies_do_not_count_twice(story: Story) -> None:
    closed = next(f for f in story.facts if "closed on Monday" in f.text or "was closed on Monday" in f.text)
    assert set(closed.articles) == {"herald", "gazette", "wire", "repost"}
    assert closed.independent_sources == 3
    assert {e.article for e in closed.evidence} == set(closed.articles)
    for evidence in closed.evidence:
        text = {"herald": HERALD, "gazette": GAZETTE, "wire": WIRE, "repost": WIRE}[evidence.article]
        assert text[evidence.start : evidence.end] == evidence.sentence


def test_unrelated_claims_stay_apart(story: Story) -> None:
    for fact in story.facts:
        texts = " ".join(e.sentence for e in fact.evidence)
        assert not ("choir" in texts and "Lighthouse" in texts)
    singles = [f for f in story.facts if "choir" in f.text]
    assert singles and singles[0].independent_sources == 1


def test_a_fact_credits_who_the_articles_say_it_comes_from(story: Story) -> None:
    reopen = next(f for f in story.facts if "reopen" in f.text)
    assert reopen.independent_sources == 3
    assert reopen.attributed_to == "Daniel Fairweather"


def test_agreed_and_refused_are_a_claim_disagreement_not_one_fact(story: Story) -> None:
    (claim,) = [d for d in story.disagreements if d.kind == "claim"]
    assert claim.compatible is False
    assert sorted(v.articles for v in claim.versions) == [["gazette"], ["herald"]]
    assert "agreed" in claim.note and "refused" in claim.note
    for fact in story.facts:
        texts = " ".join(e.sentence for e in fact.evidence)
        assert not ("agreed to pay" in texts and "refused to pay" in texts)


def test_coverage_names_omissions_and_exclusives(story: Story) -> None:
    coverage = {c.article: c for c in story.coverage}
    choir = next(f.id for f in story.facts if "choir" in f.text)
    assert choir in coverage["wire"].unique and choir in coverage["repost"].unique
    lighthouse = next(f.id for f in story.facts if "Lighthouse" in f.text)
    assert coverage["herald"].unique.count(lighthouse) == 1
    assert all(c.facts_stated == sum(1 for f in story.facts if c.article in f.articles) for c in story.coverage)
    # Nothing most sources state is missing from the gazette, the herald or the wire.
    assert not any(coverage[a].omitted for a in ("herald", "gazette", "wire"))


def test_summary_is_short_cites_and_starts_with_the_most_corroborated(story: Story) -> None:
    assert 1 <= len(story.summary) <= 8
    assert sum(len(s.text.split()) for s in story.summary) <= 200
    facts = {f.id: f for f in story.facts}
    for sentence in story.summary:
        assert sentence.articles
        for fact_id in sentence.facts:
            assert set(facts[fact_id].articles) <= set(sentence.articles)
    first = facts[story.summary[0].facts[0]]
    assert first.independent_sources == max(f.independent_sources for f in story.facts)


def test_same_input_same_ids(config: Config, story: Story) -> None:
    assert _reconciled(config).model_dump_json() == story.model_dump_json()
