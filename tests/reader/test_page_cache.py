"""The render cache and the WSGI fast path never serve a stale claim page.

Each kind of write anywhere the claim page shows is made through the services (or the
ORM, for a claimant rename, which has no service yet), and the very next anonymous
request must show it — not the cached rendering from before, and not a 304 for the old
ETag. The cache must also really be used: repeat views are answered without the app.
"""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import select

from claimtracker.config import DEFAULT_RATINGS
from claimtracker.extensions import db
from claimtracker.models import Appearance, Claim, Role, User
from claimtracker.services import articles, claims, ratings, users, verdicts
from claimtracker.web import page_cache


@pytest.fixture
def reached(app):
    """How many requests reached the Flask app (the fast path answers the others)."""
    seen: list[str] = []

    @app.before_request
    def count():  # type: ignore[no-untyped-def]
        from flask import request

        seen.append(request.path)

    return seen


@pytest.fixture
def page(app, client, publish, reached):
    """A published claim's canonical path, rendered once so the cache holds it."""
    claim_id = publish(1)[0]
    first = client.get(f"/claims/{claim_id}", follow_redirects=True)
    assert first.status_code == 200
    path = first.request.path
    warm = client.get(path)
    assert warm.status_code == 200
    reached.clear()
    cached = client.get(path)
    assert cached.get_data() == warm.get_data()
    assert reached == [], "a repeat anonymous view should come from the render cache"
    return claim_id, path, cached


def _editor(email: str) -> User:
    return users.get_by_email(email) or users.create_user(email, None, Role.EDITOR, active=False)


def _verdict(claim: Claim, rating: str, reason: str, note: str) -> None:
    author, approver = _editor("author-ed@example.org"), _editor("approver-ed@example.org")
    verdict = verdicts.propose(
        author, claim, rating=rating, summary=f"New summary {note}", reason=reason, reason_note=note
    )
    db.session.flush()
    verdicts.sign_off(verdict.id, approver)


def write_verdict(app, claim: Claim) -> str:
    _verdict(claim, "Misleading", "update", "update-note-7f3")
    return "update-note-7f3"


def write_correction(app, claim: Claim) -> str:
    _verdict(claim, "Unproven", "correction", "correction-note-91a")
    return "correction-note-91a"


def write_source(app, claim: Claim) -> str:
    claims.add_source(None, claim, url="https://evidence.example/new", title="Source-title-5be")
    return "Source-title-5be"


def write_appearance(app, claim: Claim) -> str:
    article, _ = articles.log_article(
        None,
        url="https://news.example/new-appearance",
        headline="Headline-of-new-appearance-c21",
        outlet="Another Outlet",
        published_on=date(2021, 3, 4),
        text="She said the bridge fell down twice in one year.",
    )
    claims.add_appearance(None, claim, article, exact="the bridge fell down twice")
    return "Headline-of-new-appearance-c21"


def write_article_metadata(app, claim: Claim) -> str:
    article = db.session.scalar(
        select(Appearance).where(Appearance.claim_id == claim.id).order_by(Appearance.id)
    ).article
    editor = _editor("metadata-ed@example.org")
    articles.correct_metadata(
        editor, article, article.version_id, headline="Corrected-headline-0d9"
    )
    return "Corrected-headline-0d9"


def write_claimant_rename(app, claim: Claim) -> str:
    claim.claimant.name = "Renamed-claimant-44e"
    return "Renamed-claimant-44e"


def write_rating_scale(app, claim: Claim) -> str:
    label = claim.current_verdict.rating.label
    scale = [dict(r) for r in DEFAULT_RATINGS]
    for item in scale:
        if item["label"] == label:
            item["label"] = label.upper()  # same slug: the rating is renamed in place
    ratings.ensure_scale(scale)
    return label.upper()


def write_settings(app, claim: Claim) -> str:
    app.config["ORGANISATION_NAME"] = "Renamed-desk-6c0"
    return "Renamed-desk-6c0"


WRITES = [
    write_verdict,
    write_correction,
    write_source,
    write_appearance,
    write_article_metadata,
    write_claimant_rename,
    write_rating_scale,
    write_settings,
]


@pytest.mark.parametrize("write", WRITES, ids=lambda w: w.__name__.removeprefix("write_"))
def test_no_stale_page_after_a_write(app, client, page, reached, write):
    claim_id, path, before = page
    etag = before.headers["ETag"]
    with app.app_context():
        claim = db.session.get(Claim, claim_id)
        shown = write(app, claim)
        db.session.commit()
    assert shown not in before.get_data(as_text=True)
    after = client.get(path)
    assert after.status_code == 200
    assert shown in after.get_data(as_text=True)
    assert after.headers["ETag"] != etag
    # A reader holding the old page is not told it is still current.
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 200
    # And the new version is what the cache now serves.
    reached.clear()
    again = client.get(path)
    assert again.get_data() == after.get_data()
    assert reached == []


def test_fast_path_answers_match_the_app(app, client, page, reached):
    _claim_id, path, cached = page
    app.config["PAGE_CACHE"] = "off"
    app.extensions.pop("page_cache", None)
    rendered = client.get(path)
    assert reached == [path]
    assert rendered.get_data() == cached.get_data()
    assert dict(rendered.headers) == dict(cached.headers)
    # A 304 comes from the fast path whatever the cache setting, with the same headers.
    reached.clear()
    early = client.get(path, headers={"If-None-Match": cached.headers["ETag"]})
    assert early.status_code == 304 and reached == []
    assert early.headers["ETag"] == cached.headers["ETag"]
    assert early.headers["Content-Security-Policy"] == cached.headers["Content-Security-Policy"]


def test_signed_in_readers_never_get_the_cached_page(app, client, page, reached, login_as):
    _claim_id, path, cached = page
    _, user = login_as("reviewer", client=client)
    reached.clear()
    mine = client.get(path)
    assert reached == [path]
    assert mine.headers["Cache-Control"] == "private, no-store"
    # the personal chrome: who is signed in, and the sign-out button
    html = mine.get_data(as_text=True)
    assert f'<span class="who">{user.name} (reviewer)</span>' in html and "Sign out" in html
    assert mine.get_data() != cached.get_data()


def test_wrong_slug_and_unknown_claims_go_to_the_app(app, client, page, reached):
    claim_id, _path, _cached = page
    reached.clear()
    assert client.get(f"/claims/{claim_id}/not-the-slug").status_code == 301
    assert client.get("/claims/999999/anything").status_code == 404
    assert len(reached) == 2


def test_redis_store_round_trip():
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    prefix = f"claimtracker-test:{uuid.uuid4().hex}:"
    store = page_cache.RedisStore(url, prefix=prefix)
    try:
        assert store.get("k") is None
        store.put("k", b"<p>page</p>")
        assert store.get("k") == b"<p>page</p>"
        assert 0 < store.client.ttl(prefix + "k") <= page_cache.MAX_AGE_SECONDS
    finally:
        store.client.delete(prefix + "k")


def test_unreachable_redis_is_a_miss_not_an_error():
    store = page_cache.RedisStore("redis://127.0.0.1:1/0")
    store.put("k", b"x")
    assert store.get("k") is None


def test_file_store_prunes_old_entries(tmp_path):
    store = page_cache.FileStore(tmp_path)
    store.put("ab" + "0" * 62, b"old")
    assert store.get("ab" + "0" * 62) == b"old"
    assert store.prune(max_age=-1) == 1
    assert store.get("ab" + "0" * 62) is None
