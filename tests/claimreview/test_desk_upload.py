"""The desk's ClaimReview upload form: editors only, CSRF-protected, per-item report."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from claimtracker.extensions import db
from claimtracker.models import Claim
from tests.conftest import FIXTURES, csrf_token

CR = FIXTURES / "claimreview"


def _upload(client, name: str, content: bytes, **extra):
    return client.post(
        "/desk/import",
        data={"file": (io.BytesIO(content), name), **extra},
        content_type="multipart/form-data",
    )


def test_anonymous_is_sent_to_login(client):
    r = client.get("/desk/import")
    assert r.status_code == 302 and "/login" in r.headers["Location"]


def test_reviewer_is_forbidden(client, login_as):
    login_as("reviewer", client=client)
    assert client.get("/desk/import").status_code == 403


def test_editor_uploads_and_sees_the_report(client, app, login_as):
    _, editor = login_as("editor", client=client)
    assert client.get("/desk/import").status_code == 200
    page = (CR / "embedded_polygraph-info_al-tanf-rukban.html").read_bytes()
    r = _upload(client, "polygraph.html", page)
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert "1 imported, 0 updated, 0 skipped." in html
    assert "publisher: False" in html
    r = _upload(
        client,
        "mediareview.json",
        (CR / "schemaorg_eg-0467_politifact-mediareview-NOT-claimreview.json").read_bytes(),
    )
    assert "MediaReview is not a ClaimReview" in r.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Claim)) == 1
        claim = db.session.scalar(select(Claim))
        assert claim.current_verdict.approver.email == editor.email
        assert claim.current_verdict.author_id is None


def test_unreadable_file_is_a_form_error(client, login_as):
    login_as("editor", client=client)
    r = _upload(client, "x.txt", b"plain words")
    assert r.status_code == 400 and "neither JSON nor HTML" in r.get_data(as_text=True)


class TestWithCsrfOn:
    """As in production: the form's token is required."""

    @pytest.fixture
    def app_config(self, app_config: dict) -> dict:
        app_config["WTF_CSRF_ENABLED"] = True
        return app_config

    def test_upload_needs_the_csrf_token(self, login_as):
        client, _ = login_as("editor")  # reads the login form's token first
        content = (CR / "mediemollen-folkets-dk_sea-level-13m_vildledende.json").read_bytes()
        assert _upload(client, "m.json", content).status_code == 400
        token = csrf_token(client.get("/desk/import").get_data(as_text=True))
        r = _upload(client, "m.json", content, csrf_token=token)
        assert r.status_code == 200 and "1 imported" in r.get_data(as_text=True)


@pytest.mark.parametrize(
    "content",
    [b"[" * 100_000, b'<script type="application/ld+json">' + b"[" * 100_000 + b"</script>"],
)
def test_deeply_nested_upload_is_a_form_error(client, login_as, content):
    """json.loads raised RecursionError past ~1,000 levels: a 500 instead of a message."""
    login_as("editor", client=client)
    r = _upload(client, "deep.json", content)
    assert r.status_code == 400 and "nested too deeply" in r.get_data(as_text=True)


def _own_review(publisher: dict) -> bytes:
    import json

    return json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": "https://elsewhere.example/checks/1",
            "claimReviewed": "The moon is made of cheese",
            "author": {"@type": "Organization", **publisher},
            "reviewRating": {"@type": "Rating", "alternateName": "False"},
            "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Someone"}},
        }
    ).encode()


@pytest.mark.parametrize(
    "publisher",
    [
        {"name": "test fact desk"},  # our ORGANISATION_NAME, in another case
        {"name": "A look-alike", "url": "https://www.factdesk.example/about"},  # our host
    ],
)
def test_an_editor_cannot_publish_in_our_name_through_an_upload(client, app, login_as, publisher):
    login_as("editor", client=client)
    html = _upload(client, "own.json", _own_review(publisher)).get_data(as_text=True)
    assert "0 imported, 0 updated, 1 skipped." in html
    assert "second editor signs them off" in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Claim)) == 0


def test_another_organisations_review_still_imports(client, app, login_as):
    login_as("editor", client=client)
    content = _own_review({"name": "Other Checkers", "url": "https://other.example/"})
    html = _upload(client, "theirs.json", content).get_data(as_text=True)
    assert "1 imported, 0 updated, 0 skipped." in html
