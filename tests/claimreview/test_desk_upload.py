"""The desk's ClaimReview upload form: editors only, CSRF-protected, per-item report."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from claimtracker import create_app
from claimtracker.extensions import db
from claimtracker.models import Claim
from claimtracker.services import ratings, users
from tests.conftest import FIXTURES, PASSWORD, login

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


def test_reviewer_is_forbidden(client, make_user):
    reviewer = make_user("reviewer")
    login(client, reviewer.email)
    assert client.get("/desk/import").status_code == 403


def test_editor_uploads_and_sees_the_report(client, app, make_user):
    editor = make_user("editor")
    login(client, editor.email)
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


def test_unreadable_file_is_a_form_error(client, make_user):
    editor = make_user("editor")
    login(client, editor.email)
    r = _upload(client, "x.txt", b"plain words")
    assert r.status_code == 400 and "neither JSON nor HTML" in r.get_data(as_text=True)


def test_upload_needs_the_csrf_token(app_config, tmp_path):
    app_config["WTF_CSRF_ENABLED"] = True
    app = create_app(app_config)
    with app.app_context():
        ratings.ensure_scale(app.config["RATINGS"])
        users.create_user("ed@example.org", PASSWORD, "editor")
        db.session.commit()
    client = app.test_client()
    form = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    client.post(
        "/login", data={"email": "ed@example.org", "password": PASSWORD, "csrf_token": token}
    )
    content = (CR / "mediemollen-folkets-dk_sea-level-13m_vildledende.json").read_bytes()
    assert _upload(client, "m.json", content).status_code == 400
    page = client.get("/desk/import").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    r = _upload(client, "m.json", content, csrf_token=token)
    assert r.status_code == 200 and "1 imported" in r.get_data(as_text=True)


@pytest.mark.parametrize(
    "content",
    [b"[" * 100_000, b'<script type="application/ld+json">' + b"[" * 100_000 + b"</script>"],
)
def test_deeply_nested_upload_is_a_form_error(client, make_user, content):
    """json.loads raised RecursionError past ~1,000 levels: a 500 instead of a message."""
    login(client, make_user("editor").email)
    r = _upload(client, "deep.json", content)
    assert r.status_code == 400 and "nested too deeply" in r.get_data(as_text=True)
