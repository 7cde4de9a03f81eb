"""Pages for staff are never stored by a browser or proxy; /healthz is never cached."""

from __future__ import annotations


def test_desk_admin_and_sign_in_pages_are_private_no_store(client, login_as, demo):
    assert client.get("/login").headers["Cache-Control"] == "private, no-store"
    login_as("admin", client=client)
    for path in ("/desk/", "/desk/admin/users", "/desk/articles/1", "/desk/claims/1"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "private, no-store", path


def test_healthz_is_no_store_even_for_anonymous_readers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_reader_pages_keep_their_public_caching(client, demo):
    response = client.get("/claims/1", follow_redirects=True)
    assert response.status_code == 200
    assert "public" in response.headers["Cache-Control"]
