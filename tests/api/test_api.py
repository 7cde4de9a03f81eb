"""The JSON API: public reads (published only), token writes through the desk's services,
and problem details for every error."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from claimtracker.extensions import db
from claimtracker.models import ApiToken, Claim, Verdict, utcnow
from tests.api.helpers import bearer, proposed_verdict, token_for

PROBLEM = "application/problem+json"
ARTICLE_TEXT = (
    "The mayor said on Monday that crime has fallen by half since 2020. "
    "Critics disagreed with the figure."
)


@pytest.fixture
def tokens(app, make_user):
    reviewer, editor = make_user("reviewer"), make_user("editor")
    return {"reviewer": token_for(app, reviewer.email), "editor": token_for(app, editor.email)}


def _publish_one(client, tokens) -> int:
    """The whole write path over HTTP: article, claim, source, note, verdict, sign-off."""
    r = client.post(
        "/api/v1/articles",
        headers=bearer(tokens["reviewer"]),
        json={
            "url": "https://news.example/mayor?utm_source=x",
            "text": ARTICLE_TEXT,
            "headline": "Mayor on crime",
            "outlet": "Example News",
            "published": "2024-05-06",
        },
    )
    assert r.status_code == 201, r.json
    article = r.json
    assert article["url"] == "https://news.example/mayor" and article["has_text"]
    r = client.post(
        "/api/v1/claims",
        headers=bearer(tokens["reviewer"]),
        json={
            "text": "Crime has fallen by half since 2020",
            "claimant": "The Mayor",
            "claimed": "2024-05-06",
            "tags": ["Crime"],
            "appearances": [
                {"article_id": article["id"], "exact": "crime has fallen by half since 2020"}
            ],
        },
    )
    assert r.status_code == 201, r.json
    claim = r.json
    assert claim["status"] == "draft" and claim["appearances"][0]["quote_status"] == "verbatim"
    r = client.post(
        f"/api/v1/claims/{claim['id']}/sources",
        headers=bearer(tokens["reviewer"]),
        json={
            "url": "https://stats.example/crime",
            "title": "Crime statistics",
            "stance": "refutes",
        },
    )
    assert r.status_code == 201, r.json
    r = client.post(
        f"/api/v1/claims/{claim['id']}/notes",
        headers=bearer(tokens["reviewer"]),
        json={"body": "Checked the police figures."},
    )
    assert r.status_code == 201 and r.json["public"] is False
    r = client.post(
        f"/api/v1/claims/{claim['id']}/verdicts",
        headers=bearer(tokens["reviewer"]),
        json={"rating": "Mostly false", "summary": "It fell by a fifth."},
    )
    assert r.status_code == 201 and r.json["status"] == "proposed"
    verdict_id, version = r.json["id"], r.json["version"]
    r = client.post(
        f"/api/v1/verdicts/{verdict_id}/sign-off",
        headers=bearer(tokens["editor"]),
        json={"version": version},
    )
    assert r.status_code == 200, r.json
    assert r.json["status"] == "published" and f"/claims/{claim['id']}/" in r.json["url"]
    return claim["id"]


def test_write_path_then_public_detail(client, tokens):
    claim_id = _publish_one(client, tokens)
    r = client.get(f"/api/v1/claims/{claim_id}")
    assert r.status_code == 200
    body = r.json
    assert body["url"].startswith(f"http://localhost/claims/{claim_id}/")
    assert client.get(body["url"]).status_code == 200
    assert body["rating"] == {"label": "Mostly false", "value": 2}
    assert body["summary"] == "It fell by a fifth." and body["claimant"] == "The Mayor"
    (appearance,) = body["appearances"]
    assert appearance["article"] == {
        "id": appearance["article"]["id"],
        "url": "https://news.example/mayor",
        "title": "Mayor on crime",
        "outlet": "Example News",
        "published": "2024-05-06",
    }
    assert appearance["quote"]["exact"] == "crime has fallen by half since 2020"
    assert appearance["quote"]["prefix"].endswith("on Monday that ")
    assert appearance["link"] == (
        "https://news.example/mayor#:~:text=crime%20has%20fallen%20by%20half%20since%202020"
    )
    assert body["sources"][0]["stance"] == "refutes"
    assert [h["rating"]["label"] for h in body["history"]] == ["Mostly false"]
    assert r.headers["ETag"]
    assert (
        client.get(
            f"/api/v1/claims/{claim_id}", headers={"If-None-Match": r.headers["ETag"]}
        ).status_code
        == 304
    )


def test_lists_and_filters(client, tokens):
    claim_id = _publish_one(client, tokens)
    client.post("/api/v1/claims", headers=bearer(tokens["reviewer"]), json={"text": "Draft"})
    listing = client.get("/api/v1/claims").json
    assert [c["id"] for c in listing["items"]] == [claim_id]  # the draft is not public
    assert listing["total"] == 1 and listing["next"] is None
    for query, hits in [
        ("rating=mostly-false", 1),
        ("rating=True", 0),
        ("claimant=the-mayor", 1),
        ("outlet=example-news", 1),
        ("tag=crime", 1),
        ("q=fallen%20half", 1),
        ("q=zebra", 0),
        ("from=2024-05-06&to=2024-05-06", 1),
        ("to=2024-05-05", 0),
        ("claimant=The%20Mayor", 1),
    ]:
        assert client.get(f"/api/v1/claims?{query}").json["total"] == hits, query
    claimant_id = client.get("/api/v1/claimants").json["items"][0]["id"]
    assert client.get(f"/api/v1/claims?claimant={claimant_id}").json["total"] == 1
    articles = client.get("/api/v1/articles").json
    assert articles["items"][0]["claims"] == [claim_id]
    assert client.get(f"/api/v1/articles/{articles['items'][0]['id']}").status_code == 200
    assert client.get("/api/v1/claimants").json["items"][0]["name"] == "The Mayor"
    ratings = {r["label"]: r["claims"] for r in client.get("/api/v1/ratings").json["items"]}
    assert ratings["Mostly false"] == 1 and ratings["True"] == 0


def test_pagination(client, app, tokens):
    for _ in range(3):
        _publish_one_copy(client, tokens)
    page = client.get("/api/v1/claims?per_page=2").json
    assert page["total"] == 3 and len(page["items"]) == 2
    assert "page=2" in page["next"]
    assert len(client.get(page["next"]).json["items"]) == 1


_counter = iter(range(1000))


def _publish_one_copy(client, tokens):
    n = next(_counter)
    verdict = proposed_verdict(client, tokens["reviewer"], f"Claim number {n}")
    client.post(
        f"/api/v1/verdicts/{verdict['id']}/sign-off",
        headers=bearer(tokens["editor"]),
        json={"version": verdict["version"]},
    )


def test_unpublished_claim_is_404_problem(client, tokens):
    claim = client.post(
        "/api/v1/claims", headers=bearer(tokens["reviewer"]), json={"text": "Draft"}
    ).json
    r = client.get(f"/api/v1/claims/{claim['id']}")
    assert r.status_code == 404 and r.mimetype == PROBLEM
    assert r.json["status"] == 404 and r.json["title"] == "Not Found"
    assert r.json["type"] == "about:blank" and "no published claim" in r.json["detail"]


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer ct_nope"}, {"Authorization": "Basic abc"}]
)
def test_writes_need_a_valid_token(client, headers):
    r = client.post("/api/v1/claims", headers=headers, json={"text": "x"})
    assert r.status_code == 401 and r.mimetype == PROBLEM
    assert "WWW-Authenticate" in r.headers


def test_revoked_token_is_refused(client, app, tokens):
    with app.app_context():
        for token in db.session.scalars(select(ApiToken)):
            token.revoked_at = utcnow()
        db.session.commit()
    r = client.post("/api/v1/claims", headers=bearer(tokens["reviewer"]), json={"text": "x"})
    assert r.status_code == 401


def test_reviewer_cannot_sign_off_and_author_cannot_either(client, tokens):
    verdict = proposed_verdict(client, tokens["editor"])
    url, read = f"/api/v1/verdicts/{verdict['id']}/sign-off", {"version": verdict["version"]}
    r = client.post(url, headers=bearer(tokens["reviewer"]), json=read)
    assert r.status_code == 403 and r.mimetype == PROBLEM
    r = client.post(url, headers=bearer(tokens["editor"]), json=read)
    assert r.status_code == 403 and "second editor" in r.json["detail"]


def test_second_sign_off_is_a_conflict(client, app, make_user, tokens):
    other_editor = make_user("editor")
    verdict = proposed_verdict(client, tokens["reviewer"])
    url, read = f"/api/v1/verdicts/{verdict['id']}/sign-off", {"version": verdict["version"]}
    assert client.post(url, headers=bearer(tokens["editor"]), json=read).status_code == 200
    r = client.post(url, headers=bearer(token_for(app, other_editor.email)), json=read)
    assert r.status_code == 409 and r.mimetype == PROBLEM


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"{not json", "application/json", 400),
        (b"[1, 2]", "application/json", 400),
        (b'"text"', "application/json", 400),
        (b"text=hello", "application/x-www-form-urlencoded", 400),
        (b'{"text": 5}', "application/json", 422),
        (b'{"text": "ok", "surprise": 1}', "application/json", 422),
        (b'{"text": "ok", "claimed": "2024-02-31"}', "application/json", 422),
        (
            b'{"text": "ok", "appearances": [{"article_id": 999, "exact": "x"}]}',
            "application/json",
            422,
        ),
        (b'{"text": "' + b"x" * 400 + b'"}', "application/json", 422),
        (b'{"text": "nul \\u0000 inside"}', "application/json", 422),
    ],
)
def test_bad_bodies_are_problems_not_500s(client, tokens, body, content_type, status):
    r = client.post(
        "/api/v1/claims", headers=bearer(tokens["reviewer"]), data=body, content_type=content_type
    )
    assert r.status_code == status, r.json
    assert r.mimetype == PROBLEM and r.json["status"] == status


def test_field_errors_are_listed(client, tokens):
    r = client.post("/api/v1/claims", headers=bearer(tokens["reviewer"]), json={"text": 5})
    assert r.json["errors"] == [{"field": "text", "detail": "5 is not of type 'string'"}]


def test_oversize_body_is_413(client, app, tokens):
    app.config["API_MAX_BODY_BYTES"] = 1000
    r = client.post(
        "/api/v1/articles",
        headers=bearer(tokens["reviewer"]),
        json={"url": "https://n.example/a", "text": "x" * 5000},
    )
    assert r.status_code == 413 and r.mimetype == PROBLEM


def test_url_only_article_is_fetched_through_the_safe_fetcher(app, client, tokens):
    from tests.pageserver import Page, serve
    from tests.seed import SEED_URL_PATH, seed_html

    refused = client.post(
        "/api/v1/articles",
        headers=bearer(tokens["reviewer"]),
        json={"url": "http://127.0.0.1:9/private"},
    )
    assert refused.status_code == 422 and "loopback" in refused.json["detail"]
    app.config["FETCH_ALLOWED_HOSTS"] = ["127.0.0.1"]
    with serve({SEED_URL_PATH: Page(seed_html().encode())}) as site:
        r = client.post(
            "/api/v1/articles",
            headers=bearer(tokens["reviewer"]),
            json={"url": site.base + SEED_URL_PATH + "?utm_source=x"},
        )
        # Accepted at once; the worker fetches it (run here in-process).
        assert r.status_code == 202, r.json
        assert r.headers["Location"] == f"/api/v1/jobs/{r.json['id']}"
        assert (r.json["state"], r.json["article"]) == ("pending", None)
        from claimtracker.jobs import runner

        with app.app_context():
            assert runner.run_due() == 1
    job = client.get(r.headers["Location"], headers=bearer(tokens["reviewer"])).json
    assert job["state"] == "done" and job["article"].startswith("/api/v1/articles/")
    assert client.get(r.headers["Location"]).status_code == 401  # jobs need a token
    from claimtracker.models import Article

    with app.app_context():
        article = db.session.get(Article, job["result"]["article_id"])
        assert "Kardashian" in article.headline and "utm_source" not in article.url


def test_article_from_html(client, tokens):
    html = (
        "<html><head><title>Budget day</title></head><body><article><h1>Budget day</h1>"
        + "<p>The minister said the budget is balanced for the first time in years.</p>" * 5
        + "</article></body></html>"
    )
    r = client.post(
        "/api/v1/articles",
        headers=bearer(tokens["reviewer"]),
        json={"url": "https://n.example/budget", "html": html},
    )
    assert r.status_code == 201 and r.json["has_text"], r.json
    again = client.post(
        "/api/v1/articles",
        headers=bearer(tokens["reviewer"]),
        json={"url": "https://n.example/budget", "text": "other"},
    )
    assert again.status_code == 200 and again.json["created"] is False


def test_service_error_rolls_back_the_request(client, app, tokens):
    r = client.post(
        "/api/v1/claims",
        headers=bearer(tokens["reviewer"]),
        json={"text": "Half written", "appearances": [{"article_id": 12345, "exact": "x"}]},
    )
    assert r.status_code == 422 and r.json["errors"][0]["field"] == "appearances.0.article_id"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Claim)) == 0
        assert db.session.scalar(select(func.count()).select_from(Verdict)) == 0


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/api/v1/nothing", 404),
        ("get", "/api/v1/claims/2147483648", 404),
        ("delete", "/api/v1/claims", 405),
        ("get", "/api/v1/claims?page=0", 400),
        ("get", "/api/v1/claims?per_page=abc", 400),
        ("get", "/api/v1/claims?from=yesterday", 400),
        ("get", "/api/v1/claims/99999", 404),
    ],
)
def test_routing_and_query_errors_are_problems(client, method, path, status):
    r = getattr(client, method)(path)
    assert r.status_code == status and r.mimetype == PROBLEM


def test_html_pages_keep_html_errors(client):
    r = client.get("/no-such-page")
    assert r.status_code == 404 and r.mimetype == "text/html"


def test_api_is_csrf_exempt(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        from claimtracker.services import ratings, users

        ratings.ensure_scale(app.config["RATINGS"])
        users.create_user("csrf@example.org", "correct horse battery staple", "reviewer")
        db.session.commit()
    token = token_for(app, "csrf@example.org")
    r = app.test_client().post("/api/v1/claims", headers=bearer(token), json={"text": "x"})
    assert r.status_code == 201


def test_openapi_document_lists_every_route(client, app):
    doc = client.get("/api/v1/openapi.json").json
    assert doc["openapi"].startswith("3.1")
    documented = {(path, method) for path, ops in doc["paths"].items() for method in ops}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/") and rule.endpoint != "api_v1.openapi_document":
            path = re.sub(r"<int:(\w+)>", r"{\1}", rule.rule)
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert (path, method.lower()) in documented, (path, method)


def test_q_searches_the_full_text_index(client, demo):
    """The API's q is the reader pages' search: words from quotes and summaries match."""
    by_quote = client.get("/api/v1/claims?q=capital punishment").json
    assert [c["text"] for c in by_quote["items"]] == [
        "Governor Newsom ended capital punishment in California"
    ]
    by_summary = client.get("/api/v1/claims?q=reprieved").json  # only in the summary
    assert [c["text"] for c in by_summary["items"]] == [
        "Governor Newsom ended capital punishment in California"
    ]
    assert client.get('/api/v1/claims?q="unbalanced AND(').status_code == 200
