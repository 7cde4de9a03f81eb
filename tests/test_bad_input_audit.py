"""Audit of bad input across the desk, public pages and API: ids too large for the
database, odd digits and other junk are refused with a 4xx and change nothing."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from claimtracker.extensions import db
from claimtracker.ids import MAX_ID, not_above, parse_id
from claimtracker.models import AuditEvent, Claim, Note, Source

TOO_BIG = str(MAX_ID + 1)  # fits SQLite, overflows PostgreSQL's 32-bit integer
HUGE = str(2**63)  # overflows SQLite's INTEGER too


def _counts(app) -> tuple[int, ...]:
    with app.app_context():
        return tuple(
            db.session.scalar(select(func.count()).select_from(m))
            for m in (Claim, Source, Note, AuditEvent)
        )


@pytest.mark.parametrize(
    "value,expected",
    [
        ("1", 1),
        (" 42 ", 42),
        (str(MAX_ID), MAX_ID),
        (TOO_BIG, None),
        (HUGE, None),
        ("1" * 5000, None),
        ("²", None),
        ("١", None),
        ("-1", None),
        ("1e3", None),
        ("", None),
        (None, None),
        ("0x1", None),
    ],
)
def test_parse_id(value, expected):
    assert parse_id(value) == expected


@pytest.mark.parametrize("limit", [0, 7, 10, 99, 305, 2000, MAX_ID])
def test_the_route_pattern_for_ids_stops_exactly_at_the_limit(limit):
    pattern = re.compile(not_above(limit) + r"\Z")
    near = {0, 1, 9, 10, 11, 99, 100, 101} | {limit + d for d in range(-12, 13)}
    for number in sorted(n for n in near if n >= 0):
        assert bool(pattern.match(str(number))) == (number <= limit), number


@pytest.mark.parametrize("big", [TOO_BIG, HUGE, "9" * 30])
@pytest.mark.parametrize(
    "path",
    [
        "/claims/{}",
        "/claims/{}/slug",
        "/claims/{}/badge.svg",
        "/articles/{}",
        "/claimants/{}",
        "/outlets/{}",
        "/api/v1/claims/{}",
    ],
)
def test_public_ids_too_large_are_404(client, demo, path, big):
    assert client.get(path.format(big)).status_code == 404


@pytest.mark.parametrize(
    "method,path",
    [
        ("GET", "/desk/claims/{}"),
        ("GET", "/desk/claims/{}/history"),
        ("GET", "/desk/articles/{}"),
        ("GET", "/desk/articles/{}/edit"),
        ("POST", "/desk/claims/{}/edit"),
        ("POST", "/desk/claims/{}/status"),
        ("POST", "/desk/claims/{}/notes"),
        ("POST", "/desk/claims/{}/sources"),
        ("POST", "/desk/verdicts/{}/sign-off"),
        ("GET", "/desk/admin/users/{}"),
    ],
)
def test_desk_ids_too_large_are_404(app, demo, login_as, method, path):
    client, _ = login_as("admin")
    before = _counts(app)
    for big in (TOO_BIG, HUGE):
        assert client.open(path.format(big), method=method, data={}).status_code == 404
    assert _counts(app) == before


@pytest.mark.parametrize("field", ["parent_id", "version"])
@pytest.mark.parametrize("value", [TOO_BIG, HUGE, "1" * 5000, "²"])
def test_desk_form_ids_refused_without_500(app, demo, login_as, field, value):
    client, _ = login_as("admin")
    before = _counts(app)
    data = {"body": "a note", "version": "1", field: value}
    resp = client.post("/desk/claims/1/notes", data=data)
    assert resp.status_code < 500
    if field == "parent_id":  # an unknown parent: refused, nothing written
        assert _counts(app) == before


@pytest.mark.parametrize(
    "query",
    [
        {"assignee": TOO_BIG},
        {"assignee": "1" * 5000},
        {"assignee": "²"},
        {"page": "²"},
    ],
)
def test_desk_queue_odd_numbers(app, demo, login_as, query):
    client, _ = login_as("editor")
    assert client.get("/desk/", query_string=query).status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        {"article_id": TOO_BIG},
        {"article_id": "1" * 5000},
        {"article_id": "²"},
    ],
)
def test_desk_new_claim_bad_article_id(app, demo, login_as, query):
    """A bad article id is an unknown article (404), not a claim without its article."""
    client, _ = login_as("editor")
    before = _counts(app)
    assert client.get("/desk/claims/new", query_string=query).status_code == 404
    data = {"text": "A claim", "claimant_name": "Someone", "confirmed": "1", **query}
    assert client.post("/desk/claims/new", data=data).status_code == 404
    assert _counts(app) == before


@pytest.mark.parametrize("path", ["/claims?claimant=²", "/claims?outlet=²", "/claimants/1?page=²"])
def test_public_odd_digits(client, demo, path):
    assert client.get(path, follow_redirects=True).status_code == 200


@pytest.mark.parametrize(
    "path,body",
    [
        ("/api/v1/articles", '{"url": "https://example.org/a", "text": "\\ud800 text"}'),
        ("/api/v1/claims", '{"text": "A claim \\udfff"}'),
        ("/api/v1/claims/1/notes", '{"body": "note \\ud83d"}'),
        ("/api/v1/claims/1/sources", '{"url": "https://example.org/s", "title": "\\ud800"}'),
    ],
)
def test_api_refuses_lone_surrogates(app, demo, make_user, path, body):
    """JSON's \\ud800 escapes decode to strings no UTF-8 encoder accepts: a 422, not a 500."""
    from tests.api.helpers import bearer, token_for

    token = token_for(app, make_user("editor").email)
    before = _counts(app)
    resp = app.test_client().post(
        path, data=body, content_type="application/json", headers=bearer(token)
    )
    assert resp.status_code == 422
    assert "surrogate" in resp.get_data(as_text=True)
    assert _counts(app)[:3] == before[:3]


