"""POST /api/v1/match: published claims a text may repeat, with problem+json on bad input."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.models import Claim
from claimtracker.services import claims

URL = "/api/v1/match"


def test_a_paraphrase_of_a_demo_claim_comes_first_with_its_claim_as_listed(app, client, demo):
    resp = client.post(URL, json={"text": "Cooper, the inmate, is 63 years of age", "limit": 3})
    assert resp.status_code == 200, resp.get_json()
    matches = resp.get_json()["matches"]
    assert 1 <= len(matches) <= 3
    best = matches[0]
    assert best["claim"]["text"] == "Kevin Cooper is 63 years old"
    assert set(best["claim"]) >= {"id", "url", "text", "claimant", "rating", "tags"}
    assert 0.5 < best["score"] <= 1.0
    assert best["publisher"] is None  # our own claim
    assert [m["score"] for m in matches] == sorted((m["score"] for m in matches), reverse=True)


def test_threshold_and_unpublished_claims(app, client, demo, make_user):
    reviewer = make_user("reviewer")
    with app.app_context():
        draft = claims.create_claim(
            reviewer, text="A photoshoot happened outside San Quentin prison", claimant="X"
        )
        db.session.commit()
        draft_id = draft.id
        published = set(db.session.scalars(select(Claim.id).where(Claim.is_published)))
    resp = client.post(URL, json={"text": "San Quentin prison photoshoot", "limit": 50})
    ids = {m["claim"]["id"] for m in resp.get_json()["matches"]}
    assert ids and ids <= published and draft_id not in ids
    strict = client.post(URL, json={"text": "San Quentin prison photoshoot", "threshold": 0.99})
    assert all(m["score"] >= 0.99 for m in strict.get_json()["matches"])
    nothing = client.post(
        URL, json={"text": "Penguins migrate across Antarctica", "threshold": 0.5}
    )
    assert nothing.get_json() == {"matches": []}


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({}, 422, "text"),
        ({"text": ""}, 422, "text"),
        ({"text": "   "}, 422, "text"),
        ({"text": "x" * 5001}, 422, "text"),
        ({"text": "fine", "limit": 0}, 422, "limit"),
        ({"text": "fine", "limit": 51}, 422, "limit"),
        ({"text": "fine", "threshold": 2}, 422, "threshold"),
        ({"text": "fine", "extra": 1}, 422, "extra"),
        ({"text": 5}, 422, "text"),
    ],
)
def test_bad_bodies_get_a_problem_with_the_reason(client, body, status, words):
    resp = client.post(URL, json=body)
    assert resp.status_code == status
    assert resp.mimetype == "application/problem+json"
    assert words in resp.get_data(as_text=True)


def test_a_body_that_is_not_json_is_a_400_problem(client):
    resp = client.post(URL, data="text=hello", content_type="application/json")
    assert resp.status_code == 400
    assert resp.mimetype == "application/problem+json"


def test_the_endpoint_is_in_the_openapi_document(client):
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/api/v1/match"]["post"]
    assert "422" in operation["responses"] and "429" in operation["responses"]
    assert "MatchList" in document["components"]["schemas"]
