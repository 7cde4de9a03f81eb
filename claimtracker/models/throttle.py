"""Failed sign-ins, kept briefly so every worker process sees the same count."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from claimtracker.models._common import Model, utcnow


class LoginFailure(Model):
    """One failed sign-in: which account was tried (hashed) and from which address.

    The database is the one thing every worker shares on the default setup (no Redis), so a
    limit counted here holds across processes. Rows older than the window are pruned.
    """

    __tablename__ = "login_failure"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: sha256 of the lower-cased address typed, so junk typed by strangers is not kept.
    account: Mapped[str] = mapped_column(String(64), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class RateHit(Model):
    """One counted action from one client address (e.g. a reader's message), kept for the
    window of its limit: the same database-backed count as the sign-in throttle, for
    limits that must hold across every worker process."""

    __tablename__ = "rate_hit"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: What was done ("reader-message").
    scope: Mapped[str] = mapped_column(String(40))
    #: A keyed hash of the client address: the count needs no readable address.
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
