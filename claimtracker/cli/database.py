"""``init``, ``demo``, ``backup`` and ``reindex``: the database and what is in it."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext
from tqdm import tqdm

from claimtracker.cli.common import fail, needs_database
from claimtracker.extensions import db
from claimtracker.models import utcnow
from claimtracker.services import demo as demo_service
from claimtracker.services import ratings
from claimtracker.services.errors import ServiceError


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
        fail(gettext("the rating scale was not saved: %(reason)s", reason=err))
    click.echo(gettext("Database is up to date."))


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Load only when the database has no claims.")
@with_appcontext
@needs_database
def demo_command(if_empty: bool) -> None:
    """Load the San Quentin demo case (idempotent)."""
    if if_empty and not demo_service.database_is_empty():
        click.echo(gettext("The database already has claims; demo not loaded."))
        return
    missing = demo_service.missing_ratings(current_app.config["RATINGS"])
    if missing and if_empty:
        # `make run` passes --if-empty: a site with its own rating scale should still be
        # served, just without the demo, rather than stop at this step.
        click.echo(
            gettext(
                "Demo not loaded: the rating scale (RATINGS) has no %(missing)s.",
                missing=", ".join(missing),
            )
        )
        return
    try:
        with tqdm(
            total=demo_service.steps(), desc=gettext("Loading demo"), unit="item", disable=None
        ) as bar:
            result = demo_service.load(progress=bar.update)
        db.session.commit()
    except ServiceError as err:
        fail(gettext("demo not loaded, nothing was written: %(reason)s", reason=err))
    click.echo(
        gettext(
            "Demo loaded: %(articles)s new articles, %(claims)s new claims, "
            "%(skipped)s already present.",
            articles=result.articles,
            claims=result.claims,
            skipped=result.skipped,
        )
    )


@click.command("backup")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the copy (default: instance/backups/<timestamp>).",
)
@with_appcontext
@needs_database
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
    click.echo(gettext("Backup written to %(path)s", path=written))


@click.command("reindex")
@with_appcontext
@needs_database
def reindex_command() -> None:
    """Rebuild the full-text search index and the claim-matching vectors (after changes
    made outside claimtracker, or a new matching model)."""
    from claimtracker.services import matching, search_index

    written = search_index.rebuild(db.session.connection())
    vectors = matching.reindex()
    db.session.commit()
    click.echo(gettext("Search index rebuilt: %(count)s claims.", count=written))
    click.echo(gettext("Matching vectors rebuilt: %(count)s claims.", count=vectors))
