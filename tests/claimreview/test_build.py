"""The one ClaimReview builder, pure: every property, ratings with and without a number,
quotes in appearance URLs, and imported claims written as their publisher's original."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest

from claimtracker.claimreview.parse import parse_review
from claimtracker.publishing import datafeed
from claimtracker.publishing.claimreview import to_claimreview
from claimtracker.publishing.organisation import Organisation
from claimtracker.textfragment import split_text_fragment

ORG = Organisation("Test Fact Desk", "https://factdesk.example/")
PAGE = "https://factdesk.example/claims/7/crime-is-up"
LONG_QUOTE = " ".join(f"word{i}" for i in range(90)) + ", said the mayor - twice & more"


def _claim(*, value: int | None = 2, label: str = "Mostly false", **extra: object):
    outlet = SimpleNamespace(name="Daily Example")
    early = SimpleNamespace(
        id=1,
        url="https://news.example/a#top",
        headline="Crime story",
        published_on=date(2024, 3, 2),
        outlet=outlet,
    )
    late = SimpleNamespace(
        id=2,
        url="https://other.example/b",
        headline=None,
        published_on=date(2024, 3, 5),
        outlet=None,
    )
    appearances = [
        SimpleNamespace(article=late, exact="Crime is up 50%", cited=None),
        SimpleNamespace(article=early, exact="Crime, up - 50% & more", cited=None),
        SimpleNamespace(article=early, exact=LONG_QUOTE, cited=None),
        SimpleNamespace(article=early, exact=LONG_QUOTE, cited=None),  # twice: one work
    ]
    verdict = SimpleNamespace(
        rating=SimpleNamespace(label=label, value=value),
        summary="The figures say *otherwise*.",
        published_at=datetime(2024, 4, 2, 9, tzinfo=UTC),
        fidelity=None,
    )
    fields = dict(
        id=7,
        text="Crime is up",
        claimant=SimpleNamespace(name="A. Mayor"),
        claimed_on=date(2024, 3, 1),
        appearances=appearances,
        current_verdict=verdict,
        first_published_at=datetime(2024, 4, 1, tzinfo=UTC),
        language="en",
        origin_url=None,
        origin_json=None,
        origin_publisher=None,
    )
    fields.update(extra)
    return SimpleNamespace(**fields)


def test_every_property_of_our_own_review():
    review = to_claimreview(_claim(), url=PAGE, org=ORG, bounds=(1, 5))
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert review["url"] == PAGE
    assert review["claimReviewed"] == "Crime is up"
    assert review["datePublished"] == "2024-04-01" and review["dateModified"] == "2024-04-02"
    assert review["author"] == {
        "@type": "Organization",
        "name": "Test Fact Desk",
        "url": "https://factdesk.example/",
    }
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Mostly false",
        "ratingValue": 2,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert review["description"] == "The figures say *otherwise*."
    assert review["inLanguage"] == "en"
    item = review["itemReviewed"]
    assert item["@type"] == "Claim" and item["datePublished"] == "2024-03-01"
    assert item["author"] == {"@type": "Person", "name": "A. Mayor"}
    # One work per distinct quote, in the page's order, each URL carrying its quote whole.
    works = item["appearance"]
    assert [split_text_fragment(w["url"]) for w in works] == [
        ("https://other.example/b", "Crime is up 50%"),
        ("https://news.example/a", "Crime, up - 50% & more"),
        ("https://news.example/a", LONG_QUOTE),
    ]
    assert works[1] == {
        "@type": "CreativeWork",
        "url": works[1]["url"],
        "headline": "Crime story",
        "datePublished": "2024-03-02",
        "publisher": {"@type": "Organization", "name": "Daily Example"},
    }
    assert item["firstAppearance"] == works[1]  # the earliest dated article
    json.dumps(review)


def test_rating_without_a_number_has_only_its_label():
    review = to_claimreview(_claim(value=None, label="Unproven"), url=PAGE, org=ORG, bounds=(1, 5))
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Unproven"}


def test_outlet_claimant_speaks_as_an_organisation():
    claim = _claim(claimant=SimpleNamespace(name="Daily Example"))
    author = to_claimreview(claim, url=PAGE, org=ORG, bounds=(1, 5))["itemReviewed"]["author"]
    assert author == {"@type": "Organization", "name": "Daily Example"}


def test_our_review_reads_back_with_every_quote():
    review = to_claimreview(_claim(), url=PAGE, org=ORG, bounds=(1, 5))
    parsed = parse_review(review)
    assert parsed.url == PAGE and parsed.claim_reviewed == "Crime is up"
    assert {(a.url, a.exact) for a in parsed.appearances} >= {
        ("https://other.example/b", "Crime is up 50%"),
        ("https://news.example/a", "Crime, up - 50% & more"),
        ("https://news.example/a", LONG_QUOTE),
    }


def test_imported_claim_is_the_publishers_original_review():
    original = {
        "@type": "ClaimReview",
        "url": "https://checker.example/r/1",
        "claimReviewed": "Crime is up",
        "author": {"@type": "Organization", "name": "Checker"},
        "reviewRating": {"@type": "Rating", "alternateName": "Pants on fire"},
    }
    claim = _claim(origin_url="https://checker.example/r/1", origin_json=json.dumps(original))
    review = to_claimreview(claim, url=PAGE, org=ORG, bounds=(1, 5))
    # Never re-signed as ours: their author, their URL, their rating; only the
    # @context it had in its source document is made explicit.
    assert review == {"@context": "https://schema.org", **original}
    with_context = {"@context": "http://schema.org/", **original}
    claim.origin_json = json.dumps(with_context)
    assert to_claimreview(claim, url=PAGE, org=ORG, bounds=(1, 5)) == with_context


def test_unreadable_original_is_still_credited_to_its_publisher():
    claim = _claim(
        origin_url="https://checker.example/r/1", origin_json="[not json", origin_publisher=None
    )
    review = to_claimreview(claim, url=PAGE, org=ORG, bounds=(1, 5))
    assert review["url"] == "https://checker.example/r/1"
    assert review["author"] == {"@type": "Organization", "name": "checker.example"}
    assert review["claimReviewed"] == "Crime is up"


def test_claim_without_a_verdict_is_refused():
    with pytest.raises(ValueError, match="no published verdict"):
        to_claimreview(_claim(current_verdict=None), url=PAGE, org=ORG, bounds=(1, 5))


def test_data_feed_wraps_each_review():
    """The one DataFeed writer (route and export): each review in a DataFeedItem, under
    the feed's own @context."""
    review = to_claimreview(_claim(), url=PAGE, org=ORG, bounds=(1, 5))
    text = "".join(datafeed.stream([_claim()], url_of=lambda c: PAGE, org=ORG, bounds=(1, 5)))
    review.pop("@context")
    assert json.loads(text) == {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "name": "ClaimReview feed of Test Fact Desk",
        "dataFeedElement": [{"@type": "DataFeedItem", "item": [review]}],
    }
