"""Issue 12, trust signals: who checked a claim, rating-first titles, the share card,
the organisation's pages and the site's chrome."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.models import AuditEvent, PageRevision
from claimtracker.rendering.card import HEIGHT, WIDTH, share_card
from claimtracker.services import org_pages
from tests.conftest import csrf_token


def _page(client, claim_id: int) -> str:
    response = client.get(f"/claims/{claim_id}", follow_redirects=True)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _meta(html: str, attr: str, name: str) -> str:
    found = re.search(rf'<meta {attr}="{re.escape(name)}" content="([^"]*)"', html)
    assert found, f"no {name} meta"
    return found.group(1)


def test_titles_carry_the_rating_first(client, publish):
    claim_id = publish(1)[0]  # rating "Mostly true" (RATINGS[1])
    html = _page(client, claim_id)
    title = re.search(r"<title>([^<]*)</title>", html).group(1)
    assert title.startswith("Mostly true: Claim number 1 about bridges"), title
    assert _meta(html, "property", "og:title") == "Mostly true: Claim number 1 about bridges"
    assert _meta(html, "name", "twitter:title") == "Mostly true: Claim number 1 about bridges"
    assert _meta(html, "property", "og:image").endswith(f"/claims/{claim_id}/card.png")
    assert _meta(html, "name", "twitter:card") == "summary_large_image"


def test_claim_page_names_who_researched_and_who_signed_off(client, publish):
    html = _page(client, publish(1)[0])
    credits = re.search(r'<p class="credits">(.*?)</p>', html, re.S).group(1)
    assert "Pop reviewer" in credits and "Pop editor" in credits
    # Never an email address, even though every account has one.
    assert "@example.org" not in html


def test_a_setting_hides_the_names(make_app, publish):
    claim_id = publish(1)[0]
    client = make_app(SHOW_REVIEWER_NAMES=False).test_client()
    html = _page(client, claim_id)
    assert "Pop reviewer" not in html and "Pop editor" not in html
    assert "Researched and signed off by the desk." in html


def test_share_card_is_a_png_of_the_right_size_and_is_cached(app, client, publish):
    claim_id = publish(1)[0]
    first = client.get(f"/claims/{claim_id}/card.png")
    assert first.status_code == 200 and first.mimetype == "image/png"
    image = Image.open(io.BytesIO(first.data))
    assert image.size == (WIDTH, HEIGHT)
    # The rating band is drawn in the rating's colour (top-left corner).
    assert image.getpixel((5, 5)) != (255, 255, 255)
    etag = first.headers["ETag"]
    again = client.get(f"/claims/{claim_id}/card.png", headers={"If-None-Match": etag})
    assert again.status_code == 304
    # The second render comes from the shared store: same bytes.
    assert client.get(f"/claims/{claim_id}/card.png").data == first.data
    assert client.get("/claims/999999/card.png").status_code == 404


def test_share_card_differs_by_rating_and_survives_long_text():
    a = share_card("False", "#cf222e", "Short claim", "Org")
    b = share_card("True", "#1a7f37", "Short claim", "Org")
    assert a != b
    long = share_card("Mostly false", "#bc4c00", "word " * 400 + "x" * 300, "O" * 300)
    assert Image.open(io.BytesIO(long)).size == (WIDTH, HEIGHT)
    # A colour that is not a hex colour falls back instead of failing.
    assert share_card("X", "red; drop", "c", "o").startswith(b"\x89PNG")


@pytest.mark.parametrize("slug", org_pages.SLUGS)
def test_organisation_pages_have_defaults_and_footer_links(client, slug):
    response = client.get(f"/{slug}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f"<h1>{org_pages.DEFAULTS[slug].title}</h1>" in html
    footer = html[html.index('<footer class="site">') :]
    for other in org_pages.SLUGS:
        assert f'href="/{other}"' in footer
    assert "Powered by claimtracker" in footer


def test_header_shows_the_organisation_not_the_software(make_app):
    client = make_app(ORGANISATION_NAME="Example Fact Desk").test_client()
    html = client.get("/").get_data(as_text=True)
    assert '<a class="brand" href="/">Example Fact Desk</a>' in html


def test_methodology_includes_the_rating_scale_for_readers(client):
    old = client.get("/ratings")
    assert old.status_code == 301 and old.headers["Location"].endswith("/methodology#ratings")
    html = client.get("/methodology").get_data(as_text=True)
    assert 'id="ratings"' in html
    for label in ("True", "Mostly true", "Misleading", "Mostly false", "False", "Unproven"):
        assert f">{label}</span>" in html
    assert "5 of 5" in html
    # Written for readers: no schema.org vocabulary.
    assert "ratingValue" not in html and "bestRating" not in html


def test_admin_edits_a_page_with_history_and_sanitised_markdown(app, client, login_as):
    admin, user = login_as("admin")
    form = admin.get("/desk/admin/pages/about")
    assert form.status_code == 200
    token = csrf_token(form.get_data(as_text=True))
    body = "## Funding\n\nWe are funded by [readers](javascript:alert(1)).\n\n<script>x()</script>"
    saved = admin.post(
        "/desk/admin/pages/about", data={"csrf_token": token, "title": "Who we are", "body": body}
    )
    assert saved.status_code == 302
    html = client.get("/about").get_data(as_text=True)
    assert "<h1>Who we are</h1>" in html and "<h2>Funding</h2>" in html
    assert 'href="javascript:' not in html and "<script>x()" not in html
    assert "&lt;script&gt;" in html
    admin.post(
        "/desk/admin/pages/about", data={"csrf_token": token, "title": "About", "body": "v2"}
    )
    assert "<h1>About</h1>" in client.get("/about").get_data(as_text=True)
    with app.app_context():
        revisions = db.session.scalars(select(PageRevision).order_by(PageRevision.id)).all()
        assert [r.title for r in revisions] == ["Who we are", "About"]
        assert all(r.author_id == user.id for r in revisions)
        assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.action == "page.saved"))
    listing = admin.get("/desk/admin/pages/about").get_data(as_text=True)
    assert "Who we are" in listing  # the history lists the earlier revision


def test_page_edits_are_refused_to_editors_and_bad_input_gets_a_reason(app, login_as):
    editor, _ = login_as("editor")
    assert editor.get("/desk/admin/pages/about").status_code == 403
    admin, _ = login_as("admin")
    token = csrf_token(admin.get("/desk/admin/pages/about").get_data(as_text=True))
    empty = admin.post(
        "/desk/admin/pages/about", data={"csrf_token": token, "title": "x", "body": "   "}
    )
    assert empty.status_code == 400 and 'class="error"' in empty.get_data(as_text=True)
    huge = admin.post(
        "/desk/admin/pages/about",
        data={"csrf_token": token, "title": "x", "body": "a" * (org_pages.MAX_BODY + 1)},
    )
    assert huge.status_code == 400
    assert admin.get("/desk/admin/pages/nope").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(PageRevision.id)) is None
