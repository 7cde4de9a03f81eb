"""The ``claimtracker`` console script: a Flask CLI group over the same services."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy import select
from tqdm import tqdm

from claimtracker.config import ConfigError
from claimtracker.extensions import db
from claimtracker.models import Role, User, utcnow
from claimtracker.services import demo as demo_service
from claimtracker.services import ratings, users
from claimtracker.services.errors import ServiceError

ROLE_CHOICES = click.Choice([r.label for r in Role], case_sensitive=False)


def _create_app():  # type: ignore[no-untyped-def]
    from claimtracker import create_app

    try:
        return create_app()
    except ConfigError as err:
        click.echo(f"Error: {err}", err=True)
        sys.exit(2)


def fail(message: str) -> None:
    """Roll back and exit non-zero with a message (nothing half-written)."""
    db.session.rollback()
    raise click.ClickException(message)


def register_commands(app) -> None:  # type: ignore[no-untyped-def]
    """Attach the project's commands to ``app.cli``."""
    from claimtracker.cli_interop import export_command, import_command
    from claimtracker.cli_seed import seed_command
    from claimtracker.jobs.cli import recheck_command, worker_command

    for command in (
        init_command,
        demo_command,
        users_group,
        tokens_group,
        import_command,
        export_command,
        backup_command,
        reindex_command,
        seed_command,
        worker_command,
        recheck_command,
    ):
        app.cli.add_command(command)


@click.command("init")
@with_appcontext
def init_command() -> None:
    """Create or upgrade the database schema and the rating scale."""
    from flask_migrate import upgrade

    upgrade(directory=current_app.extensions["migrate"].directory)
    try:
        ratings.ensure_scale(current_app.config["RATINGS"])
        db.session.commit()
    except ServiceError as err:
        fail(f"the rating scale was not saved: {err}")
    click.echo("Database is up to date.")


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Load only when the database has no claims.")
@with_appcontext
def demo_command(if_empty: bool) -> None:
    """Load the San Quentin demo case (idempotent)."""
    if if_empty and not demo_service.database_is_empty():
        click.echo("The database already has claims; demo not loaded.")
        return
    missing = demo_service.missing_ratings(current_app.config["RATINGS"])
    if missing and if_empty:
        # `make run` passes --if-empty: a site with its own rating scale should still be
        # served, just without the demo, rather than stop at this step.
        click.echo(f"Demo not loaded: the rating scale (RATINGS) has no {', '.join(missing)}.")
        return
    try:
        with tqdm(
            total=demo_service.steps(), desc="Loading demo", unit="item", disable=None
        ) as bar:
            result = demo_service.load(progress=bar.update)
        db.session.commit()
    except ServiceError as err:
        fail(f"demo not loaded, nothing was written: {err}")
    click.echo(
        f"Demo loaded: {result.articles} new articles, {result.claims} new claims, "
        f"{result.skipped} already present."
    )


@click.command("backup")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the copy (default: instance/backups/<timestamp>).",
)
@with_appcontext
def backup_command(output: Path | None) -> None:
    """Write a consistent copy of the database (SQLite backup API, or pg_dump)."""
    from claimtracker.services.backup import backup

    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    if output is None:
        stamp = utcnow().strftime("%Y%m%dT%H%M%SZ")
        suffix = ".sqlite" if url.startswith("sqlite") else ".dump"
        output = Path(current_app.instance_path) / "backups" / f"claimtracker-{stamp}{suffix}"
    try:
        written = backup(url, output)
    except ServiceError as err:
        raise click.ClickException(str(err)) from None
    click.echo(f"Backup written to {written}")


@click.command("reindex")
@with_appcontext
def reindex_command() -> None:
    """Rebuild the full-text search index (after changes made outside claimtracker)."""
    from claimtracker.services import search_index

    written = search_index.rebuild(db.session.connection())
    db.session.commit()
    click.echo(f"Search index rebuilt: {written} claims.")


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
def users_create(email: str, role: str, name: str, password_stdin: bool) -> None:
    """Create an account with a role: reviewer, editor or admin."""
    password = _read_password(password_stdin)
    try:
        user = users.create_user(email, password, role, name=name)
        db.session.commit()
    except ServiceError as err:
        fail(str(err))
    click.echo(f"Created {user.email} ({user.role.label}).")


@users_group.command("ensure-admin")
@with_appcontext
def users_ensure_admin() -> None:
    """Create the local admin account unless an admin exists.

    The password comes from CLAIMTRACKER_ADMIN_PASSWORD, or is generated and printed once.
    """
    admin = db.session.scalar(select(User).where(User.role_value == int(Role.ADMIN)).limit(1))
    if admin is not None:
        click.echo(f"Admin account: {admin.email}")
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
        fail(f"admin account not created: {err}")
    click.echo(f"Created admin account {email}.")
    if generated:
        click.echo(f"Its password (shown once, store it now): {password}")


@click.group("tokens")
def tokens_group() -> None:
    """Manage API tokens."""


@tokens_group.command("create")
@click.argument("email")
@click.option("--name", default="", help="What the token is for.")
@with_appcontext
def tokens_create(email: str, name: str) -> None:
    """Create an API token for EMAIL and print it once (only its hash is stored)."""
    try:
        _, raw = users.create_token(email, name)
        db.session.commit()
    except ServiceError as err:
        fail(str(err))
    click.echo(raw)


cli = FlaskGroup(create_app=_create_app, add_default_commands=True, help=__doc__)


def main() -> None:
    """Console-script entry point."""
    cli.main(prog_name="claimtracker")
