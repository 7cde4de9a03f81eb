"""The watchdog's jobs: one ``article.recheck`` per quoted article, enqueued by the sweep
when due (or at once by ``claimtracker recheck`` and the desk's "re-check now")."""

from __future__ import annotations

from functools import partial

from flask_babel import gettext

from claimtracker import jobs
from claimtracker.extensions import db
from claimtracker.models import Article, Job, User
from claimtracker.services import watchdog

RECHECK = "article.recheck"


def request_recheck(actor: User | None, article: Article) -> Job:
    """Queue a re-check of ``article`` (one unfinished job per article)."""
    return jobs.enqueue(
        RECHECK, {"article_id": article.id}, actor=actor, dedupe_key=f"{RECHECK}:{article.id}"
    )


@jobs.handler(RECHECK, max_attempts=3)
def recheck_article(ctx: jobs.JobContext) -> dict:
    """Re-fetch and re-anchor (idempotent: a second run finds the same text, adds no
    version and changes no status). A page that cannot be checked is an outcome, not a
    failure: it is recorded and the schedule tries again sooner."""
    article = db.session.get(Article, ctx.payload["article_id"])
    if article is None:
        raise jobs.Fail(gettext("no article %(article_id)s", article_id=ctx.payload["article_id"]))
    actor = db.session.get(User, ctx.actor_id) if ctx.actor_id else None
    found = watchdog.check_article(actor, article)
    return {"outcome": found.outcome, "version": found.version, "reason": found.reason}


@jobs.periodic
def schedule_rechecks() -> int:
    """Enqueue a re-check for every quoted article that is due. Returns how many."""
    due = watchdog.due_articles()
    for article_id in due:
        jobs.enqueue(RECHECK, {"article_id": article_id}, dedupe_key=f"{RECHECK}:{article_id}")
    db.session.commit()
    return len(due)


def check_now(actor: User | None, article: Article) -> watchdog.Outcome:
    """Check ``article`` in this process, waiting out the host's politeness spacing (the
    ``claimtracker recheck`` command). Commits."""
    return jobs.run_waiting(partial(watchdog.check_article, actor, article))
