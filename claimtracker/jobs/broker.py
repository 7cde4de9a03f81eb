"""The doorbell: a Huey queue on SQLite (default) or Redis (``CLAIMTRACKER_REDIS_URL``).

The queue carries only job ids. Losing a message loses nothing (the sweep rings again);
ringing twice is harmless (only one worker can claim the row).
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from huey import Huey, RedisHuey, SqliteHuey, crontab
from sqlalchemy import event
from sqlalchemy.orm import Session

from claimtracker.jobs import store

log = logging.getLogger(__name__)

EXTENSION = "claimtracker.huey"
TASK_NAME = "claimtracker.run_job"


def build_huey(config: dict[str, Any], instance_path: str) -> Huey:
    """A Huey on Redis when REDIS_URL is set, else on a SQLite file in the instance folder."""
    name = str(config.get("JOBS_QUEUE_NAME") or "claimtracker")
    redis_url = config.get("REDIS_URL")
    if redis_url:
        return RedisHuey(name=name, url=str(redis_url), results=False, utc=True)
    filename = config.get("JOBS_QUEUE_FILE") or str(Path(instance_path) / "jobs-queue.sqlite")
    Path(filename).parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(name=name, filename=str(filename), results=False, utc=True)


def install(app: Flask) -> Huey:
    """Build the app's Huey and register the two tasks every worker runs."""
    huey = build_huey(app.config, app.instance_path)

    @huey.task(name=TASK_NAME)
    def run_job(job_id: int) -> None:
        from claimtracker.jobs import runner

        with app.app_context():
            runner.run(job_id)

    @huey.periodic_task(crontab(minute="*"), name="claimtracker.sweep")
    def sweep_task() -> None:
        with app.app_context():
            sweep_and_ring()

    app.extensions[EXTENSION] = huey
    app.extensions[EXTENSION + ".run_job"] = run_job
    return huey


def huey_of(app: Flask | None = None) -> Huey:
    return (app or current_app).extensions[EXTENSION]


def ring(job_id: int, when: datetime | None = None, app: Flask | None = None) -> None:
    """Tell a worker job ``job_id`` may be ready at ``when`` (now when None or past).
    A broker that is down is logged, not raised: the row is safe and the sweep rings again."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    task = app.extensions[EXTENSION + ".run_job"]
    try:
        if when is not None and when > store.utcnow():
            task.schedule(args=(job_id,), eta=when)
        else:
            task(job_id)
    except Exception as err:  # any broker error; the database still holds the job
        log.warning("job %s: the queue could not be told (%s); the sweep will retry", job_id, err)


def sweep_and_ring() -> int:
    """Run the sweep and every registered periodic function, then ring each pending job.
    Returns how many doorbells rang."""
    from claimtracker.jobs import registry

    registry.load_handlers()
    for fn in registry.periodic_functions():
        try:
            fn()
        except Exception:
            log.exception("periodic %s failed", getattr(fn, "__name__", fn))
            store.db.session.rollback()
    due = store.sweep()
    for job_id, when in due:
        ring(job_id, when)
    return len(due)


@event.listens_for(Session, "after_commit")
def _ring_after_commit(session: Session) -> None:
    """Ring the doorbells of jobs enqueued in the transaction that just committed."""
    pending = session.info.pop(store.RING_KEY, None)
    if not pending:
        return
    try:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
    except RuntimeError:
        return  # no app context: the sweep will ring
    if EXTENSION not in app.extensions:
        return
    for job_id, when in pending.items():
        ring(job_id, when, app)


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session: Session) -> None:
    session.info.pop(store.RING_KEY, None)
