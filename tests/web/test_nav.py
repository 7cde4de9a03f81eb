"""The navigation shows each role what it may use, and nothing more."""

from __future__ import annotations

import pytest

from tests.conftest import login


@pytest.mark.parametrize("role,links,hidden", [
    ("reviewer", ["/desk/"], ["/desk/import", "/desk/admin/users"]),
    ("editor", ["/desk/", "/desk/import"], ["/desk/admin/users"]),
    ("admin", ["/desk/", "/desk/import", "/desk/admin/users"], []),
])
def test_nav_links_follow_the_role(app, make_user, role, links, hidden):
    client = app.test_client()
    login(client, make_user(role).email)
    html = client.get("/").get_data(as_text=True)
    for href in links:
        assert f'href="{href}"' in html
    for href in hidden:
        assert f'href="{href}"' not in html


def test_anonymous_nav_has_no_desk_links(client):
    html = client.get("/").get_data(as_text=True)
    assert 'href="/desk/"' not in html and 'href="/login"' in html


def test_desk_pages_link_the_queue_once(app, make_user):
    """The site nav's "Desk" is the queue; the desk nav must not repeat it as "Queue"."""
    client = app.test_client()
    login(client, make_user("reviewer").email)
    html = client.get("/desk/articles/new").get_data(as_text=True)
    assert html.count('href="/desk/"') == 1
    assert 'href="/desk/articles/new"' in html


def test_import_page_has_the_desk_nav(app, make_user):
    """Import is a desk page (merged in from the API branch): it keeps the desk's links."""
    client = app.test_client()
    login(client, make_user("editor").email)
    html = client.get("/desk/import").get_data(as_text=True)
    assert 'href="/desk/articles/new"' in html and 'href="/desk/articles"' in html
