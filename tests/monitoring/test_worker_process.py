"""A real ``claimtracker worker`` process (Huey consumer on the SQLite queue) polls the
followed feed on its own sweep, logs the new article and finds its repeats."""

from __future__ import annotations

from sqlalchemy import func, select

from claimtracker.extensions import db
from claimtracker.models import Article, FeedItem, Job, JobState, RepeatMatch
from tests.jobs.conftest import wait_for
from tests.monitoring.conftest import ARTICLE_PATH, feed_row, follow


def _repeats(app) -> int:
    with app.app_context():
        db.session.rollback()  # read what the worker committed since
        return db.session.scalar(select(func.count()).select_from(RepeatMatch)) or 0


def test_the_worker_polls_the_feed_and_queues_the_repeats(app, demo, site, start_worker):
    feed_id = follow(app, site.base + "/feed.xml")
    start_worker()
    # The worker's first sweep enqueues the due poll; the poll enqueues the item; the item's
    # job loads the matching model (a few seconds) and stores the repeats.
    wait_for(lambda: _repeats(app) >= 2, timeout=90)
    feed = feed_row(app, feed_id)
    assert feed.kind == "rss" and feed.last_error is None and feed.last_polled_at is not None
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.url.endswith(ARTICLE_PATH)))
        assert article is not None and article.origin == "monitored"
        assert db.session.scalar(select(FeedItem.state)) == "logged"
        kinds = dict(db.session.execute(select(Job.kind, Job.state)).all())
        assert kinds == {"feed.poll": JobState.DONE, "feed.item": JobState.DONE}
