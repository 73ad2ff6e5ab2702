"""URLs and feeds, against a real HTTP server on loopback."""

from __future__ import annotations

import ipaddress

import pytest

from newsfuse.config import Config
from newsfuse.errors import InputRejected
from newsfuse.ingest import ingest
from newsfuse.ingest.inputs import url_id
from newsfuse.ingest.web import fetch, is_public, make_client
from tests.conftest import EXAMPLE

pytestmark = pytest.mark.network


@pytest.fixture
def config(config: Config) -> Config:
    """The test server is on loopback, which URL ingestion refuses unless allowed."""
    return config.with_overrides({"ingest.allow_private_addresses": True})


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


def test_a_loopback_address_is_refused_unless_allowed(site: str, config: Config) -> None:
    refusing = config.with_overrides({"ingest.allow_private_addresses": False})
    result = ingest([f"{site}/bay-radio.txt", str(EXAMPLE / "bay-radio.txt")], refusing)
    (rejection,) = result.rejected
    assert rejection.code == "E126" and "127.0.0.1" in rejection.message
    assert "NEWSFUSE_INGEST_ALLOW_PRIVATE_ADDRESSES" in rejection.message
    assert len(result.articles) == 1, "the rest of the batch goes on"
    named = site.replace("127.0.0.1", "localhost")  # checked after the name is resolved
    assert ingest([f"{named}/bay-radio.txt"], refusing).rejected[0].code == "E126"


def test_every_redirect_is_checked_again(site: str, config: Config) -> None:
    only_this_server = make_client(config.ingest, allowed=lambda address: str(address) == "127.0.0.1")
    assert "Harbour bridge closed" in fetch(f"{site}/bay-radio.txt", config.ingest, only_this_server).text
    with pytest.raises(InputRejected) as refused:
        fetch(f"{site}/elsewhere", config.ingest, only_this_server)
    assert refused.value.code == "E126" and "127.0.0.2" in refused.value.message


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2606:4700:4700::1111", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("192.168.0.10", False),
        ("172.16.5.4", False),
        ("169.254.169.254", False),  # cloud metadata
        ("100.64.0.1", False),  # shared (carrier-grade NAT)
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("::1", False),
        ("fe80::1", False),
        ("fd00:ec2::254", False),  # cloud metadata over IPv6
        ("::ffff:127.0.0.1", False),  # IPv4-mapped loopback
    ],
)
def test_which_addresses_are_public(address: str, public: bool) -> None:
    assert is_public(ipaddress.ip_address(address)) is public


def test_a_page_that_trickles_in_past_the_deadline_is_rejected(site: str, config: Config) -> None:
    result = ingest([f"{site}/slow"], config.with_overrides({"ingest.fetch_deadline": 0.5}))
    (rejection,) = result.rejected
    assert rejection.code == "E120" and "within 0.5 s" in rejection.message
