"""Helpers shared by the API tests."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from claimtracker.extensions import db
from claimtracker.services import users


def token_for(app: Flask, email: str) -> str:
    with app.app_context():
        _, raw = users.create_token(email, "test")
        db.session.commit()
        return raw


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def proposed_verdict(client: FlaskClient, token: str, text: str = "Something") -> dict[str, Any]:
    """A new claim with a True verdict proposed on it over the API, both by ``token``'s
    user: the verdict as the API returns it (its ``id`` and ``version`` for a sign-off)."""
    claim = client.post("/api/v1/claims", headers=bearer(token), json={"text": text}).json
    return client.post(
        f"/api/v1/claims/{claim['id']}/verdicts",
        headers=bearer(token),
        json={"rating": "True", "summary": "ok"},
    ).json
