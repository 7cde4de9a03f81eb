"""``claimtracker seed``: synthetic claims for benchmarks (see services/seed)."""

from __future__ import annotations

import sys
import time

import click
from flask.cli import with_appcontext
from flask_babel import gettext
from tqdm import tqdm

from claimtracker.cli.common import needs_database
from claimtracker.extensions import db
from claimtracker.services import seed as seed_service
from claimtracker.services.errors import ServiceError


@click.command("seed")
@click.option("--claims", "count", type=click.IntRange(min=1), required=True, help="How many.")
@click.option(
    "--published",
    type=click.FloatRange(0.0, 1.0),
    default=0.8,
    show_default=True,
    help="The fraction of them that is published.",
)
@click.option("--force", is_flag=True, help="Seed even a database that holds real claims.")
@click.option(
    "--without-vectors",
    is_flag=True,
    help="Skip the claim-matching vectors (a million take hours to encode); "
    "`claimtracker reindex` adds them.",
)
@with_appcontext
@needs_database
def seed_command(count: int, published: float, force: bool, without_vectors: bool) -> None:
    """Add COUNT synthetic claims (claimants, outlets, articles, quotes, sources, verdicts).

    For benchmarks and trials: refuses a database that already holds real claims unless
    --force. Run `claimtracker init` first.
    """
    started = time.perf_counter()
    # A connection of its own: the service commits batch by batch.
    with db.engine.connect() as conn:
        try:
            with tqdm(
                total=count, desc=gettext("Seeding"), unit="claim", disable=None, file=sys.stderr
            ) as bar:
                result = seed_service.seed(
                    conn,
                    count,
                    published,
                    force=force,
                    progress=bar.update,
                    vectors=not without_vectors,
                )
        except ServiceError as err:
            conn.rollback()
            raise click.ClickException(gettext("not seeded: %(reason)s", reason=err)) from None
    seconds = time.perf_counter() - started
    click.echo(
        gettext(
            "Seeded %(claims)s claims (%(published)s published, %(articles)s articles) in "
            "%(seconds)s s (%(rate)s claims/s).",
            claims=result.claims,
            published=result.published,
            articles=result.articles,
            seconds=f"{seconds:.0f}",
            rate=f"{result.claims / max(seconds, 1e-9):.0f}",
        )
    )
