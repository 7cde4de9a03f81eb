"""claims:search against a JSON Schema written from Google's documented response
(Fact Check Tools API v1alpha1, ``FactCheckedClaimSearchResponse``: claims[] of Claim
{text, claimant, claimDate, claimReview[] of ClaimReview {publisher {name, site}, url, title,
reviewDate, textualRating, languageCode}}, plus nextPageToken). Timestamps are RFC 3339
UTC ("Zulu"); the publisher's site is a host name without scheme or "www.".

This schema is written independently of the app's own OpenAPI schema on purpose.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from jsonschema import Draft202012Validator
from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.models import Verdict, VerdictStatus
from claimtracker.services import claimreview_import
from tests.conftest import FIXTURES

ZULU = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$"
GOOGLE_RESPONSE = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "claims": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "text": {"type": "string"},
                    "claimant": {"type": "string"},
                    "claimDate": {"type": "string", "pattern": ZULU},
                    "claimReview": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "properties": {
                                "publisher": {
                                    "type": "object",
                                    "additionalProperties": False,
                                    "properties": {
                                        "name": {"type": "string"},
                                        "site": {
                                            "type": "string",
                                            "pattern": r"^(?!www\.)[a-z0-9.-]+$",
                                        },
                                    },
                                },
                                "url": {"type": "string", "pattern": "^https?://"},
                                "title": {"type": "string"},
                                "reviewDate": {"type": "string", "pattern": ZULU},
                                "textualRating": {"type": "string"},
                                "languageCode": {"type": "string"},
                            },
                        },
                    },
                },
            },
        },
        "nextPageToken": {"type": "string"},
    },
}
VALIDATOR = Draft202012Validator(GOOGLE_RESPONSE)


@pytest.fixture
def loaded(app, demo):
    with app.app_context():
        for name in (
            "mediemollen-folkets-dk_sea-level-13m_vildledende.json",
            "embedded_snopes_yovanovitch-net-worth.html",
        ):
            claimreview_import.import_content((FIXTURES / "claimreview" / name).read_bytes())


def search(client, query: str):
    r = client.get(f"/api/v1alpha1/claims:search?{query}")
    assert r.status_code == 200, r.json
    VALIDATOR.validate(r.json)
    return r.json


def test_search_matches_google_shape_and_pages(client, loaded):
    first = search(client, "pageSize=2")
    assert len(first["claims"]) == 2 and first["nextPageToken"]
    seen = [c["text"] for c in first["claims"]]
    token = first["nextPageToken"]
    while token:
        page = search(client, f"pageSize=2&pageToken={token}")
        seen += [c["text"] for c in page["claims"]]
        token = page.get("nextPageToken")
    assert len(seen) == len(set(seen)) >= 3


def test_imported_claims_keep_their_publisher(client, loaded):
    # The Danish review states no inLanguage, so it is filed under the default "en".
    (claim,) = search(client, "query=havet&languageCode=en-US")["claims"]
    assert claim["claimReview"][0]["textualRating"] == "Vildledende"
    assert claim["claimDate"] == "2019-10-09T00:00:00Z"
    # Like Google (proto3 JSON), an empty result is an empty object.
    assert search(client, "query=havet&languageCode=da") == {}
    body = search(client, "query=Yovanovitch")
    (claim,) = body["claims"]
    (review,) = claim["claimReview"]
    assert review["publisher"] == {"name": "Snopes", "site": "snopes.com"}
    assert review["url"] == "https://www.snopes.com/fact-check/marie-yovanovitch-net-worth/"
    assert review["textualRating"] == "Unproven"
    assert review["reviewDate"] == "2019-11-18T12:00:00Z"  # the publisher's date, not ours
    assert claim["claimant"] == "Multiple Sources"
    assert "nextPageToken" not in body


def test_own_claims_are_reviewed_by_the_organisation(client, loaded):
    body = search(client, "query=Kardashian&pageSize=50")
    assert body["claims"]
    for claim in body["claims"]:
        review = claim["claimReview"][0]
        assert review["publisher"] == {"name": "Test Fact Desk", "site": "localhost"}
        assert re.match(r"^http://localhost/claims/\d+/[a-z0-9-]+$", review["url"])
    site = search(client, "reviewPublisherSiteFilter=snopes.com")
    assert [c["claimReview"][0]["publisher"]["site"] for c in site["claims"]] == ["snopes.com"]


def test_max_age_days(app, client, loaded):
    # Everything loaded was reviewed in 2019 (the demo's verdicts keep their dates): sign
    # one of our own off again today, and only it is younger than a day.
    with app.app_context():
        verdict = db.session.scalars(
            select(Verdict).where(Verdict.status == VerdictStatus.PUBLISHED).order_by(Verdict.id)
        ).first()
        verdict.published_at = datetime.now(UTC)
        fresh = verdict.claim_id
        db.session.commit()
    recent = search(client, "maxAgeDays=1&pageSize=100").get("claims", [])
    urls = [c["claimReview"][0]["url"] for c in recent]
    assert len(urls) == 1 and urls[0].startswith(f"http://localhost/claims/{fresh}/"), urls
    assert len(search(client, "maxAgeDays=36500&pageSize=100")["claims"]) > 1


@pytest.mark.parametrize(
    "query", ["pageSize=0", "pageSize=abc", "pageToken=%%%", "maxAgeDays=-3", "pageToken=bzpub3Q"]
)
def test_bad_parameters_are_400(client, query):
    r = client.get(f"/api/v1alpha1/claims:search?{query}")
    assert r.status_code == 400 and r.mimetype == "application/problem+json"
