"""The gold scoring of bench/gold.py on tiny invented stories: no ../shared, no models.

The invented event: a storm floods the village of Lower Marsh; outlets a1-a4 cover it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from bench.gold import (
    GoldDisagreement,
    GoldStory,
    Kind,
    Verdict,
    gold_from_json,
    matched_versions,
    numbers,
    score,
    verdict_key,
    version_matches,
)
from newsfuse.report import Disagreement, Evidence, Fact, Story, Version

STORY = "storm"


def ev(article: str, sentence: str) -> Evidence:
    return Evidence(article=article, sentence=sentence, start=0, end=len(sentence))


def version(value: str, *articles: str) -> Version:
    return Version(value=value, normalized=None, articles=list(articles), evidence=[ev(a, value) for a in articles])


def disagreement(kind: Kind, *versions: Version, topic: str = "a topic") -> Disagreement:
    return Disagreement(id=f"d-{kind}", kind=kind, topic=topic, versions=list(versions), compatible=False, note="")


def fact(text: str, *articles: str, evidence: list[Evidence] | None = None) -> Fact:
    return Fact(
        id=f"f-{text[:8]}",
        text=text,
        articles=list(articles),
        independent_sources=len(articles),
        attributed_to=None,
        evidence=evidence or [],
    )


def story(disagreements: Sequence[Disagreement] = (), facts: Sequence[Fact] = ()) -> Story:
    return Story(
        id=STORY, headline="Storm floods Lower Marsh", articles=[], facts=list(facts), disagreements=list(disagreements)
    )


def gold_version(value: str, normalized: str | None, mentions: dict[str, str]) -> dict[str, Any]:
    return {"value": value, "normalized": normalized, "articles": list(mentions), "mentions": mentions, "evidence": {}}


def gold(disagreements: Sequence[dict[str, Any]] = (), facts: Sequence[dict[str, Any]] = ()) -> dict[str, GoldStory]:
    return gold_from_json(
        {
            "stories": {
                STORY: {
                    "articles": ["a1", "a2", "a3", "a4"],
                    "disagreements": [{"story_id": STORY, "update": False, "note": "", **d} for d in disagreements],
                    "facts": [{"story_id": STORY, **f} for f in facts],
                }
            }
        }
    )


RAIN = {
    "topic": "rain that fell overnight",
    "kind": "quantity",
    "versions": [
        gold_version("rain of 6. 1 inches", "6.1 inches", {"a1": "rain of 6. 1 inches", "a2": "6. 1 inches"}),
        gold_version("some 7 inches of rain", "7 inches", {"a3": "some 7 inches of rain"}),
    ],
}
EVACUATED = {
    "topic": "people evacuated",
    "kind": "quantity",
    "versions": [
        gold_version("2, 000 residents left", "2000", {"a1": "2, 000 residents left"}),
        gold_version("three thousand people fled", "3000", {"a2": "three thousand people fled"}),
    ],
}
MAYOR = {
    "topic": "spelling of the mayor's surname",
    "kind": "name_spelling",
    "versions": [
        gold_version("Mayor Ottilie Brannock", "Brannock", {"a1": "Mayor Ottilie Brannock", "a2": "Brannock said"}),
        gold_version("Ottilie Brannick", "Brannick", {"a3": "Ottilie Brannick"}),
    ],
}


def only(entry: dict[str, Any]) -> GoldDisagreement:
    return gold([entry])[STORY].disagreements[0]


# --- Numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a magnitude 6. 1 tremor", {"6.1"}),
        ("2, 000 residents", {"2000"}),
        ("1, 250, 000 sandbags", {"1250000"}),
        ("the 32-year - old ferryman", {"32"}),
        ("about 2,000 homes", {"2000"}),
        ("three thousand people", {"3000"}),
        ("twenty-five boats", {"25"}),
        ("a dozen lorries", {"12"}),
        ("a $4-billion repair bill", {"4000000000"}),
        ("at 3:10 p. m.", {"3:10"}),
        ("around 10:00", {"10"}),
        ("on March 4, 2019", {"4", "2019"}),
        ("by 2019. 3 bridges fell", {"2019", "3"}),
        ("dozens of cars and a third of the fields", set()),
    ],
)
def test_numbers_are_read_as_a_person_reads_them(text: str, expected: set[str]) -> None:
    assert numbers(text) == expected


# --- Versions ----------------------------------------------------------------------------------


def test_a_version_matches_on_a_shared_number_once_the_respacing_is_undone() -> None:
    rain = only(RAIN)
    assert version_matches(version("6.1 inches", "a2"), rain.versions[0])
    assert not version_matches(version("6.1 inches", "a3"), rain.versions[0])  # no shared article
    assert not version_matches(version("6.4 inches", "a1"), rain.versions[0])  # numbers differ
    assert version_matches(version("2,000 people", "a1", "a4"), only(EVACUATED).versions[0])
    assert version_matches(version("3000 people fled", "a2"), only(EVACUATED).versions[1])


def test_without_a_number_the_gold_wording_must_occur_in_the_reported_value() -> None:
    mayor = only(MAYOR)
    assert version_matches(version("Ottilie BRANNICK", "a3"), mayor.versions[1])  # normalized, any case
    assert version_matches(version("Brannock said", "a2"), mayor.versions[0])  # a mention
    assert not version_matches(version("Brannick", "a1"), mayor.versions[0])  # another spelling
    assert not version_matches(version("Brannocks", "a1"), mayor.versions[0])  # words, not substrings
    # Numbers on one side only: the wording decides.
    assert version_matches(version("some 7 inches of rain", "a3"), only(RAIN).versions[1])
    assert not version_matches(version("heavy rain", "a3"), only(RAIN).versions[1])


def test_a_weekday_version_matches_through_the_date_its_normalized_form_gives() -> None:
    ferry = gold_from_json(
        {
            "stories": {
                STORY: {
                    "articles": ["a1", "a2"],
                    "facts": [],
                    "disagreements": [
                        {
                            "kind": "date",
                            "topic": "day the ferry stopped",
                            "versions": [
                                gold_version("on Friday", "Friday 12 March", {"a1": "on Friday"}),
                                gold_version("on Saturday", "Saturday 13 March", {"a2": "on Saturday"}),
                            ],
                        }
                    ],
                }
            }
        }
    )[STORY].disagreements[0]
    friday = version("Friday", "a1").model_copy(update={"normalized": "2021-03-12"})
    assert version_matches(friday, ferry.versions[0])
    assert not version_matches(friday.model_copy(update={"normalized": "2021-03-19"}), ferry.versions[0])


def test_versions_count_one_to_one() -> None:
    rain = only(RAIN)
    # One loose version matching both gold versions is one match, not two.
    both = disagreement("quantity", version("6.1 or 7 inches", "a1", "a3"), version("heavy rain", "a4"))
    assert matched_versions(both, rain) == 1
    two = disagreement("quantity", version("6.1 or 7 inches", "a1", "a3"), version("7 inches", "a3"))
    assert matched_versions(two, rain) == 2


# --- Disagreements -----------------------------------------------------------------------------


def test_a_disagreement_needs_two_matched_versions() -> None:
    expected = gold([RAIN])
    one = disagreement("quantity", version("6.1 inches", "a1"), version("6.8 inches", "a4"))
    two = disagreement("quantity", version("6.1 inches", "a1"), version("7 inches", "a3"))
    result = score([(STORY, story([one, two]))], expected)
    assert [m.reported for m in result.matches] == [two]
    assert [u.disagreement for u in result.unmatched] == [one]
    assert result.kinds["quantity"].matched == 1 and result.kinds["quantity"].raised == 2
    assert result.recall == 1.0


def test_matching_is_one_to_one_and_prefers_the_best_overlap() -> None:
    expected = gold([RAIN])
    partial = disagreement("quantity", version("6.1 inches", "a1"), version("7 inches", "a3"))
    fuller = disagreement("quantity", version("6.1 inches", "a1", "a2"), version("7 inches", "a3"))
    result = score([(STORY, story([partial, fuller]))], expected)
    assert [m.reported for m in result.matches] == [fuller]  # article Jaccard 1 beats 2/3
    assert [u.disagreement for u in result.unmatched] == [partial]
    assert result.kinds["quantity"].matched == 1


def test_kind_must_agree_for_recall_but_not_for_the_any_kind_figure() -> None:
    expected = gold([MAYOR])
    as_quote = disagreement("quote_wording", version("Ottilie Brannock", "a1"), version("Ottilie Brannick", "a3"))
    result = score([(STORY, story([as_quote]))], expected)
    assert result.recall == 0.0 and result.recall_any_kind == 1.0
    assert result.unmatched[0].other_kind is not None
    assert [m.topic for m in result.missed] == [MAYOR["topic"]]


# --- Facts -------------------------------------------------------------------------------------

FLOODED = {"fact": "the river burst its banks", "pattern": r"burst its banks", "articles": ["a1", "a2", "a3", "a4"]}
CLOSED = {"fact": "the school closed", "pattern": r"school (?:was )?closed", "articles": ["a1", "a2", "a3", "a4"]}


def test_a_fact_is_found_at_jaccard_075_by_its_text_or_evidence() -> None:
    expected = gold(facts=[FLOODED])
    three_of_four = fact("The river burst its banks.", "a1", "a2", "a3")
    assert score([(STORY, story(facts=[three_of_four]))], expected).fact_recall == 1.0
    half = fact("The river burst its banks.", "a1", "a2")
    assert score([(STORY, story(facts=[half]))], expected).fact_recall == 0.0
    by_evidence = fact("Water rose.", "a1", "a2", "a3", "a4", evidence=[ev("a2", "The river burst its banks at dawn.")])
    result = score([(STORY, story(facts=[by_evidence]))], expected)
    assert result.fact_recall == 1.0 and result.facts_exact == 1
    other_words = fact("The river overflowed.", "a1", "a2", "a3", "a4")
    assert score([(STORY, story(facts=[other_words]))], expected).facts_missed[0].fact == FLOODED["fact"]


def test_a_reported_fact_finds_one_gold_fact_at_most() -> None:
    expected = gold(facts=[FLOODED, CLOSED])
    both = fact("The river burst its banks and the school closed.", "a1", "a2", "a3", "a4")
    result = score([(STORY, story(facts=[both]))], expected)
    assert len(result.fact_matches) == 1 and result.gold_facts == 2
    assert result.fact_matches[0].gold.fact == FLOODED["fact"]  # ties go to the earlier gold fact


# --- Verdicts and precision --------------------------------------------------------------------


def test_the_verdict_key_depends_on_story_kind_and_values_only() -> None:
    first = disagreement("quantity", version("6.4 inches", "a1"), version("Eight  inches", "a4"), topic="rain")
    again = disagreement("quantity", version("eight inches", "a2", "a3"), version("6. 4 inches", "a4"), topic="other")
    assert verdict_key(STORY, first) == verdict_key(STORY, again)
    assert verdict_key(STORY, first) != verdict_key("another story", first)
    assert verdict_key(STORY, first) != verdict_key(STORY, first.model_copy(update={"kind": "date"}))
    assert verdict_key(STORY, first) != verdict_key(STORY, disagreement("quantity", version("6.4 inches", "a1")))
    assert len(verdict_key(STORY, first)) == 12


def test_precision_counts_judged_right_and_reports_stale_verdicts() -> None:
    expected = gold([RAIN])
    matched = disagreement("quantity", version("6.1 inches", "a1"), version("7 inches", "a3"))
    right = disagreement("quantity", version("40 homes", "a1"), version("45 homes", "a2"))
    wrong = disagreement("date", version("Monday", "a1"), version("Tuesday", "a2"))
    unjudged = disagreement("claim", version("the dam held", "a1"), version("the dam failed", "a2"))
    verdicts = [
        Verdict(verdict_key(STORY, right), STORY, "quantity", "right", "the outlets count the flooded homes apart"),
        Verdict(verdict_key(STORY, wrong), STORY, "date", "wrong", "two different happenings"),
        Verdict("0123456789ab", STORY, "quantity", "wrong", "no longer raised"),
        Verdict("ba9876543210", "elsewhere", "quantity", "wrong", "a story not scored"),
    ]
    result = score([(STORY, story([matched, right, wrong, unjudged]))], expected, verdicts)
    assert (result.judged_right, result.judged_wrong, result.unjudged) == (1, 1, 1)
    assert result.precision_judged == pytest.approx(2 / 3)
    assert result.precision_pessimistic == pytest.approx(2 / 4)
    assert [v.key for v in result.stale] == ["0123456789ab"]
    assert result.figures()["raised"] == 4


def test_scoring_a_story_without_gold_is_an_error() -> None:
    with pytest.raises(ValueError, match="no gold"):
        score([("unknown", story())], gold())


def test_a_fact_pattern_written_against_re_spaced_text_matches_the_text_as_written() -> None:
    from bench.gold import GoldFact, fact_matches

    spaced = GoldFact(
        story=STORY, fact="the toll", pattern=r"1, 300 homes|a 6\. 1 quake|five - boat", articles=frozenset({"a1"})
    )
    for written in ("1,300 homes were lost.", "a 6.1 quake", "a five-boat convoy", "1, 300 homes"):
        assert fact_matches(fact(written, "a1"), spaced), written
