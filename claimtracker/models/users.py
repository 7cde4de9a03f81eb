"""Accounts: users with roles, and hashed API tokens."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from claimtracker.i18n import N_, Message
from claimtracker.models._common import Model, created_at_column


class Role(enum.IntEnum):
    """Roles in increasing privilege; compare with ``>=``."""

    REVIEWER = 1
    EDITOR = 2
    ADMIN = 3

    @classmethod
    def parse(cls, name: str) -> Role:
        """Return the role called ``name`` (case-insensitive). Raises ValueError."""
        try:
            return cls[name.strip().upper()]
        except KeyError:
            choices = ", ".join(r.name.lower() for r in cls)
            raise ValueError(
                Message(
                    N_("unknown role %(role)r; choose one of %(choices)s"),
                    role=name,
                    choices=choices,
                )
            ) from None

    @property
    def label(self) -> str:
        return self.name.lower()


def new_session_token() -> str:
    return secrets.token_urlsafe(24)


class User(UserMixin, Model):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    role_value: Mapped[int] = mapped_column("role", default=int(Role.REVIEWER))
    # None means the account cannot log in with a password (e.g. demo authors).
    password_hash: Mapped[str | None] = mapped_column(String(255))
    # Rotated on logout and password change: a replayed session cookie then fails.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = created_at_column()

    tokens: Mapped[list[ApiToken]] = relationship(back_populates="user")

    @property
    def role(self) -> Role:
        return Role(self.role_value)

    @role.setter
    def role(self, value: Role) -> None:
        self.role_value = int(value)

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    def get_id(self) -> str:  # Flask-Login: the session names the user *and* the token
        return f"{self.id}:{self.session_token}"

    def rotate_session_token(self) -> None:
        """End every existing session of this user."""
        self.session_token = new_session_token()

    @property
    def display_name(self) -> str:
        return self.name or self.email

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role.label}>"


class ApiToken(Model):
    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    # The first characters, shown in listings so a person can tell tokens apart.
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = created_at_column()
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship(back_populates="tokens")
