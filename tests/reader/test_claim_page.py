"""The claim status page: JSON-LD that matches the page, links, history, meta, 404s."""

from __future__ import annotations

import json
import re
from html import unescape

import extruct
import pytest
from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.models import Appearance, Claim, ClaimStatus
from claimtracker.services import claimreview_import, verdicts
from claimtracker.textfragment import parse_text_directives, split_text_fragment
from tests.conftest import FIXTURES
from tests.reader.conftest import claim_id_by_text

DNA = "DNA testing has been ordered in Kevin Cooper's case"
UNPROVEN = "Kim Kardashian's team set up the photoshoot outside San Quentin"


def _page(client, claim_id: int):
    resp = client.get(f"/claims/{claim_id}", follow_redirects=True)
    assert resp.status_code == 200
    return resp, resp.get_data(as_text=True)


def _claimreview(html: str, url: str) -> dict:
    data = extruct.extract(html, base_url=url, syntaxes=["json-ld"], uniform=False)
    reviews = [d for d in data["json-ld"] if d.get("@type") == "ClaimReview"]
    assert len(reviews) == 1
    return reviews[0]


def test_redirects_to_canonical_slug_url(app, client, demo):
    claim_id = claim_id_by_text(app, DNA)
    resp = client.get(f"/claims/{claim_id}")
    assert resp.status_code == 301
    assert resp.headers["Location"].endswith(
        f"/claims/{claim_id}/dna-testing-has-been-ordered-in-kevin-cooper-s-case"
    )
    wrong = client.get(f"/claims/{claim_id}/some-old-slug")
    assert wrong.status_code == 301
    assert wrong.headers["Location"] == resp.headers["Location"]


def test_jsonld_has_every_property_and_matches_the_page(app, client, demo):
    claim_id = claim_id_by_text(app, DNA)
    resp, html = _page(client, claim_id)
    review = _claimreview(html, resp.request.url)
    assert review["@context"] == "https://schema.org"
    assert review["url"] == resp.request.url
    assert review["claimReviewed"] == DNA
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", review["datePublished"])
    assert review["author"] == {
        "@type": "Organization",
        "name": "Test Fact Desk",
        "url": "https://factdesk.example/",
    }
    rating = review["reviewRating"]
    assert rating["alternateName"] == "True"
    assert (rating["ratingValue"], rating["bestRating"], rating["worstRating"]) == (5, 5, 1)
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Person", "name": "Kim Kardashian"}
    assert item["datePublished"] == "2019-05-31"
    assert item["appearance"][0]["url"].startswith("https://hollywoodunlocked.com/")
    assert item["firstAppearance"]["url"] == item["appearance"][0]["url"]
    # The page shows the same things.
    h1 = re.search(r'<h1 class="claim-text">(.*?)</h1>', html).group(1)
    assert unescape(h1) == review["claimReviewed"]
    assert '<span class="badge rating-true">True</span>' in html
    assert f'datetime="{review["datePublished"]}' in html
    assert f'<link rel="canonical" href="{review["url"]}">' in html


def test_jsonld_appearances_carry_the_exact_quote(app, client, demo):
    claim_id = claim_id_by_text(app, DNA)
    resp, html = _page(client, claim_id)
    item = _claimreview(html, resp.request.url)["itemReviewed"]
    with app.app_context():
        quotes = sorted(
            db.session.scalars(select(Appearance.exact).where(Appearance.claim_id == claim_id))
        )
    assert sorted(split_text_fragment(w["url"])[1] for w in item["appearance"]) == quotes
    assert _claimreview(html, resp.request.url)["description"]


def test_imported_claim_jsonld_is_the_publishers_review(app, client, demo):
    path = FIXTURES / "claimreview" / "schemaorg_eg-0324_politifact-perry-3000-homicides.json"
    original = json.loads(path.read_text())
    with app.app_context():
        claimreview_import.import_content(path.read_bytes())
        claim = db.session.scalar(select(Claim).where(Claim.origin_url == original["url"]))
        claim_id, publisher = claim.id, claim.origin_publisher
    resp, html = _page(client, claim_id)
    review = _claimreview(html, resp.request.url)
    # Their review, unchanged: never signed by our organisation, never our URL.
    assert review == original
    assert "Test Fact Desk" not in json.dumps(review)
    # The page says the same: whose fact check it is, with a link to it.
    link = re.search(r'<a class="origin-link" href="([^"]+)"[^>]*>(.*?)</a>', html)
    assert unescape(link.group(1)) == original["url"]
    # This review's author Organization has no name: the publisher is its site's domain.
    assert publisher == "politifact.com"
    assert unescape(link.group(2)) == "politifact.com"
    assert f'<link rel="canonical" href="{resp.request.url}">' in html
    # The data feed writes the same object for it.
    feed = json.loads(client.get("/claimreview.json").get_data(as_text=True))
    assert {k: v for k, v in original.items() if k != "@context"} in [
        e["item"][0] for e in feed["dataFeedElement"]
    ]


