"""Helpers shared by the API tests."""

from __future__ import annotations

from flask import Flask

from claimtracker.extensions import db
from claimtracker.services import users


def token_for(app: Flask, email: str) -> str:
    with app.app_context():
        _, raw = users.create_token(email, "test")
        db.session.commit()
        return raw


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
