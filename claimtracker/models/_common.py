"""Column helpers shared by the models."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import DateTime, Enum
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


def status_type(kind: type[enum.StrEnum], length: int = 20) -> Enum:
    """A column type that stores an enum's *values* in a VARCHAR(``length``), as the
    schema always did (no CHECK constraint, no native enum: nothing to migrate), and loads
    them back as members, so code and templates get ``ClaimStatus.PUBLISHED`` (with its
    ``label``) rather than a bare string. Strings are still accepted on the way in."""
    return Enum(
        kind,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=_values,
    )


def _values(kind: Any) -> list[str]:
    return [member.value for member in kind]