def test_unrated_number_has_only_alternate_name(app, client, demo):
    resp, html = _page(client, claim_id_by_text(app, UNPROVEN))
    rating = _claimreview(html, resp.request.url)["reviewRating"]
    assert rating == {"@type": "Rating", "alternateName": "Unproven"}
    item = _claimreview(html, resp.request.url)["itemReviewed"]
    # Three articles; the first appearance is the earliest one (The Blast, 31 May).
    assert len(item["appearance"]) == 3
    assert item["firstAppearance"]["url"].startswith("https://theblast.com/")


def test_outlet_claimant_is_an_organisation(app, client, demo):
    claim_id = claim_id_by_text(app, "Kevin Cooper is 63 years old")
    resp, html = _page(client, claim_id)
    assert _claimreview(html, resp.request.url)["itemReviewed"]["author"] == {
        "@type": "Organization",
        "name": "Hollywood Unlocked",
    }


def test_meta_tags_and_oembed_discovery(app, client, demo):
    html = _page(client, claim_id_by_text(app, DNA))[1]
    for needle in (
        'property="og:title"',
        'property="og:url"',
        'property="og:description"',
        'name="twitter:card"',
        'name="twitter:title"',
        'type="application/json+oembed"',
    ):
        assert needle in html


def test_article_link_jumps_to_the_exact_quote(app, client, demo):
    claim_id = claim_id_by_text(app, DNA)
    html = _page(client, claim_id)[1]
    href = unescape(re.search(r'<a class="article-link" href="([^"]+)"', html).group(1))
    assert href.startswith("https://hollywoodunlocked.com/kim-kardashian-says")
    (directive,) = parse_text_directives(href)
    with app.app_context():
        exact = db.session.scalar(select(Appearance.exact).where(Appearance.claim_id == claim_id))
    assert directive.start == exact == "DNA testing has now been ordered on Kevin’s case"
    assert "Quote checked: verbatim" in html


def test_sources_archive_and_quote_status(app, client, publish):
    claim_id = publish(1, appearances=1, sources=1)[0]
    _resp, html = _page(client, claim_id)
    assert "https://archive.example/" in html  # article archive
    assert "https://archive.example/e/" in html  # source archive
    assert "refutes" in html


def test_history_shows_corrections_with_dates_and_reasons(app, client, demo, make_user):
    claim_id = claim_id_by_text(app, DNA)
    author, editor = make_user("editor"), make_user("editor")
    with app.app_context():
        claim = db.session.get(Claim, claim_id)
        verdict = verdicts.propose(
            author,
            claim,
            rating="Mostly true",
            summary="Revised.",
            reason="correction",
            reason_note="We misdated the order.",
        )
        db.session.flush()
        verdicts.sign_off(verdict.id, editor)
        db.session.commit()
    resp, html = _page(client, claim_id)
    assert "<strong>Correction</strong>" in html
    assert "We misdated the order." in html
    assert "First published" in html
    review = _claimreview(html, resp.request.url)
    assert review["reviewRating"]["alternateName"] == "Mostly true"


def test_jsonld_cannot_break_out_of_its_script(app, client, demo):
    claim_id = claim_id_by_text(app, DNA)
    with app.app_context():
        claim = db.session.get(Claim, claim_id)
        claim.claimant.name = "</script><script>alert(1)</script>"
        db.session.commit()
    resp, html = _page(client, claim_id)
    assert "<script>alert(1)" not in html
    review = _claimreview(html, resp.request.url)
    assert review["itemReviewed"]["author"]["name"] == "</script><script>alert(1)</script>"
    json.dumps(review)


@pytest.mark.parametrize(
    "status", [ClaimStatus.DRAFT, ClaimStatus.RESEARCHING, ClaimStatus.AWAITING_SIGNOFF]
)
def test_unpublished_claim_is_404_everywhere(app, client, demo, status):
    claim_id = claim_id_by_text(app, DNA)
    with app.app_context():
        db.session.get(Claim, claim_id).status = status.value
        db.session.commit()
    for path in (
        f"/claims/{claim_id}",
        f"/claims/{claim_id}/x",
        f"/claims/{claim_id}/badge.svg",
        f"/oembed?url=http://localhost/claims/{claim_id}",
    ):
        assert client.get(path).status_code == 404, path
    assert "DNA testing" not in client.get("/claims?q=DNA").get_data(as_text=True)
    assert "DNA testing" not in client.get("/feed.atom").get_data(as_text=True)
    assert "DNA testing" not in client.get("/claimreview.json").get_data(as_text=True)
    assert client.get("/claims/424242").status_code == 404