@pytest.mark.parametrize("claim_id", [TOO_BIG, "999999999999", "٣"])
def test_oembed_ids_too_large_are_404(client, demo, claim_id):
    resp = client.get("/oembed", query_string={"url": f"http://localhost/claims/{claim_id}"})
    assert resp.status_code == 404


@pytest.mark.parametrize(
    "path,data",
    [
        ("/login", {"email": "a\x00@example.org", "password": "x" * 12}),
        ("/desk/claims/1/notes", {"body": "a\x00b"}),
        ("/desk/admin/users", {"email": "a\x00@example.org", "password": "x" * 12}),
    ],
)
def test_nul_bytes_in_forms_refused(app, demo, login_as, path, data):
    """PostgreSQL rejects NUL even in a WHERE clause: the login form gave a 500."""
    client = app.test_client()
    if path.startswith("/desk"):
        login_as("admin", client=client)
    before = _counts(app)
    resp = client.post(path, data=data)
    assert resp.status_code == 400
    assert "NUL character" in resp.get_data(as_text=True)
    assert _counts(app) == before


@pytest.mark.parametrize(
    "args",
    [
        {"tag": "a\x00b"},
        {"rating": "\x00"},
        {"q": "moon\x00"},
        {"from": "2019\x00"},
    ],
)
def test_nul_bytes_in_search_are_dropped(client, demo, args):
    """The public search reads its parameters leniently: NUL is dropped, not a 500 on
    PostgreSQL (the tag and rating filters reached the database with it)."""
    assert client.get("/claims", query_string=args).status_code == 200


def test_search_params_drop_nul():
    from claimtracker.search.query import parse_args

    query, _ = parse_args({"tag": "a\x00b", "rating": "fa\x00lse"})
    assert (query.tag, query.rating) == ("ab", "false")


def test_long_non_latin_names_fit_their_slug_columns(ctx):
    """200 CJK characters slugify to ~1,000 ("zhong-zhong-..."): PostgreSQL refused the
    row (varchar(200)) with a 500 on the claim form, the API and imports."""
    from claimtracker.services import articles, claims

    claimant = claims.get_or_create_claimant("中" * 200)
    outlet = articles.get_or_create_outlet("中" * 200)
    db.session.flush()
    assert 0 < len(claimant.slug) <= 200 and 0 < len(outlet.slug) <= 200


def test_canonical_url_that_grows_past_the_column_is_refused():
    from claimtracker.ingest.urls import InvalidURL, canonical_url

    url = "https://example.org/?q=" + "é" * 2000  # 2,023 characters, 12,000 once encoded
    with pytest.raises(InvalidURL, match="longer than 2048"):
        canonical_url(url)


def test_desk_claim_with_long_cjk_claimant(app, login_as):
    client, _ = login_as("editor")
    resp = client.post(
        "/desk/claims/new", data={"text": "A claim", "claimant_name": "中" * 200, "confirmed": "1"}
    )
    assert resp.status_code == 302


def test_wayback_link_for_a_very_long_url_is_refused(app, demo, login_as):
    """The Wayback prefix pushed a 2,048-character source URL past archive_url's column."""
    client, _ = login_as("editor")
    before = _counts(app)
    url = "https://example.org/" + "a" * 2020
    resp = client.post(
        "/desk/claims/1/sources",
        data={"url": url, "title": "t", "stance": "context", "wayback": "y"},
    )
    assert resp.status_code == 400
    assert "too long for a Wayback" in resp.get_data(as_text=True)
    assert _counts(app) == before


def test_control_characters_do_not_break_the_atom_feed(app, make_user, client):
    """A \\x01 in a published claim or summary made /feed.atom invalid XML for everyone."""
    import xml.etree.ElementTree as ET

    from claimtracker.models import User
    from claimtracker.services import claims, verdicts

    reviewer, editor = make_user("reviewer"), make_user("editor")
    with app.app_context():
        claim = claims.create_claim(db.session.get(User, reviewer.id), text="Bell\x07 claim")
        verdict = verdicts.propose(
            db.session.get(User, reviewer.id),
            claim,
            rating="False",
            summary="Start\x01 of \x1bthe summary",
        )
        db.session.commit()
        verdicts.sign_off(verdict.id, db.session.get(User, editor.id))
        db.session.commit()
    for path in ("/feed.atom", "/sitemap.xml"):
        body = client.get(path).get_data(as_text=True)
        ET.fromstring(body.encode())  # raises on an invalid XML character
    assert "Bell claim" in client.get("/feed.atom").get_data(as_text=True)
