"""Every desk page renders for a signed-in reviewer on the demo data."""

from __future__ import annotations

from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.models import Article, Claim


def test_desk_pages_render(app, client, demo, login_as):
    login_as("admin", client=client)
    with app.app_context():
        claim_ids = list(db.session.scalars(select(Claim.id)))
        article_ids = list(db.session.scalars(select(Article.id)))
    urls = [
        "/desk/",
        "/desk/?status=published",
        "/desk/?assignee=me",
        "/desk/?tag=dna",
        "/desk/?outlet=Nolo",
        "/desk/articles",
        "/desk/articles/new",
        "/desk/admin/users",
    ]
    urls += [f"/desk/claims/{i}" for i in claim_ids]
    urls += [f"/desk/claims/{i}/history" for i in claim_ids]
    urls += [f"/desk/articles/{i}" for i in article_ids]
    urls += [f"/desk/articles/{i}/edit" for i in article_ids]
    urls += ["/desk/claims/new", f"/desk/claims/new?article_id={article_ids[0]}&exact=x"]
    for url in urls:
        resp = client.get(url)
        assert resp.status_code == 200, (url, resp.status_code, resp.get_data(as_text=True)[:3000])
