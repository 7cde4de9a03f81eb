"""``users`` and ``tokens``: accounts and API tokens."""

from __future__ import annotations

import os
import secrets
import sys

import click
from flask.cli import with_appcontext
from flask_babel import gettext
from sqlalchemy import select

from claimtracker.cli.common import ROLE_CHOICES, fail, needs_database
from claimtracker.extensions import db
from claimtracker.models import Role, User
from claimtracker.services import users
from claimtracker.services.errors import ServiceError


@click.group("users")
def users_group() -> None:
    """Manage accounts."""


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@users_group.command("create")
@click.argument("email")
@click.option("--role", type=ROLE_CHOICES, required=True)
@click.option("--name", default="", help="Display name.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
@needs_database
def users_create(email: str, role: str, name: str, password_stdin: bool) -> None:
    """Create an account with a role: reviewer, editor or admin."""
    password = _read_password(password_stdin)
    try:
        user = users.create_user(email, password, role, name=name)
        db.session.commit()
    except ServiceError as err:
        fail(str(err))
    click.echo(gettext("Created %(email)s (%(role)s).", email=user.email, role=user.role.label))


@users_group.command("ensure-admin")
@with_appcontext
@needs_database
def users_ensure_admin() -> None:
    """Create the local admin account unless an admin exists.

    The password comes from CLAIMTRACKER_ADMIN_PASSWORD, or is generated and printed once.
    """
    admin = db.session.scalar(select(User).where(User.role_value == int(Role.ADMIN)).limit(1))
    if admin is not None:
        click.echo(gettext("Admin account: %(email)s", email=admin.email))
        return
    email = os.environ.get("CLAIMTRACKER_ADMIN_EMAIL", "admin@claimtracker.localhost")
    password = os.environ.get("CLAIMTRACKER_ADMIN_PASSWORD")
    generated = password is None
    if generated:
        password = secrets.token_urlsafe(18)
    try:
        users.create_user(email, password, Role.ADMIN, name="Administrator")
        db.session.commit()
    except ServiceError as err:
        fail(gettext("admin account not created: %(reason)s", reason=err))
    click.echo(gettext("Created admin account %(email)s.", email=email))
    if generated:
        click.echo(
            gettext("Its password (shown once, store it now): %(password)s", password=password)
        )


@click.group("tokens")
def tokens_group() -> None:
    """Manage API tokens."""


@tokens_group.command("create")
@click.argument("email")
@click.option("--name", default="", help="What the token is for.")
@with_appcontext
@needs_database
def tokens_create(email: str, name: str) -> None:
    """Create an API token for EMAIL and print it once (only its hash is stored)."""
    try:
        _, raw = users.create_token(email, name)
        db.session.commit()
    except ServiceError as err:
        fail(str(err))
    click.echo(raw)
