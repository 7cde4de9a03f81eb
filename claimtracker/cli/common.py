"""What every command shares: failing cleanly, and the role names."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec, TypeVar

import click
from flask import current_app
from flask_babel import gettext
from sqlalchemy import inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from claimtracker.extensions import db
from claimtracker.models import Role

P = ParamSpec("P")
R = TypeVar("R")

ROLE_CHOICES = click.Choice([r.label for r in Role], case_sensitive=False)


def fail(message: str) -> None:
    """Roll back and exit non-zero with a message (nothing half-written)."""
    db.session.rollback()
    raise click.ClickException(message)


def needs_database(command: Callable[P, R]) -> Callable[P, R]:
    """Run ``command`` only when the database answers and has been initialised.

    Otherwise stop with one line and a non-zero exit, before anything touches the
    database, so a mistyped URL or a server that is down never leaves an empty SQLite file
    behind or prints a traceback. Put it below ``@with_appcontext``.
    """

    @functools.wraps(command)
    def checked(*args: P.args, **kwargs: P.kwargs) -> R:
        require_schema()
        return command(*args, **kwargs)

    return checked


def require_schema() -> None:
    """Raise ClickException when the database is missing, unreachable or never initialised."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    is_file = url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:")
    if is_file and not Path(str(url.database)).exists():
        raise click.ClickException(
            gettext(
                "there is no database at %(path)s yet: run `claimtracker init`", path=url.database
            )
        )
    try:
        with db.engine.connect() as connection:
            initialised = inspect(connection).has_table("alembic_version")
    except OperationalError as err:
        reason = str(err.orig).strip().splitlines()[0] if err.orig else type(err).__name__
        where = url.render_as_string(hide_password=True)
        raise click.ClickException(
            gettext(
                "cannot reach the database at %(where)s: %(reason)s", where=where, reason=reason
            )
        ) from None
    if not initialised:
        raise click.ClickException(
            gettext("the database has no tables yet: run `claimtracker init`")
        )
