"""URLs and feeds, against a real HTTP server on loopback."""

from __future__ import annotations

import pytest

from newsfuse.config import Config
from newsfuse.ingest import ingest
from newsfuse.ingest.inputs import url_id

pytestmark = pytest.mark.network


def test_url_is_fetched_and_extracted(site: str, config: Config) -> None:
    result = ingest([f"{site}/alder-gazette.html"], config)
    assert not result.rejected
    (article,) = result.articles
    assert article.id == url_id(f"{site}/alder-gazette.html")
    assert article.title == "Bridge closure: council says repairs could take a month"
    assert article.source == "Alder Gazette"
    assert article.published is not None and article.published.isoformat() == "2024-05-13"
    assert "Most read" not in article.text and "Privacy policy" not in article.text


def test_redirect_is_followed(site: str, config: Config) -> None:
    result = ingest([f"{site}/moved"], config)
    (article,) = result.articles
    assert article.title == "Bridge closure: council says repairs could take a month"
    assert article.url == "https://gazette.example/2024/05/13/bridge-closure-repairs", "the page's canonical URL"


def test_plain_text_url(site: str, config: Config) -> None:
    result = ingest([f"{site}/bay-radio.txt"], config)
    assert result.articles[0].title == "Harbour bridge closed: what commuters need to know"


def test_feed_items_are_fetched_and_a_dead_item_is_reported(site: str, config: Config) -> None:
    result = ingest([f"{site}/feed.xml"], config)
    assert [a.title for a in result.articles] == ["Bridge closure"]
    assert [r.code for r in result.rejected] == ["E121"]
    assert "404" in result.rejected[0].message


@pytest.mark.parametrize(
    ("path", "code", "words"),
    [
        ("/missing.html", "E121", "404"),
        ("/image.png", "E122", "image/png"),
        ("/redirect-loop", "E120", "redirects"),
        ("/not-a-feed.xml", "E123", "not an RSS or Atom feed"),
        ("/huge", "E105", "over"),
    ],
)
def test_url_failures(site: str, config: Config, path: str, code: str, words: str) -> None:
    small = config.with_overrides({"ingest.max_bytes": 1_000_000})
    result = ingest([f"{site}{path}", f"{site}/bay-radio.txt"], small)
    assert len(result.articles) == 1, "the rest of the batch goes on"
    (rejection,) = result.rejected
    assert rejection.code == code and words in rejection.message


def test_dead_url(config: Config) -> None:
    import socket

    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = ingest([f"http://127.0.0.1:{port}/story"], config)
    (rejection,) = result.rejected
    assert rejection.code == "E120" and "could not be fetched" in rejection.message
