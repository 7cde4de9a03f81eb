"""Atom, the ClaimReview data feed, the sitemap, badges and oEmbed."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

import feedparser
import pytest

from claimtracker.extensions import db
from claimtracker.models import Claim
from claimtracker.services import feeds, verdicts
from tests.conftest import counting_queries
from tests.reader.conftest import claim_id_by_text

DNA = "DNA testing has been ordered in Kevin Cooper's case"


def test_atom_feed_parses_and_lists_verdicts(client, demo):
    resp = client.get("/feed.atom")
    assert resp.status_code == 200
    assert resp.mimetype == "application/atom+xml"
    feed = feedparser.parse(resp.get_data())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    # Five verdicts, and the demo's illustrative quote change (tests/watchdog/test_pages.py)
    assert len(feed.entries) == 6
    titles = {e.title for e in feed.entries}
    assert f"True: {DNA}" in titles
    for entry in feed.entries:
        assert entry.id and entry.link.startswith("http://localhost/claims/")
        assert entry.updated_parsed and entry.summary


def test_corrections_are_feed_entries(app, client, demo, make_user):
    a, b = make_user("editor"), make_user("editor")
    with app.app_context():
        claim = db.session.get(Claim, claim_id_by_text(app, DNA))
        v = verdicts.propose(
            a,
            claim,
            rating="Mostly true",
            summary="Narrower.",
            reason="update",
            reason_note="Newsom's order was narrower.",
        )
        db.session.flush()
        verdicts.sign_off(v.id, b)
        db.session.commit()
    feed = feedparser.parse(client.get("/feed.atom").get_data())
    assert not feed.bozo
    assert feed.entries[0].title == f"Update: Mostly true: {DNA}"
    assert "narrower" in feed.entries[0].summary.lower()
    assert len(feed.entries) == 7  # six verdicts and the demo's quote change


def test_claimreview_data_feed(app, client, demo):
    resp = client.get("/claimreview.json")
    assert resp.status_code == 200
    data = json.loads(resp.get_data(as_text=True))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "DataFeed"
    assert all(
        e["@type"] == "DataFeedItem" and len(e["item"]) == 1 for e in data["dataFeedElement"]
    )
    elements = [e["item"][0] for e in data["dataFeedElement"]]
    assert len(elements) == 5
    # The importer reads the feed back: another claimtracker can consume it.
    from claimtracker.claimreview.documents import find_reviews

    assert len(list(find_reviews(data))) == 5
    for review in elements:
        assert review["@type"] == "ClaimReview"
        assert {
            "url",
            "claimReviewed",
            "datePublished",
            "author",
            "reviewRating",
            "itemReviewed",
        } <= review.keys()
    # The same mapping as the claim page.
    page = client.get(f"/claims/{claim_id_by_text(app, DNA)}", follow_redirects=True)
    dna = next(r for r in elements if r["claimReviewed"] == DNA)
    assert dna["url"] == page.request.url


@pytest.mark.parametrize("claims", [2 * 3, 2 * 3 + 1])
def test_claimreview_feed_streams_many_claims(app, client, publish, monkeypatch, claims):
    """A small batch makes a few claims cross its boundaries: an exact multiple of the
    batch (the last query comes back empty) and one more (the last batch is short)."""
    monkeypatch.setattr(feeds, "FEED_BATCH", 3)
    ids = publish(claims, appearances=1, sources=0)
    with counting_queries(app) as statements:
        data = json.loads(client.get("/claimreview.json").get_data(as_text=True))
    assert len(data["dataFeedElement"]) == claims
    assert len({e["item"][0]["url"] for e in data["dataFeedElement"]}) == claims
    assert [int(e["item"][0]["url"].rsplit("/", 2)[-2]) for e in data["dataFeedElement"]] == ids
    # one keyset query per batch, the last one short or empty: the small batch was used
    batches = [s for s in statements if "FROM claim " in s and "claim.id >" in s]
    assert len(batches) == claims // 3 + 1


def test_sitemap(app, client, demo):
    resp = client.get("/sitemap.xml")
    root = ET.fromstring(resp.get_data())
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in root.findall("s:url/s:loc", ns)]
    assert "http://localhost/claims" in locs
    assert sum("/claims/" in loc for loc in locs) == 5


def test_badge_is_escaped_svg_with_the_rating(app, client, demo):
    claim_id = claim_id_by_text(app, DNA)
    resp = client.get(f"/claims/{claim_id}/badge.svg")
    assert resp.mimetype == "image/svg+xml"
    root = ET.fromstring(resp.get_data())
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts == ["fact check", "True"]
    assert client.get("/claims/999999/badge.svg").status_code == 404


def test_oembed(app, client, demo):
    claim_id = claim_id_by_text(app, DNA)
    resp = client.get(
        "/oembed", query_string={"url": f"http://localhost/claims/{claim_id}/x", "format": "json"}
    )
    assert resp.status_code == 200
    data = resp.get_json()
    assert data["version"] == "1.0" and data["type"] == "rich"
    assert data["title"] == DNA
    assert f"/claims/{claim_id}/badge.svg" in data["html"]
    assert "Kevin Cooper&#39;s" in data["html"]
    assert (
        client.get(
            "/oembed", query_string={"url": f"http://localhost/claims/{claim_id}", "format": "xml"}
        ).status_code
        == 501
    )
    for url in ("https://elsewhere.example/claims/1", "http://localhost/articles/1", "", "::"):
        assert client.get("/oembed", query_string={"url": url}).status_code == 404


def test_ratings_page_explains_numbers(client, demo):
    # The scale is part of the methodology page, in readers' words (issue 12).
    html = client.get("/ratings", follow_redirects=True).get_data(as_text=True)
    assert "from 1 (the worst) to 5 (the best)" in html and "3 of 5" in html
    for label in ("True", "Mostly true", "Misleading", "Mostly false", "False", "Unproven"):
        assert f">{label}</span>" in html
