"""Sign-in throttle shared by every worker: failures are counted in the database.

Flask-Limiter counts in memory unless Redis is configured, so with ``make run``'s two
workers an attacker got twice the allowance. The database is shared on every setup, so
the throttle lives there: a failed sign-in is a row, and the count is a query.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, or_, select

from claimtracker.extensions import db
from claimtracker.models import LoginFailure, RateHit, utcnow


def _account_key(email: str) -> str:
    return hashlib.sha256((email or "").strip().lower().encode("utf-8", "replace")).hexdigest()


def _window() -> timedelta:
    return timedelta(seconds=int(current_app.config["LOGIN_THROTTLE_SECONDS"]))


def is_blocked(email: str, address: str) -> bool:
    """True when this account or this address has failed too often within the window."""
    since = utcnow() - _window()
    account = _account_key(email)
    counts = db.session.execute(
        select(
            func.count().filter(LoginFailure.account == account),
            func.count().filter(LoginFailure.address == address),
        ).where(
            LoginFailure.at >= since,
            or_(LoginFailure.account == account, LoginFailure.address == address),
        )
    ).one()
    config = current_app.config
    return (
        counts[0] >= config["LOGIN_FAILURES_PER_ACCOUNT"]
        or counts[1] >= config["LOGIN_FAILURES_PER_ADDRESS"]
    )


def record_failure(email: str, address: str) -> None:
    """Count one failed sign-in, and forget those older than the window (caller commits)."""
    db.session.execute(delete(LoginFailure).where(LoginFailure.at < utcnow() - _window()))
    db.session.add(LoginFailure(account=_account_key(email), address=address[:64]))


def clear_account(email: str) -> None:
    """Forget an account's failures once its owner has signed in (caller commits)."""
    db.session.execute(delete(LoginFailure).where(LoginFailure.account == _account_key(email)))


def address_key(address: str) -> str:
    """A keyed hash of a client address: counts match per address, yet the table never
    holds a reader's address in a form anyone can read back."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, (address or "").encode("utf-8", "replace"), "sha256").hexdigest()


def allow(scope: str, address: str, limit: int, window_seconds: int) -> bool:
    """Count one ``scope`` action from ``address`` unless it already made ``limit`` within
    the window (then False, and nothing is counted). The count lives in the database, so
    every worker process shares it, as with sign-ins. The caller commits."""
    now = utcnow()
    since = now - timedelta(seconds=window_seconds)
    key = address_key(address)
    db.session.execute(delete(RateHit).where(RateHit.scope == scope, RateHit.at < since))
    used = db.session.scalar(
        select(func.count()).where(
            RateHit.scope == scope, RateHit.address == key, RateHit.at >= since
        )
    )
    if (used or 0) >= limit:
        return False
    db.session.add(RateHit(scope=scope, address=key, at=now))
    return True
