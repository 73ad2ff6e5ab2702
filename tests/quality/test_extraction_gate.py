"""Quality gate: body-extraction F1 on the 181-page benchmark may not drop below its floor.

The floors sit just under the figures in the README; raise them when the figures improve, and
never lower one without saying why in the commit.
"""

from __future__ import annotations

import pytest

from tests.conftest import EXTRACTION

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not EXTRACTION.is_dir(), reason="../shared is not beside the project"),
]

F1_FLOOR = 0.963
PRECISION_FLOOR = 0.958
RECALL_FLOOR = 0.966


def test_extraction_f1_holds_its_floor() -> None:
    from bench.extraction import extract_all, score_bodies

    bodies, _ = extract_all("precision", EXTRACTION)
    result = score_bodies(bodies, EXTRACTION)
    assert result.pages == 181
    assert result.f1 >= F1_FLOOR, f"F1 {result.f1:.4f} fell below {F1_FLOOR}"
    assert result.precision >= PRECISION_FLOOR
    assert result.recall >= RECALL_FLOOR


def test_scoring_reproduces_the_published_peer_figures() -> None:
    from bench.extraction import peers

    published = {
        "trafilatura 2.0.0": 0.958,
        "readability 0.8.4.1": 0.922,
        "goose3 3.1.20": 0.896,
        "justext 3.0.2": 0.804,
    }
    scores = peers(EXTRACTION)
    for name, f1 in published.items():
        assert round(scores[name].f1, 3) == f1, name
