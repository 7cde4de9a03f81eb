"""A queue that is down loses nothing: the row is committed, the ring is logged, and the
next sweep rings again once the queue is back."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.jobs import runner
from claimtracker.models import Job
from claimtracker.services import watchdog_jobs


@pytest.fixture(params=["redis-queue"])
def job_backend(request):
    return request.param


@pytest.fixture
def app_config(app_config: dict) -> dict:
    app_config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens there
    return app_config


def test_enqueue_survives_a_queue_that_is_down(ctx, caplog):
    from claimtracker.models import Article

    article = Article(url="https://example.org/a", headline="A", text="Some text.")
    db.session.add(article)
    db.session.flush()
    job = watchdog_jobs.request_recheck(None, article)
    db.session.commit()  # the doorbell fails after the commit; nothing is raised
    assert "the queue could not be told" in caplog.text
    assert db.session.scalar(select(Job.state)) == "pending"
    # Whoever runs next (a worker's sweep, or --burst) still finds and does the work.
    assert runner.run_due() == 1
    assert db.session.get(Job, job.id).state == "done"
