"""A tokenised corpus's spacing is joined back, and only when the input is said to be tokenised."""

from __future__ import annotations

import json
from pathlib import Path

from newsfuse.config import Config
from newsfuse.ingest import ingest
from newsfuse.ingest.respace import join_tokens


def test_numbers_compounds_apostrophes_and_slashes_are_joined() -> None:
    spaced = (
        "A magnitude 6. 1 quake shook the island, and 2, 000 of its 120, 000 people left.\n"
        "The 32-year - old ferry captain, a high - ranking official said, reached the pirates ' boats.\n"
        "The coast sinks about 7 mm / yr, and 'Deep Throat ' was never named at 3 p. m. in the U. S."
    )
    assert join_tokens(spaced) == (
        "A magnitude 6.1 quake shook the island, and 2,000 of its 120,000 people left.\n"
        "The 32-year-old ferry captain, a high-ranking official said, reached the pirates' boats.\n"
        "The coast sinks about 7 mm/yr, and 'Deep Throat' was never named at 3 p.m. in the U.S."
    )


def test_ordinary_text_is_never_touched(tmp_path: Path, config: Config) -> None:
    # A year ending one sentence before a number starting the next, a dash written as a spaced
    # hyphen, a list of numbers: all as written unless the input is said to be tokenised.
    text = "The pier was built in 1998. 5 boats were lost - the worst year since. Scores were 3, 100 and 12."
    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps({"id": "pier", "title": "Pier", "text": text}) + "\n", encoding="utf-8")
    (plain,) = ingest([str(path)], config).articles
    assert plain.text == text
    (tokenised,) = ingest([str(path)], config.with_overrides({"ingest.tokenised": True})).articles
    assert (
        tokenised.text == "The pier was built in 1998.5 boats were lost-the worst year since. Scores were 3,100 and 12."
    )


def test_a_closing_quotation_mark_goes_back_against_the_words_it_closes() -> None:
    spaced = (
        '"The pier is safe for now, "the harbour master said, "but not for the winter. "\n'
        '"Repairs start in May, "she said.\n'
        '"A quotation that runs on into the next paragraph\n'
        'He called it "a scandal" and left.'
    )
    assert join_tokens(spaced) == (
        '"The pier is safe for now," the harbour master said, "but not for the winter."\n'
        '"Repairs start in May," she said.\n'
        '"A quotation that runs on into the next paragraph\n'
        'He called it "a scandal" and left.'
    )
