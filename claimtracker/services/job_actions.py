"""What people do with background jobs (the queue itself is :mod:`claimtracker.jobs`)."""

from __future__ import annotations

from claimtracker.extensions import db
from claimtracker.jobs.store import RING_KEY, aware
from claimtracker.models import Job, JobState, User, utcnow
from claimtracker.services import audit


def retry(job: Job, actor: User) -> Job:
    """A reviewer's "retry" on a failed job: back to pending with fresh attempts, audited
    (the caller commits; the doorbell rings after the commit). Anyone signed in to the desk."""
    if job.state != JobState.FAILED:
        return job
    job.state = JobState.PENDING.value
    job.attempts = 0
    job.next_attempt_at = utcnow()
    job.finished_at = None
    db.session.flush()
    db.session.info.setdefault(RING_KEY, {})[job.id] = aware(job.next_attempt_at)
    audit.record(actor, "job.retried", job, changes={"kind": job.kind, "error": job.last_error})
    return job
