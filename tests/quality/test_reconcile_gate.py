"""Reconciliation on the development gold (../shared/datasets/ecbplus/reconcile_gold_dev.json),
held to the figures measured when its mechanism last changed.

Six of the 22 gold stories, chosen for holding every kind of mention (amounts, dates, names and
quotes), so the gate runs in about a minute; `python -m bench.reconcile_gold` measures all 22.
The floors are the measured figures on these six, never lowered silently: a change that lowers one
must say so in the README's figures table and in its closing note.
"""

from __future__ import annotations

import pytest

from bench.gold import load_gold, load_verdicts, score
from bench.reconcile_gold import ECB_JSONL, run_stories
from tests.conftest import needs_shared

pytestmark = needs_shared

STORIES = ("4_ecb", "12_ecb", "13_ecbplus", "18_ecbplus", "19_ecb", "20_ecbplus")
# Matched gold disagreements per kind, and precision over the judged raised ones, on STORIES.
# Measured 2026-12-03: quantity 8 of 20, date 3 of 12, name_spelling 11 of 16, quote_wording 2 of 4;
# 46 raised, 39 right (0.848), every one judged. The targets (recall 0.6 per kind, precision 0.9)
# are not met yet: these floors hold what is reached. Raised from 7/1/10/2 and 0.80 when the shipped
# models began to raise at the setting cross-validation chose (share and threshold had been
# swapped) and names were compared on their differing words without initials and suffixes.
# Precision then went from 39 to 38 of 46 (0.826), said in the README: a past verb inside a future
# sentence ("will worship ... after a fire destroyed the church early Saturday") now dates a
# happening, which finds 13_ecb's Friday night / early Saturday but lets 19_ecb's 13 December riots
# into the group of the killing's day.
FLOORS = {"quantity": 8, "date": 3, "name_spelling": 11, "quote_wording": 2}
PRECISION_JUDGED = 0.82
PRECISION_PESSIMISTIC = 0.82


@pytest.fixture(scope="module")
def figures():  # type: ignore[no-untyped-def]
    if not ECB_JSONL.exists():
        pytest.skip("../shared/datasets/ecbplus is not beside the project")
    gold = load_gold()
    return score(run_stories(gold, STORIES), {s: gold[s] for s in STORIES}, load_verdicts())


@pytest.mark.parametrize("kind", sorted(FLOORS))
def test_recall_per_kind_holds(figures, kind: str) -> None:  # type: ignore[no-untyped-def]
    assert figures.kinds[kind].matched >= FLOORS[kind], figures.kinds[kind]


def test_precision_holds(figures) -> None:  # type: ignore[no-untyped-def]
    assert figures.precision_judged >= PRECISION_JUDGED
    assert figures.precision_pessimistic >= PRECISION_PESSIMISTIC


def test_every_raised_disagreement_is_judged_or_matched(figures) -> None:  # type: ignore[no-untyped-def]
    """A change that raises something new on these stories gets a person's verdict before it lands."""
    assert [u.key for u in figures.unmatched if u.verdict is None] == []
