"""The job rows: enqueue, claim, finish, retry and sweep (SQLAlchemy; no Flask views).

Every state change is one UPDATE guarded by the state it expects, so several workers (and
several machines) can race for the same row and exactly one wins.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, Update, or_, select, update

from claimtracker.extensions import db
from claimtracker.jobs import registry
from claimtracker.models import Job, JobState, User, utcnow

#: Job ids to ring once the session's transaction commits (see broker.ring_after_commit).
RING_KEY = "claimtracker.jobs.ring"
MAX_ERROR_CHARS = 2000


def aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; they are stored as UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def unfinished(dedupe_key: str) -> Job | None:
    """The pending or running job with ``dedupe_key``, if any."""
    return db.session.scalar(
        select(Job)
        .where(Job.dedupe_key == dedupe_key, Job.state.in_([JobState.PENDING, JobState.RUNNING]))
        .order_by(Job.id)
        .limit(1)
    )


def enqueue(
    kind: str,
    payload: dict[str, Any] | None = None,
    *,
    actor: User | None = None,
    dedupe_key: str | None = None,
    run_at: datetime | None = None,
    max_attempts: int | None = None,
) -> Job:
    """Add a pending job (flushed, not committed) and ring the doorbell after the commit.

    With ``dedupe_key``, an unfinished job with the same key is returned instead of a new one.
    Raises KeyError for a kind no handler is registered for.
    """
    registry.load_handlers()
    found = registry.get(kind)
    if found is None:
        raise KeyError(f"no job handler for {kind!r}")
    if dedupe_key:
        existing = unfinished(dedupe_key)
        if existing is not None:
            return existing
    job = Job(
        kind=kind,
        payload=payload or {},
        state=JobState.PENDING.value,
        attempts=0,
        max_attempts=max_attempts or found.max_attempts,
        next_attempt_at=run_at or utcnow(),
        dedupe_key=dedupe_key,
        created_by_id=actor.id if actor else None,
        progress_done=0,
    )
    db.session.add(job)
    db.session.flush()
    db.session.info.setdefault(RING_KEY, {})[job.id] = aware(job.next_attempt_at)
    return job


def _changed(statement: Update) -> int:
    """How many rows an UPDATE changed (executing one gives a CursorResult)."""
    return cast(CursorResult[Any], db.session.execute(statement)).rowcount


def claim(job_id: int, lease_seconds: float, now: datetime | None = None) -> str | None:
    """Take job ``job_id`` if it is due (or its last worker's lease ran out) and commit.
    Returns the claim token, or None when another worker has it or it is not due."""
    now = now or utcnow()
    token = uuid.uuid4().hex
    taken = _changed(
        update(Job)
        .where(
            Job.id == job_id,
            or_(
                (Job.state == JobState.PENDING) & (Job.next_attempt_at <= now),
                (Job.state == JobState.RUNNING) & (Job.lease_until < now),
            ),
        )
        .values(
            state=JobState.RUNNING.value,
            attempts=Job.attempts + 1,
            claim_token=token,
            lease_until=now + timedelta(seconds=lease_seconds),
            started_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return token if taken == 1 else None


def _owned(job_id: int, token: str, **values: Any) -> bool:
    """Update the job only while ``token`` is still its claim (not committed)."""
    return (
        _changed(
            update(Job)
            .where(Job.id == job_id, Job.claim_token == token, Job.state == JobState.RUNNING)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        == 1
    )


def finish(job_id: int, token: str, result: dict | None) -> bool:
    """Mark the job done (in the handler's transaction; the caller commits)."""
    return _owned(
        job_id,
        token,
        state=JobState.DONE.value,
        result=result,
        last_error=None,
        lease_until=None,
        finished_at=utcnow(),
    )


def backoff_seconds(attempts: int, base: float) -> float:
    """Exponential backoff: base, 4×base, 16×base … capped at a day."""
    return min(base * 4 ** max(0, attempts - 1), 86_400.0)


def record_failure(
    job_id: int, token: str, reason: str, *, permanent: bool, base: float, after: float | None
) -> datetime | None:
    """Record a failed attempt and commit. Returns when to try again, or None when the job
    is now failed for good (permanent, or no attempts left)."""
    job = db.session.get(Job, job_id)
    if job is None or job.claim_token != token:
        db.session.rollback()
        return None
    reason = reason[:MAX_ERROR_CHARS]
    if permanent or job.attempts >= job.max_attempts:
        _owned(
            job_id,
            token,
            state=JobState.FAILED.value,
            last_error=reason,
            lease_until=None,
            finished_at=utcnow(),
        )
        db.session.commit()
        return None
    delay = after if after is not None else backoff_seconds(job.attempts, base)
    when = utcnow() + timedelta(seconds=delay)
    _owned(
        job_id,
        token,
        state=JobState.PENDING.value,
        last_error=reason,
        next_attempt_at=when,
        lease_until=None,
    )
    db.session.commit()
    return when


def defer(job_id: int, token: str, until: datetime, reason: str) -> None:
    """Put the job back to ``until`` without spending the attempt, and commit."""
    _owned(
        job_id,
        token,
        state=JobState.PENDING.value,
        attempts=Job.attempts - 1,
        next_attempt_at=until,
        lease_until=None,
    )
    db.session.commit()


def progress(job_id: int, token: str, done: int, total: int | None, lease_seconds: float) -> None:
    """Record progress and extend the lease; committed in its own transaction by the caller's
    session (handlers that commit per item, like imports, call this between items)."""
    values: dict[str, Any] = {
        "progress_done": done,
        "lease_until": utcnow() + timedelta(seconds=lease_seconds),
    }
    if total is not None:
        values["progress_total"] = total
    _owned(job_id, token, **values)


def sweep(now: datetime | None = None) -> list[tuple[int, datetime]]:
    """Put back running jobs whose lease passed (their worker died) and list every pending
    job with its due time, so the caller rings their doorbells again. Commits."""
    now = now or utcnow()
    expired = db.session.scalars(
        select(Job).where(Job.state == JobState.RUNNING, Job.lease_until < now)
    ).all()
    for job in expired:
        if job.attempts >= job.max_attempts:
            job.state = JobState.FAILED.value
            job.last_error = (
                f"the worker stopped during each of {job.attempts} attempts "
                f"(last error: {job.last_error or 'none'})"
            )[:MAX_ERROR_CHARS]
            job.finished_at = now
        else:
            job.state = JobState.PENDING.value
            job.next_attempt_at = now
            job.last_error = job.last_error or "the worker stopped before finishing; redone"
        job.lease_until = None
        job.claim_token = None
    db.session.commit()
    rows = db.session.execute(
        select(Job.id, Job.next_attempt_at).where(Job.state == JobState.PENDING).order_by(Job.id)
    ).all()
    return [(job_id, aware(when) or now) for job_id, when in rows]
