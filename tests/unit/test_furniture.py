"""The plain-text furniture cleaner, on lines of our own writing."""

from __future__ import annotations

import pytest

from newsfuse.ingest import furniture as f
from newsfuse.ingest.furniture import classify_line, clean_text


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Share", f.SHARE),
        ("Share it :", f.SHARE),
        ("Facebook Twitter Email", f.SHARE),
        ("Leave a Reply", f.COMMENTS),
        ("Be the first to comment", f.COMMENTS),
        ("Your email address will not be published. Required fields are marked *", f.COMMENTS),
        ("Sign in or  create a free account", f.SIGN_IN),
        ("By continuing you agree to our Privacy Policy and Terms of Use", f.SIGN_IN),
        ("© 2024 Example Media Ltd. All rights reserved.", f.COPYRIGHT),
        ("Use of this site constitutes acceptance of our Terms of Use.", f.TERMS),
        ("This post was originally published on this site", f.SYNDICATION),
        ("This article first appeared in The Example Review.", f.SYNDICATION),
        ("— Jane Doe (@janedoe) May 12, 2024", f.EMBED_SIGNATURE),
        ("Categories", f.CATEGORY),
        ("Tags: harbour, bridge", f.CATEGORY),
        ("AP/Jane Doe", f.CREDIT),
        ("Coastal Herald/Tom Reyes", f.CREDIT),
        ("Boats in the harbour on Monday. Reuters/Jane Doe", f.CAPTION),
        ("The mayor - pictured above at the opening - said little", f.CAPTION),
        ("A ferry leaves the quay at dawn - the service now runs every fifteen minutes", f.CAPTION),
        ("Advertisement", f.ADVERTISEMENT),
        ("Read more:", f.TEASER),
        ("By Priya Lindqvist", f.BYLINE),
    ],
)
def test_furniture_lines_are_named(line: str, reason: str) -> None:
    assert classify_line(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "The mayor said the bridge would reopen when it was safe.",
        "“Safety comes first,” the mayor said.",
        "Share prices in the harbour company fell sharply on Monday.",
        "The ferry will run every fifteen minutes - twice as often as before.",
        "Ferries and Buses",  # a heading in title case
        "Comments from residents were mostly positive, the council said.",
        "By the end of the week, the council hopes to know more.",
    ],
)
def test_prose_and_headings_are_not_furniture(line: str) -> None:
    assert classify_line(line) is None


PAGE = """World

Ferry Strike Ends After Two Days

Share

Ferry crews returned to work on Friday after a two-day strike over rosters, the union said.

The union's spokesman said members had voted to accept the new offer.

What Changes

Crews will work shorter shifts from next month.

The ferry pier on Friday morning - the first sailing left at six
Harbour Times/Ana Ruiz

"We are glad to be back," one deckhand said.

Harbour Times

© 2024 Harbour Times Company, LLC. All rights reserved.

Sign in
or
Create a free account

New Fish Market Opens on the Quay
"""


def test_page_is_split_into_prose_and_furniture() -> None:
    cleaned = clean_text(PAGE)
    assert cleaned.title == "Ferry Strike Ends After Two Days"
    assert cleaned.outlet == "Harbour Times"
    assert cleaned.text == (
        "Ferry crews returned to work on Friday after a two-day strike over rosters, the union said.\n\n"
        "The union's spokesman said members had voted to accept the new offer.\n\n"
        "What Changes\n\n"
        "Crews will work shorter shifts from next month.\n\n"
        '"We are glad to be back," one deckhand said.'
    )
    reasons = [(r.reason, r.text) for r in cleaned.removed]
    assert reasons == [
        (f.CATEGORY, "World"),
        (f.TITLE, "Ferry Strike Ends After Two Days"),
        (f.SHARE, "Share"),
        (f.CAPTION, "The ferry pier on Friday morning - the first sailing left at six"),
        (f.CREDIT, "Harbour Times/Ana Ruiz"),
        (f.SITE_NAME, "Harbour Times"),
        (f.COPYRIGHT, "© 2024 Harbour Times Company, LLC. All rights reserved."),
        (f.SIGN_IN, "Sign in"),
        (f.SIGN_IN, "or"),
        (f.SIGN_IN, "Create a free account"),
        (f.TEASER, "New Fish Market Opens on the Quay"),
    ]


def test_every_kept_line_is_byte_for_byte_in_the_input() -> None:
    cleaned = clean_text(PAGE)
    for line in cleaned.text.split("\n"):
        assert line in PAGE


def test_blank_first_line_means_no_headline() -> None:
    cleaned = clean_text(
        "\nThe council met on Monday and agreed a budget for the harbour\nIt passed by nine votes to two.\n"
    )
    assert cleaned.title is None
    assert cleaned.text.startswith("The council met on Monday")


def test_text_without_a_headline_keeps_its_first_sentence() -> None:
    cleaned = clean_text("The council met on Monday.\n\nIt agreed a budget.")
    assert cleaned.title is None
    assert cleaned.text == "The council met on Monday.\n\nIt agreed a budget."


def test_repeated_headline_is_a_duplicate() -> None:
    cleaned = clean_text("Budget Agreed\n\nBudget Agreed\n\nThe council agreed a budget on Monday.")
    assert [r.reason for r in cleaned.removed] == [f.TITLE, f.DUPLICATE_TITLE]


def test_copyright_line_at_the_top_does_not_end_the_article() -> None:
    cleaned = clean_text("© Harbour Times\n\nThe council agreed a budget on Monday.\n\nIt passed easily.")
    assert cleaned.text == "The council agreed a budget on Monday.\n\nIt passed easily."


def test_syndication_notice_is_reported() -> None:
    cleaned = clean_text(
        "Budget Agreed\n\nThe council agreed a budget.\n\nThis story was originally published by Example Wire."
    )
    assert cleaned.syndication_notice == "This story was originally published by Example Wire."


def test_text_without_any_prose_is_not_all_tail() -> None:
    cleaned = clean_text(
        "Sat., May 4, 2024 9:15 AM\nEarly on Saturday the ferry left the quay with forty passengers on board,"
    )
    assert "Early on Saturday the ferry left the quay" in cleaned.text


def test_a_lone_line_is_the_body_not_the_headline() -> None:
    cleaned = clean_text("Ferry returns to service after two-day strike over rosters")
    assert cleaned.title is None
    assert cleaned.text == "Ferry returns to service after two-day strike over rosters"


def test_a_trailing_sentence_without_its_full_stop_is_kept() -> None:
    page = (
        "Ferry Strike Ends\n\nCrews returned to work on Friday.\n\n"
        "The union said the vote had been close and that talks would resume in June"
    )
    assert clean_text(page).text.endswith("talks would resume in June")


def test_closing_quote_after_a_space_still_ends_a_sentence() -> None:
    assert f.is_prose('He said it was "the end of the matter. "')


@pytest.mark.parametrize(
    "line", ["Champion rower turned top box - office draw in the 1950s", "The Alder - Bay ferry link"]
)
def test_a_spaced_hyphen_is_not_a_caption_dash(line: str) -> None:
    assert classify_line(line) is None
