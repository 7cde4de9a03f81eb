"""Run one job: claim the row, call its handler, commit its writes together with "done".

A worker that dies anywhere in here leaves either nothing (before the claim), or a
``running`` row whose lease runs out and which the sweep puts back (after it): the
handler's writes and the "done" mark are one transaction, so a redo never doubles them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from flask import current_app

from claimtracker.extensions import db
from claimtracker.jobs import registry, store
from claimtracker.jobs.registry import Defer, Fail, JobContext, Retry
from claimtracker.models import Job, utcnow

log = logging.getLogger(__name__)
T = TypeVar("T")


def _settings() -> tuple[float, float]:
    config = current_app.config
    return float(config.get("JOB_LEASE_SECONDS", 120)), float(config.get("JOB_RETRY_SECONDS", 30))


def run(job_id: int) -> str | None:
    """Run job ``job_id`` if it is due and nobody else has it. Returns the state it ended in
    ("done", "pending" for a retry or deferral, "failed"), or None when it was not taken."""
    from claimtracker.jobs import broker

    registry.load_handlers()
    lease, retry_base = _settings()
    token = store.claim(job_id, lease)
    if token is None:
        return None
    job = db.session.get(Job, job_id)
    assert job is not None  # just claimed
    found = registry.get(job.kind)
    if found is None:
        store.record_failure(
            job_id, token, f"no handler for {job.kind!r}", permanent=True, base=0, after=None
        )
        return "failed"

    def report(done: int, total: int | None) -> None:
        store.progress(job_id, token, done, total, lease)
        db.session.commit()

    ctx = JobContext(
        job_id=job.id,
        kind=job.kind,
        payload=dict(job.payload or {}),
        attempt=job.attempts,
        actor_id=job.created_by_id,
        report=report,
    )
    try:
        result = found.run(ctx)
        if not store.finish(job_id, token, result):
            # Our lease ran out and another worker took the job: keep none of our writes.
            db.session.rollback()
            log.warning("job %s: lost its lease before finishing; left to the other worker", job_id)
            return None
        db.session.commit()
        return "done"
    except Defer as deferral:
        db.session.rollback()
        store.defer(job_id, token, deferral.until, deferral.reason)
        broker.ring(job_id, deferral.until)
        return "pending"
    except Fail as failure:
        db.session.rollback()
        store.record_failure(job_id, token, failure.reason, permanent=True, base=0, after=None)
        return "failed"
    except Retry as retry:
        db.session.rollback()
        when = store.record_failure(
            job_id, token, retry.reason, permanent=False, base=retry_base, after=retry.after
        )
    except Exception as err:  # a bug or a passing outage: retried, its reason kept
        db.session.rollback()
        log.exception("job %s (%s) raised", job_id, ctx.kind)
        when = store.record_failure(
            job_id,
            token,
            f"{type(err).__name__}: {err}",
            permanent=False,
            base=retry_base,
            after=None,
        )
    if when is None:
        return "failed"
    broker.ring(job_id, when)
    return "pending"


def run_due(limit: int = 1000, per_job: int = 5) -> int:
    """Run every job that is due now, one after another, in this process (``claimtracker
    worker --burst``, cron, tests); a job put back to run at once (a deferral, a retry
    without backoff) runs again, at most ``per_job`` times. Returns how many runs were made."""
    from claimtracker.jobs import broker

    broker.sweep_and_ring()
    runs = 0
    tried: dict[int, int] = {}
    while runs < limit:
        now = store.utcnow()
        due = [job_id for job_id, when in store.sweep() if when <= now]
        fresh = [job_id for job_id in due if tried.get(job_id, 0) < per_job]
        if not fresh:
            return runs
        for job_id in fresh:
            tried[job_id] = tried.get(job_id, 0) + 1
            if run(job_id) is not None:
                runs += 1
    return runs


def run_waiting(work: Callable[[], T]) -> T:
    """Do a job's work in this process instead of a worker (commands, tests): run ``work``
    and commit; when it raises Defer (a host's politeness slot is taken), roll back, sleep
    until the deferral's time and run it again. Returns what ``work`` returned."""
    while True:
        try:
            done = work()
            db.session.commit()
            return done
        except Defer as deferral:
            db.session.rollback()
            time.sleep(max(0.0, (deferral.until - utcnow()).total_seconds()))
