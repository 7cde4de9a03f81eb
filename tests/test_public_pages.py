from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.models import Claim, ClaimStatus

EXPECTED = {
    "Kim Kardashian's team set up the photoshoot outside San Quentin": "Unproven",
    "Photos and video on state property are allowed without permission": "False",
    "Kevin Cooper is 63 years old": "False",
    "DNA testing has been ordered in Kevin Cooper's case": "True",
    "Governor Newsom ended capital punishment in California": "Misleading",
}


def _claim_ids(app) -> dict[str, int]:
    with app.app_context():
        return {c.text: c.id for c in db.session.scalars(select(Claim))}


def test_home_lists_published_claims_with_ratings(client, demo):
    html = client.get("/").get_data(as_text=True)
    for text, rating in EXPECTED.items():
        assert text.replace("'", "&#39;") in html
        assert f">{rating}</span>" in html


@pytest.mark.parametrize("text,rating", sorted(EXPECTED.items()))
def test_claim_page_shows_rating_and_article_link(app, client, demo, text, rating):
    claim_id = _claim_ids(app)[text]
    resp = client.get(f"/claims/{claim_id}", follow_redirects=True)
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert re.search(rf'class="badge rating-[a-z-]+">{re.escape(rating)}</span>', html)
    assert "https://hollywoodunlocked.com/kim-kardashian-says-she-did-not-set-up-photoshoot" in html


def test_unpublished_and_unknown_claims_are_404(app, client, demo):
    with app.app_context():
        claim = db.session.scalars(select(Claim)).first()
        claim.status = ClaimStatus.RESEARCHING.value
        db.session.commit()
        hidden = claim.id
    assert client.get(f"/claims/{hidden}").status_code == 404
    assert client.get("/claims/999999").status_code == 404


def test_summary_markdown_is_rendered_and_sanitised(app, client, demo):
    with app.app_context():
        claim = db.session.scalars(select(Claim)).first()
        claim.current_verdict.summary = (
            "**bold** <script>alert(1)</script> [x](javascript:alert(1))"
        )
        db.session.commit()
        claim_id = claim.id
    html = client.get(f"/claims/{claim_id}", follow_redirects=True).get_data(as_text=True)
    assert "<strong>bold</strong>" in html
    assert "<script>alert(1)</script>" not in html
    assert 'href="javascript:' not in html


def test_healthz(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
