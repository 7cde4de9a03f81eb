"""With CSRF on (as in production), every desk form carries a token and works."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.models import Article, Claim
from tests.conftest import csrf_token


@pytest.fixture
def app_config(app_config: dict) -> dict:
    app_config["WTF_CSRF_ENABLED"] = True
    return app_config


def test_every_post_form_has_a_csrf_token(app, demo, login_as):
    client, admin = login_as("admin")
    with app.app_context():
        claim_id = db.session.scalar(select(Claim.id))
        article_id = db.session.scalar(select(Article.id).where(Article.text.is_not(None)))
    for url in (
        f"/desk/claims/{claim_id}",
        "/desk/articles/new",
        f"/desk/articles/{article_id}",
        f"/desk/articles/{article_id}/edit",
        "/desk/admin/users",
        f"/desk/admin/users/{admin.id}",
    ):
        html = client.get(url).get_data(as_text=True)
        forms = re.findall(r'<form method="post".*?</form>', html, flags=re.S)
        assert forms, url
        for form in forms:
            assert re.search(r'name="(\w+-)?csrf_token"', form), (url, form[:200])
    # a post without the token is refused, with a token it works
    html = client.get(f"/desk/claims/{claim_id}").get_data(as_text=True)
    assert client.post(f"/desk/claims/{claim_id}/notes", data={"body": "x"}).status_code == 400
    resp = client.post(
        f"/desk/claims/{claim_id}/notes", data={"body": "x", "csrf_token": csrf_token(html)}
    )
    assert resp.status_code == 302
    # prefixed forms (two on one page) carry "f-csrf_token", which CSRFProtect accepts
    html = client.get("/desk/articles/new").get_data(as_text=True)
    token = csrf_token(html, prefix="f-")
    resp = client.post(
        "/desk/articles/fetch", data={"f-url": "ftp://x.org/", "f-csrf_token": token}
    )
    assert resp.status_code == 400 and "only http" in resp.get_data(as_text=True)


def test_every_non_api_post_route_refuses_a_missing_token(app, demo, login_as):
    """Walk the url_map: each state-changing route outside /api answers 400 (CSRF) to a
    signed-in admin's post without a token, and nothing is written."""
    from sqlalchemy import func

    from claimtracker.models import AuditEvent

    client, _ = login_as("admin")
    with app.app_context():
        events = db.session.scalar(select(func.count()).select_from(AuditEvent))
    checked = []
    for rule in app.url_map.iter_rules():
        unsafe = rule.methods & {"POST", "PUT", "PATCH", "DELETE"}
        if not unsafe or rule.rule.startswith("/api/"):
            continue
        path = rule.rule
        for arg in rule.arguments:
            path = re.sub(rf"<(?:\w+(?:\([^)]*\))?:)?{arg}>", "1", path)
        for method in unsafe:
            resp = client.open(path, method=method, data={"body": "x", "email": "a@b.org"})
            assert resp.status_code == 400, (method, path, resp.status_code)
            assert "CSRF" in resp.get_data(as_text=True), (method, path)
            checked.append(path)
    assert "/login" in checked and "/desk/import" in checked and len(checked) > 15
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == events
    # the session survived (the /logout post was refused too)
    assert client.get("/desk/").status_code == 200
