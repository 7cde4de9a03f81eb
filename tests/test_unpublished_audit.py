"""A draft claim (and its claimant, outlet, article, sources, notes, tags) is invisible to
anonymous readers on every public page, feed and API route."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.models import Article, User
from claimtracker.services import articles, claims

WORD = "Zyxwquokka"
SECRET = "moonischeese"  # only in the draft's own rows, never in a query we send


@pytest.fixture
def draft(app, demo, make_user) -> dict[str, int]:
    editor = make_user("editor")
    with app.app_context():
        actor = db.session.get(User, editor.id)
        demo_article = db.session.scalars(select(Article).order_by(Article.id)).first()
        claim = claims.create_claim(
            actor,
            text=f"{WORD} says the {SECRET} thing",
            claimant=f"{WORD} {SECRET} Person",
            tags=[WORD.lower()],
        )
        claims.add_source(actor, claim, url=f"https://example.org/{SECRET}", title=SECRET)
        claims.add_note(actor, claim, f"{SECRET} note", public=True)
        article, _ = articles.log_article(
            actor,
            url=f"https://example.org/{SECRET}-article",
            headline=f"{SECRET} headline",
            outlet=f"{SECRET} Outlet",
            origin="imported",
        )
        db.session.flush()
        claims.add_appearance(actor, claim, article, exact="")
        db.session.commit()
        return {
            "claim": claim.id,
            "article": article.id,
            "claimant": claim.claimant_id,
            "outlet": article.outlet_id,
            "demo_article": demo_article.id,
        }


def test_draft_is_on_no_public_route(client, draft):
    ids = draft
    paths = [
        "/",
        "/claims",
        f"/claims?q={WORD}",
        f"/claims?tag={WORD.lower()}",
        f"/claims?claimant={ids['claimant']}",
        f"/claims?outlet={ids['outlet']}",
        f"/claims/{ids['claim']}",
        f"/claims/{ids['claim']}/badge.svg",
        f"/articles/{ids['article']}",
        f"/articles/{ids['demo_article']}",
        f"/claimants/{ids['claimant']}",
        f"/outlets/{ids['outlet']}",
        "/feed.atom",
        "/claimreview.json",
        "/sitemap.xml",
        "/ratings",
        f"/oembed?url=http://localhost/claims/{ids['claim']}",
        "/api/v1/claims",
        f"/api/v1/claims?q={WORD}",
        f"/api/v1/claims/{ids['claim']}",
        "/api/v1/articles",
        f"/api/v1/articles/{ids['article']}",
        "/api/v1/claimants",
        f"/api/v1/claims:search?query={WORD}",
    ]
    for path in paths:
        resp = client.get(path, follow_redirects=True)
        assert resp.status_code < 500, path
        assert SECRET not in resp.get_data(as_text=True).lower(), path


@pytest.mark.parametrize("kind", ["claimant", "outlet"])
def test_owner_with_only_drafts_has_no_page(client, draft, kind):
    """The page of a claimant (or outlet) known only from drafts would name them."""
    assert client.get(f"/{kind}s/{draft[kind]}", follow_redirects=True).status_code == 404


def test_owner_with_a_published_claim_still_has_a_page(client, demo):
    assert client.get("/claimants/1", follow_redirects=True).status_code == 200
    assert client.get("/outlets/1", follow_redirects=True).status_code == 200
