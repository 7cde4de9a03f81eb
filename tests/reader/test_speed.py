"""Reader pages cost a fixed number of queries, and repeat views cost one cheap read."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.models import Article, Claimant, Outlet
from tests.conftest import counting_queries


def _pages(app, claim_id: int) -> dict[str, str]:
    with app.app_context():
        claimant = db.session.scalar(select(Claimant.id))
        outlet = db.session.scalar(select(Outlet.id).order_by(Outlet.id))
        article = db.session.scalar(select(Article.id).order_by(Article.id))
    return {
        "home": "/",
        "claim": f"/claims/{claim_id}/x",  # follows one slug redirect first
        "search": "/claims?q=bridge",
        "browse": "/claims?rating=false&tag=bridges",
        "claimant": f"/claimants/{claimant}",
        "outlet": f"/outlets/{outlet}",
        "article": f"/articles/{article}",
        "ratings": "/ratings",
        "atom": "/feed.atom",
        "sitemap": "/sitemap.xml",
        "badge": f"/claims/{claim_id}/badge.svg",
        "oembed": f"/oembed?url=http://localhost/claims/{claim_id}&format=json",
    }


def _count(app, client, path: str) -> int:
    with counting_queries(app) as statements:
        resp = client.get(path, follow_redirects=True)
    assert resp.status_code == 200, path
    return len(statements)


def test_query_count_does_not_grow_with_data(app, client, publish):
    first = publish(2, appearances=1, sources=1)[0]
    small = {name: _count(app, client, path) for name, path in _pages(app, first).items()}
    publish(40, appearances=6, sources=8)
    big = {name: _count(app, client, path) for name, path in _pages(app, first).items()}
    print("queries per page:", small)
    assert big == small
    # And they stay small: the claim page, through its slug redirect, is one read + the page.
    assert small["claim"] <= 10, small
    assert max(small.values()) <= 12, small


def test_claim_page_with_many_appearances_and_sources_is_fixed(app, client, publish):
    lean = publish(1, appearances=1, sources=1)[0]
    heavy = publish(1, appearances=25, sources=30)[0]
    counts = []
    for claim_id in (lean, heavy):
        with counting_queries(app) as statements:
            resp = client.get(f"/claims/{claim_id}", follow_redirects=True)
        assert resp.status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("path", ["claim", "home", "search", "atom", "badge", "claimant"])
def test_matching_etag_gives_304_after_one_cheap_read(app, client, publish, path):
    claim_id = publish(3)[0]
    url = _pages(app, claim_id)[path]
    first = client.get(url, follow_redirects=True)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    assert first.headers["Last-Modified"]
    assert first.headers["Cache-Control"].startswith("public, max-age=")
    final_url = first.request.path + (
        "?" + first.request.query_string.decode() if first.request.query_string else ""
    )
    with counting_queries(app) as statements:
        again = client.get(final_url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.headers["ETag"] == etag
    assert again.get_data() == b""
    # One freshness read (claimant pages also look the claimant up, to check the slug).
    # The claim page's 304 comes from the WSGI fast path, whose one read goes to the
    # driver directly, unseen by SQLAlchemy's events (tests/reader/test_page_cache.py).
    assert len(statements) == {"claimant": 2, "claim": 0}.get(path, 1)
    by_date = client.get(final_url, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert by_date.status_code == 304


def test_etag_changes_when_the_claim_changes(app, client, publish):
    from claimtracker.models import Claim
    from claimtracker.services import claims

    claim_id = publish(1)[0]
    url = f"/claims/{claim_id}"
    page = client.get(url, follow_redirects=True)
    etag = page.headers["ETag"]
    with app.app_context():
        claim = db.session.get(Claim, claim_id)
        claims.add_source(None, claim, url="https://new.example/evidence", title="New evidence")
        db.session.commit()
    again = client.get(page.request.path, headers={"If-None-Match": etag})
    assert again.status_code == 200
    assert "New evidence" in again.get_data(as_text=True)
    assert again.headers["ETag"] != etag


def test_signed_in_responses_are_private(app, client, publish, login_as):
    claim_id = publish(1)[0]
    login_as("reviewer", client=client)
    resp = client.get(f"/claims/{claim_id}", follow_redirects=True)
    assert resp.status_code == 200
    assert resp.headers["Cache-Control"] == "private, no-store"
    assert "ETag" not in resp.headers
