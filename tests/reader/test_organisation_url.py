"""The organisation's address follows the address the site is served on unless
ORGANISATION_URL is set: in the claim page's ClaimReview, the Atom feed and the data feed.
Where there is no request to follow (``claimtracker export``, the watchdog's User-Agent),
nothing is guessed."""

from __future__ import annotations

import json
import re

import feedparser
import pytest

from claimtracker.services import polite
from tests.reader.conftest import claim_id_by_text

DNA = "DNA testing has been ordered in Kevin Cooper's case"


@pytest.fixture
def app_config(app_config: dict) -> dict:
    app_config["ORGANISATION_URL"] = ""
    return app_config


def _author_on_claim_page(client, claim_id: int, base: str, **headers: str) -> dict:
    resp = client.get(f"/claims/{claim_id}", base_url=base, headers=headers, follow_redirects=True)
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    reviews = [d for d in map(json.loads, blocks) if d.get("@type") == "ClaimReview"]
    assert len(reviews) == 1
    return reviews[0]["author"]


def test_unset_it_follows_each_address_the_site_is_served_on(app, client, demo):
    claim_id = claim_id_by_text(app, DNA)
    # Two addresses in turn: the page cache keys by host, so neither borrows the other's.
    for base in ("https://facts.example", "http://127.0.0.1:8000", "https://facts.example"):
        author = _author_on_claim_page(client, claim_id, base)
        assert author == {"@type": "Organization", "name": "Test Fact Desk", "url": f"{base}/"}
    feed = feedparser.parse(client.get("/feed.atom", base_url="https://facts.example").data)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.author_detail.href == "https://facts.example/"
    datafeed = client.get("/claimreview.json", base_url="https://facts.example").get_json()
    reviews = [element["item"][0] for element in datafeed["dataFeedElement"]]
    assert {r["author"]["url"] for r in reviews} == {"https://facts.example/"}


def test_behind_a_trusted_proxy_it_is_the_forwarded_address(make_app, demo):
    proxied = make_app(TRUSTED_PROXIES=1)
    claim_id = claim_id_by_text(proxied, DNA)
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "facts.example"}
    author = _author_on_claim_page(proxied.test_client(), claim_id, "http://10.0.0.5", **forwarded)
    assert author["url"] == "https://facts.example/"


def test_set_it_wins_whatever_the_address(make_app, demo):
    configured = make_app(ORGANISATION_URL="https://org.example/about-us")
    claim_id = claim_id_by_text(configured, DNA)
    author = _author_on_claim_page(configured.test_client(), claim_id, "https://facts.example")
    assert author["url"] == "https://org.example/about-us"


def test_export_needs_an_address_and_guesses_none(app, demo):
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["export", "--format", "csv"])
    assert refused.exit_code == 1
    assert refused.output.strip().splitlines() == [
        "Error: export needs the site's public address: pass --base-url or set ORGANISATION_URL"
    ]
    done = runner.invoke(args=["export", "--base-url", "https://facts.example"])
    assert done.exit_code == 0, done.output
    reviews = [element["item"][0] for element in json.loads(done.output)["dataFeedElement"]]
    assert {r["author"]["url"] for r in reviews} == {"https://facts.example/"}
    # Match labels name no page of ours: they need no address.
    assert runner.invoke(args=["export", "--format", "match-labels"]).exit_code == 0


def test_the_watchdog_names_the_address_only_when_set(app):
    with app.app_context():
        assert polite.user_agent().endswith("(Test Fact Desk)")
        app.config["ORGANISATION_URL"] = "https://org.example/"
        assert polite.user_agent().endswith("(Test Fact Desk; +https://org.example/)")
