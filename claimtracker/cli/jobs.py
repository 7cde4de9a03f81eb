"""``claimtracker worker``: run the job consumer (as many of them as you like, anywhere the
database and the queue are reachable)."""

from __future__ import annotations

import logging

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext

from claimtracker.cli.common import needs_database
from claimtracker.jobs import broker, registry


@click.command("worker")
@click.option(
    "--threads",
    type=click.IntRange(1, 64),
    default=None,
    help="Jobs run at once by this worker (default: the WORKER_THREADS setting).",
)
@click.option("--burst", is_flag=True, help="Run the jobs that are due now, then exit.")
@with_appcontext
@needs_database
def worker_command(threads: int | None, burst: bool) -> None:
    """Run background jobs until stopped (Ctrl-C or SIGTERM finishes the jobs in hand)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s worker %(levelname)s %(message)s")
    registry.load_handlers()
    if burst:
        from claimtracker.jobs import runner

        click.echo(gettext("Worker: %(count)s job run(s).", count=runner.run_due()))
        return
    huey = broker.huey_of()
    # Work left by a worker that died is picked up now rather than at the next sweep.
    rang = broker.sweep_and_ring()
    click.echo(
        gettext(
            "Worker: %(threads)s thread(s) on %(queue)s queue %(name)r; %(waiting)s job(s) "
            "waiting; kinds: %(kinds)s",
            threads=threads or current_app.config["WORKER_THREADS"],
            queue=type(huey).__name__,
            name=huey.name,
            waiting=rang,
            kinds=", ".join(registry.kinds()),
        )
    )
    consumer = huey.create_consumer(
        workers=threads or int(current_app.config["WORKER_THREADS"]),
        worker_type="thread",
        periodic=True,
        initial_delay=0.05,
        backoff=1.5,
        max_delay=float(current_app.config["WORKER_POLL_SECONDS"]),
        check_worker_health=True,
    )
    consumer.run()


@click.command("recheck")
@click.option("--all", "every", is_flag=True, help="Every quoted article, due or not.")
@click.argument("article_ids", nargs=-1, type=click.IntRange(1, 2**31 - 1))
@with_appcontext
@needs_database
def recheck_command(every: bool, article_ids: tuple[int, ...]) -> None:
    """Re-fetch quoted articles now and re-check their quotes (politely: one request per
    host every FETCH_HOST_SPACING_SECONDS). Without arguments: the articles that are due."""
    from sqlalchemy import select

    from claimtracker.extensions import db
    from claimtracker.models import Appearance, Article
    from claimtracker.services import watchdog, watchdog_jobs

    if every and article_ids:
        raise click.UsageError(gettext("give --all or article ids, not both"))
    if every:
        ids = list(
            db.session.scalars(
                select(Article.id)
                .where(Article.id.in_(select(Appearance.article_id)))
                .order_by(Article.id)
            )
        )
    elif article_ids:
        ids = list(article_ids)
    else:
        ids = watchdog.due_articles()
    failed = False
    for article_id in ids:
        article = db.session.get(Article, article_id)
        if article is None:
            click.echo(gettext("article %(id)s: no such article", id=article_id), err=True)
            failed = True
            continue
        found = watchdog_jobs.check_now(None, article)
        said = gettext("article %(id)s: %(outcome)s", id=article_id, outcome=found.outcome)
        if found.version:
            said += " (" + gettext("version %(number)s", number=found.version) + ")"
        click.echo(said + (f": {found.reason}" if found.reason else ""))
    if not ids:
        click.echo(gettext("No quoted article is due for a check."))
    if failed:
        raise SystemExit(1)
