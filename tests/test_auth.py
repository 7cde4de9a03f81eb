"""Accounts: login, logout ending every session, password change, CSRF, cookie flags."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from claimtracker.config import DefaultConfig
from claimtracker.extensions import db
from claimtracker.models import Role, User
from claimtracker.services import users
from claimtracker.services.errors import Invalid
from tests.conftest import PASSWORD, csrf_token


def test_login_with_right_password(client, login_as):
    login_as("reviewer", client=client)  # it asserts the 302 itself
    assert "Test reviewer (reviewer)" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    "email,password,message",
    [
        ("reviewer1@example.org", "wrong password here", "Wrong email or password."),
        ("nobody@example.org", PASSWORD, "Wrong email or password."),
        ("", "", "This field is required."),
    ],
)
def test_login_refuses_bad_credentials(client, make_user, email, password, message):
    make_user("reviewer")
    resp = client.post("/login", data={"email": email, "password": password})
    assert resp.status_code == 400
    html = resp.get_data(as_text=True)
    assert message in html
    assert "Sign out" not in client.get("/").get_data(as_text=True)


def test_disabled_account_cannot_log_in(app, client, make_user):
    user = make_user("editor")
    with app.app_context():
        db.session.get(User, user.id).active = False
        db.session.commit()
    resp = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert resp.status_code == 400


def test_logout_ends_every_session_and_refuses_replayed_cookie(app, login_as):
    first, user = login_as("reviewer")
    second, _ = login_as(user)
    stolen = first.get_cookie("session").value
    assert "Sign out" in second.get("/").get_data(as_text=True)

    first.post("/logout")
    assert "Sign out" not in second.get("/").get_data(as_text=True)
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    assert "Sign out" not in replay.get("/").get_data(as_text=True)


def test_password_change_ends_other_sessions(app, login_as):
    mine, user = login_as("reviewer")
    other, _ = login_as(user)
    resp = mine.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "a brand new passphrase",
            "confirm": "a brand new passphrase",
        },
    )
    assert resp.status_code == 302
    assert "Sign out" in mine.get("/").get_data(as_text=True)
    assert "Sign out" not in other.get("/").get_data(as_text=True)
    login_as(user, password="a brand new passphrase")
    old = app.test_client().post("/login", data={"email": user.email, "password": PASSWORD})
    assert old.status_code == 400


def test_password_change_refuses_wrong_current_password(app, client, login_as):
    _, user = login_as("reviewer", client=client)
    resp = client.post(
        "/account/password",
        data={
            "current_password": "not my password",
            "new_password": "another long passphrase",
            "confirm": "another long passphrase",
        },
    )
    assert resp.status_code == 400
    assert "the current password is wrong" in resp.get_data(as_text=True)
    login_as(user)  # the old password still works


def test_login_form_requires_csrf_token(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    with app.app_context():
        users.create_user("csrf@example.org", PASSWORD, "reviewer")
        db.session.commit()
    refused = client.post("/login", data={"email": "csrf@example.org", "password": PASSWORD})
    assert refused.status_code == 400
    assert "CSRF" in refused.get_data(as_text=True)

    token = csrf_token(client.get("/login").get_data(as_text=True))
    accepted = client.post(
        "/login", data={"email": "csrf@example.org", "password": PASSWORD, "csrf_token": token}
    )
    assert accepted.status_code == 302


def test_session_cookie_flags(app, client, make_user):
    user = make_user("reviewer")
    resp = client.post("/login", data={"email": user.email, "password": PASSWORD})
    cookie = resp.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    # Served over https, the same cookie is marked Secure.
    resp = app.test_client().post(
        "/login", data={"email": user.email, "password": PASSWORD}, base_url="https://localhost"
    )
    assert "Secure" in resp.headers["Set-Cookie"]


def test_next_parameter_cannot_redirect_offsite(client, make_user):
    user = make_user("reviewer")
    resp = client.post(
        "/login?next=https://evil.example/", data={"email": user.email, "password": PASSWORD}
    )
    assert resp.status_code == 302
    assert "evil.example" not in resp.headers["Location"]


def test_passwords_are_argon2id_and_production_parameters_meet_asvs(ctx):
    user = users.create_user("hash@example.org", PASSWORD, "editor")
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    # OWASP ASVS 5.0 / OWASP cheat sheet minimum for argon2id: m >= 19 MiB, t >= 2.
    assert DefaultConfig.ARGON2_MEMORY_COST >= 19 * 1024
    assert DefaultConfig.ARGON2_TIME_COST >= 2
    assert PasswordHasher().memory_cost <= DefaultConfig.ARGON2_MEMORY_COST


@pytest.mark.parametrize(
    "email,password,role,message",
    [
        ("not-an-email", PASSWORD, "reviewer", "is not an email address"),
        ("ok@example.org", "short", "reviewer", "at least 12 characters"),
        ("ok@example.org", PASSWORD, "boss", "unknown role"),
    ],
)
def test_create_user_refuses_bad_input(ctx, email, password, role, message):
    with pytest.raises(Invalid, match=message):
        users.create_user(email, password, role)
    db.session.rollback()
    assert users.get_by_email("ok@example.org") is None


def test_duplicate_email_is_refused_case_insensitively(ctx):
    users.create_user("Dup@Example.org", PASSWORD, "reviewer")
    db.session.commit()
    with pytest.raises(Invalid, match="already exists"):
        users.create_user("dup@example.org", PASSWORD, "editor")


def test_api_tokens_are_stored_hashed_and_can_be_revoked(ctx):
    user = users.create_user("tok@example.org", PASSWORD, "reviewer")
    db.session.commit()
    token, raw = users.create_token("tok@example.org", "ci")
    db.session.commit()
    assert raw not in token.token_hash and len(token.token_hash) == 64
    assert users.user_for_token(raw).id == user.id
    assert users.user_for_token(raw + "x") is None
    users.revoke_token(token.id, user)
    db.session.commit()
    assert users.user_for_token(raw) is None


def test_forwarded_proto_is_trusted_only_behind_a_configured_proxy(make_app, make_user):
    headers = {"X-Forwarded-Proto": "https"}
    user = make_user("reviewer")
    data = {"email": user.email, "password": PASSWORD}
    direct = make_app().test_client().post("/login", data=data, headers=headers)
    assert "Secure" not in direct.headers["Set-Cookie"]
    proxied_app = make_app(TRUSTED_PROXIES=1)
    proxied = proxied_app.test_client().post("/login", data=data, headers=headers)
    assert "Secure" in proxied.headers["Set-Cookie"]


@pytest.mark.parametrize(
    "target",
    [
        "/\\evil.example/",
        "/\\/evil.example",
        "/\t/evil.example",
        "//evil.example",
        "/%0a/evil.example\n",
    ],
)
def test_next_parameter_backslash_and_control_tricks_stay_onsite(client, make_user, target):
    """Browsers turn "/\\host" and "/<tab>/host" into "//host", another site."""
    user = make_user("reviewer")
    resp = client.post(
        "/login", query_string={"next": target}, data={"email": user.email, "password": PASSWORD}
    )
    assert resp.status_code == 302
    location = resp.headers["Location"]
    assert "evil.example" not in location, location


def test_next_parameter_keeps_same_site_paths(client, make_user):
    user = make_user("reviewer")
    resp = client.post(
        "/login",
        query_string={"next": "/desk/claims/1?x=1"},
        data={"email": user.email, "password": PASSWORD},
    )
    assert resp.headers["Location"] == "/desk/claims/1?x=1"


def test_disabling_an_account_revokes_its_api_tokens_for_good(ctx):
    admin = users.create_user("boss@example.org", PASSWORD, Role.ADMIN)
    user = users.create_user("leaver@example.org", PASSWORD, Role.REVIEWER)
    _token, raw = users.create_token("leaver@example.org", "ci")
    db.session.commit()
    users.update_account(admin, user, active=False)
    db.session.commit()
    assert users.user_for_token(raw) is None
    users.update_account(admin, user, active=True)
    db.session.commit()
    # Re-enabled, the account signs in again, but the old token stays dead.
    assert users.user_for_token(raw) is None
    assert users.authenticate("leaver@example.org", PASSWORD) is not None
