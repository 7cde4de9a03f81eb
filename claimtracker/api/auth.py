"""Bearer-token authentication for API writes (no cookies, so no CSRF)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import g, request
from flask_babel import lazy_gettext as _l

from claimtracker.api.problems import APIError
from claimtracker.models import User
from claimtracker.services import users

CHALLENGE = {"WWW-Authenticate": 'Bearer realm="claimtracker"'}


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def current_api_user() -> User:
    """The user of the request's token. Raises APIError 401."""
    raw = bearer_token()
    if raw is None:
        raise APIError(
            401, _l("send an API token: Authorization: Bearer <token>"), headers=CHALLENGE
        )
    user = users.user_for_token(raw)
    if user is None:
        raise APIError(
            401,
            _l("the token is unknown, revoked or belongs to a disabled account"),
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    return user


def token_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Authenticate before the view runs and keep the user in ``g.api_user``."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        g.api_user = current_api_user()
        return view(*args, **kwargs)

    return wrapped
