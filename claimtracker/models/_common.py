"""Column helpers shared by the models."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import DateTime
from sqlalchemy.orm import Mapped, mapped_column

from claimtracker.extensions import db

if TYPE_CHECKING:
    # Flask-SQLAlchemy builds db.Model at run time, out of mypy's sight; the declarative base
    # it is built from carries the same mapping types.
    from claimtracker.extensions import Base as Model
else:
    Model = db.Model


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def created_at_column() -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)
