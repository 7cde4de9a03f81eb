"""The navigation shows each role what it may use, and nothing more."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "role,links,hidden",
    [
        ("reviewer", ["/desk/"], ["/desk/import", "/desk/admin/users"]),
        ("editor", ["/desk/", "/desk/import"], ["/desk/admin/users"]),
        ("admin", ["/desk/", "/desk/import", "/desk/admin/users"], []),
    ],
)
def test_nav_links_follow_the_role(app, login_as, role, links, hidden):
    client, _ = login_as(role)
    html = client.get("/").get_data(as_text=True)
    for href in links:
        assert f'href="{href}"' in html
    for href in hidden:
        assert f'href="{href}"' not in html


def test_anonymous_nav_has_no_desk_links(client):
    html = client.get("/").get_data(as_text=True)
    assert 'href="/desk/"' not in html and 'href="/login"' in html


def test_desk_pages_link_the_queue_once(app, login_as):
    """The site nav's "Desk" is the queue; the desk nav must not repeat it as "Queue"."""
    client, _ = login_as("reviewer")
    html = client.get("/desk/articles/new").get_data(as_text=True)
    # The phone menu repeats the header's links (only one of the two is ever displayed):
    # count in the wide header and the page.
    narrow = html.index('<div class="narrow">')
    html = html[:narrow] + html[html.index("</header>", narrow) :]
    assert html.count('href="/desk/"') == 1
    assert 'href="/desk/articles/new"' in html


def test_import_page_has_the_desk_nav(app, login_as):
    """Import is a desk page (merged in from the API branch): it keeps the desk's links."""
    client, _ = login_as("editor")
    html = client.get("/desk/import").get_data(as_text=True)
    assert 'href="/desk/articles/new"' in html and 'href="/desk/articles"' in html


def test_reviewer_is_told_a_published_claim_needs_an_editor(app, demo, login_as):
    client, _ = login_as("reviewer")
    page = client.get("/desk/claims/1").get_data(as_text=True)
    assert "only an editor can change what readers see" in page
    assert 'id="edit-form"' not in page
    from claimtracker.extensions import db
    from claimtracker.models import Claim

    with app.app_context():
        version = db.session.get(Claim, 1).version_id
    refused = client.post(
        "/desk/claims/1/edit", data={"text": "Changed by a reviewer", "version": str(version)}
    )
    assert refused.status_code == 403  # refused for who asked, as the API answers
    assert "propose a correction instead" in refused.get_data(as_text=True)
    assert "Changed by a reviewer" not in client.get("/claims/1/x", follow_redirects=True).get_data(
        as_text=True
    )
    editor, _ = login_as("editor")
    assert 'id="edit-form"' in editor.get("/desk/claims/1").get_data(as_text=True)
