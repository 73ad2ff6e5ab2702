"""Publication dates read from a text: datelines, the lead's first full date, never a life's dates."""

from __future__ import annotations

from datetime import date

import pytest

from newsfuse.ingest.metadata import date_from_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PORT ALDER, May 13, 2024 - The harbour bridge closed.", (date(2024, 5, 13), "dateline")),
        ("The harbour bridge closed.\nInspectors met on 13 May 2024 to decide.", (date(2024, 5, 13), "lead")),
        ("Ada Brook, the bridge's designer, has died.\nShe was born on March 3, 1931, in Port Alder.", (None, None)),
        ("The ferry line, founded on June 1, 1902, added crossings.", (None, None)),
        (
            "Brook was born on March 3, 1931. Her funeral is set for May 20, 2024.",
            (date(2024, 5, 20), "lead"),
        ),
    ],
)
def test_lead_dates_that_date_a_life_or_a_founding_are_not_the_publication_date(
    text: str, expected: tuple[date | None, str | None]
) -> None:
    assert date_from_text(text) == expected
