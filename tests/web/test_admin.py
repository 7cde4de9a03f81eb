"""Admins manage accounts from the desk; nobody else can."""

from __future__ import annotations

from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.models import AuditEvent, Role, User
from tests.conftest import PASSWORD


def test_only_admins_reach_account_pages(login_as):
    for role in ("reviewer", "editor"):
        client, _ = login_as(role)
        assert client.get("/desk/admin/users").status_code == 403
        assert (
            client.post(
                "/desk/admin/users",
                data={"email": "x@example.org", "role": "admin", "password": PASSWORD},
            ).status_code
            == 403
        )


def test_admin_creates_changes_disables_and_resets(app, login_as):
    admin, admin_user = login_as("admin")
    resp = admin.post(
        "/desk/admin/users",
        data={"email": "New@Example.org", "name": "New", "role": "reviewer", "password": PASSWORD},
    )
    assert resp.status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "new@example.org"))
        user_id = user.id
    newcomer, _ = login_as(user)
    assert newcomer.get("/desk/").status_code == 200

    assert (
        admin.post(
            f"/desk/admin/users/{user_id}", data={"u-role": "editor", "u-active": "y"}
        ).status_code
        == 302
    )
    with app.app_context():
        assert db.session.get(User, user_id).role == Role.EDITOR

    # disabling ends the account's sessions at once
    assert admin.post(f"/desk/admin/users/{user_id}", data={"u-role": "editor"}).status_code == 302
    assert newcomer.get("/desk/").status_code == 302
    refused = newcomer.post("/login", data={"email": "new@example.org", "password": PASSWORD})
    assert refused.status_code == 400

    admin.post(f"/desk/admin/users/{user_id}", data={"u-role": "editor", "u-active": "y"})
    resp = admin.post(
        f"/desk/admin/users/{user_id}/password", data={"pw-password": "a brand new passphrase"}
    )
    assert resp.status_code == 302
    login_as(user, client=newcomer, password="a brand new passphrase")
    with app.app_context():
        actions = db.session.scalars(
            select(AuditEvent.action).where(
                AuditEvent.entity_id == user_id, AuditEvent.entity_type == "user"
            )
        ).all()
        assert actions == [
            "user.created",
            "user.updated",
            "user.updated",
            "user.updated",
            "user.password_changed",
        ]
        assert (
            db.session.scalar(
                select(AuditEvent.actor_id).where(AuditEvent.action == "user.password_changed")
            )
            == admin_user.id
        )


def test_admin_bad_input_is_refused(app, login_as):
    admin, admin_user = login_as("admin")
    cases = [
        ({"email": "not-an-email", "role": "reviewer", "password": PASSWORD}, "is not an email"),
        (
            {"email": "a@example.org", "role": "reviewer", "password": "short"},
            "at least 12 characters",
        ),
        ({"email": admin_user.email, "role": "reviewer", "password": PASSWORD}, "already exists"),
        ({"email": "b@example.org", "role": "god", "password": PASSWORD}, "Not a valid choice"),
    ]
    for data, message in cases:
        resp = admin.post("/desk/admin/users", data=data)
        assert resp.status_code == 400
        assert message in resp.get_data(as_text=True)
    with app.app_context():
        assert len(db.session.scalars(select(User)).all()) == 1
    # the last admin cannot demote or disable themself
    resp = admin.post(
        f"/desk/admin/users/{admin_user.id}", data={"u-role": "reviewer", "u-active": "y"}
    )
    assert resp.status_code == 400 and "last active admin" in resp.get_data(as_text=True)
    resp = admin.post(f"/desk/admin/users/{admin_user.id}/password", data={"pw-password": "tiny"})
    assert resp.status_code == 400 and "at least 12" in resp.get_data(as_text=True)
    assert admin.get("/desk/admin/users/999").status_code == 404
