"""Accounts: creation, password hashing (argon2id), authentication, API tokens."""

from __future__ import annotations

import hashlib
import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from claimtracker.extensions import db
from claimtracker.models import ApiToken, Role, User, utcnow
from claimtracker.services import audit
from claimtracker.services.errors import Forbidden, Invalid, NotFound
from claimtracker.services.messages import lazy_reason

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")
TOKEN_PREFIX = "ct_"  # noqa: S105 - a visible prefix, not a secret


def _hasher() -> PasswordHasher:
    # argon2-cffi's defaults (RFC 9106 low-memory profile) meet OWASP ASVS 5.0.
    return PasswordHasher(
        time_cost=current_app.config["ARGON2_TIME_COST"],
        memory_cost=current_app.config["ARGON2_MEMORY_COST"],
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def check_password_rules(password: str) -> None:
    """Raise Invalid when the password is too short or too long."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid(
            _l("the password needs at least %(least)s characters", least=MIN_PASSWORD_LENGTH),
            field="password",
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise Invalid(_l("the password is too long"), field="password")


def normalise_email(email: str) -> str:
    """Lower-case and validate an email address. Raises Invalid."""
    email = (email or "").strip().lower()
    if (
        not EMAIL_RE.match(email)
        or len(email) > 254
        or not email.isprintable()
        or not _storable(email)
    ):
        raise Invalid(_l("%(email)r is not an email address", email=email), field="email")
    return email


def _storable(text: str) -> bool:
    """False for text the database cannot hold: NUL, or the lone surrogates Python makes
    of undecodable bytes in command-line arguments (surrogateescape)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in text


def _plain_name(name: str, field: str = "name") -> str:
    if not _storable(name):
        raise Invalid(_l("the name contains characters that cannot be stored"), field=field)
    return name.strip()[:120]


def get_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def create_user(
    email: str,
    password: str | None,
    role: Role | str,
    *,
    name: str = "",
    actor: User | None = None,
    active: bool = True,
) -> User:
    """Create an account. Any caller (CLI, admin desk). Raises Invalid (bad email, role,
    password or a duplicate email). ``password`` None makes an account that cannot log in."""
    email = normalise_email(email)
    if isinstance(role, str):
        try:
            role = Role.parse(role)
        except ValueError as err:
            raise Invalid(lazy_reason(err), field="role") from None
    if password is not None:
        check_password_rules(password)
    if get_by_email(email):
        raise Invalid(_l("an account for %(email)s already exists", email=email), field="email")
    user = User(
        email=email,
        name=_plain_name(name),
        role_value=int(role),
        active=active,
        password_hash=hash_password(password) if password is not None else None,
    )
    db.session.add(user)
    audit.record(actor, "user.created", user, changes={"email": email, "role": role.label})
    return user


_DUMMY_HASH: str | None = None


def authenticate(email: str, password: str) -> User | None:
    """Return the active user whose password matches, else None.

    A missing account still costs one hash verification, so timing does not reveal it.
    """
    global _DUMMY_HASH
    user = get_by_email(email or "")
    if user is None or not user.password_hash or not user.active:
        if _DUMMY_HASH is None:
            _DUMMY_HASH = hash_password(secrets.token_urlsafe(16))
        _verify(_DUMMY_HASH, password)
        return None
    if not _verify(user.password_hash, password):
        return None
    if _hasher().check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def _verify(hashed: str, password: str) -> bool:
    try:
        return _hasher().verify(hashed, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def change_password(user: User, current: str, new: str) -> None:
    """Change a password and end every other session. Raises Invalid."""
    if not user.password_hash or not _verify(user.password_hash, current):
        raise Invalid(_l("the current password is wrong"), field="current_password")
    set_password(user, new, actor=user)


def set_password(user: User, new: str, *, actor: User | None) -> None:
    """Set a password (admin reset or change) and rotate the session token."""
    check_password_rules(new)
    user.password_hash = hash_password(new)
    user.rotate_session_token()
    audit.record(actor, "user.password_changed", user)


def logout(user: User) -> None:
    """Rotate the session token so a replayed session cookie is refused."""
    user.rotate_session_token()


def _token_digest(raw: str) -> str:
    # Tokens are 256-bit random values, so a fast hash is enough (no guessing to slow down).
    return hashlib.sha256(raw.encode()).hexdigest()


def create_token(email: str, name: str = "", actor: User | None = None) -> tuple[ApiToken, str]:
    """Create an API token for ``email``; return the row and the raw token, shown once.
    Raises NotFound for an unknown account, Invalid for an inactive one."""
    name = _plain_name(name)
    user = get_by_email(normalise_email(email))
    if user is None:
        raise NotFound(_l("no account for %(email)r", email=email))
    if not user.active:
        raise Invalid(_l("the account %(email)s is disabled", email=email))
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, prefix=raw[:10], token_hash=_token_digest(raw))
    db.session.add(token)
    audit.record(actor or user, "token.created", token, changes={"user": user.email})
    return token, raw


def user_for_token(raw: str) -> User | None:
    """The active user owning an unrevoked token, or None."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _token_digest(raw)))
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    return token.user


def revoke_token(token_id: int, actor: User) -> ApiToken:
    token = db.session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(_l("no such token"))
    token.revoked_at = utcnow()
    audit.record(actor, "token.revoked", token)
    return token


def all_users() -> list[User]:
    """Every account, for the admin desk."""
    return list(db.session.scalars(select(User).order_by(User.email)))


def get(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_l("no account %(user_id)s", user_id=user_id))
    return user


def _require_admin(actor: User) -> None:
    if actor.role < Role.ADMIN:
        raise Forbidden(_l("only an admin can manage accounts"))


def update_account(
    actor: User, user: User, *, role: Role | str | None = None, active: bool | None = None
) -> User:
    """Change an account's role or enable/disable it. Admins only; the last active admin
    cannot be demoted or disabled. Disabling ends the account's sessions and revokes its
    API tokens.
    Raises Forbidden, Invalid."""
    _require_admin(actor)
    if isinstance(role, str):
        try:
            role = Role.parse(role)
        except ValueError as err:
            raise Invalid(lazy_reason(err), field="role") from None
    changes: dict[str, list] = {}
    losing_admin = (
        user.role == Role.ADMIN
        and user.active
        and ((role is not None and role != Role.ADMIN) or active is False)
    )
    if losing_admin:
        admins = db.session.scalar(
            select(func.count())
            .select_from(User)
            .where(User.role_value == int(Role.ADMIN), User.active.is_(True))
        )
        if (admins or 0) <= 1:
            raise Invalid(
                _l("this is the last active admin; make another admin first"), field="role"
            )
    if role is not None and role != user.role:
        changes["role"] = [user.role.label, role.label]
        user.role = role
    if active is not None and active != user.active:
        changes["active"] = [user.active, active]
        user.active = active
        if not active:
            user.rotate_session_token()
            # Re-enabling must not revive tokens that may have leaked with the account:
            # a re-enabled user asks for new ones.
            revoked = _revoke_all_tokens(user)
            if revoked:
                changes["tokens_revoked"] = [revoked, 0]
    if changes:
        audit.record(actor, "user.updated", user, changes=changes)
    return user


def _revoke_all_tokens(user: User) -> int:
    now = utcnow()
    live = [token for token in user.tokens if token.revoked_at is None]
    for token in live:
        token.revoked_at = now
    return len(live)


def reset_password(actor: User, user: User, new: str) -> None:
    """An admin sets a new password for an account (its sessions end). Raises Forbidden,
    Invalid."""
    _require_admin(actor)
    set_password(user, new, actor=actor)
