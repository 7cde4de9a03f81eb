"""The doorbell: a Huey queue on SQLite (default) or Redis (``CLAIMTRACKER_REDIS_URL``).

The queue carries only job ids. Losing a message loses nothing (the sweep rings again);
ringing twice is harmless (only one worker can claim the row).
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from claimtracker.jobs import store

if TYPE_CHECKING:
    from huey import Huey
    from huey.api import TaskWrapper

log = logging.getLogger(__name__)

EXTENSION = "claimtracker.huey"
TASK_NAME = "claimtracker.run_job"


def build_huey(config: dict[str, Any], instance_path: str) -> Huey:
    """A Huey on Redis when REDIS_URL is set, else on a SQLite file in the instance folder."""
    from huey import RedisHuey, SqliteHuey

    name = str(config.get("JOBS_QUEUE_NAME") or "claimtracker")
    redis_url = config.get("REDIS_URL")
    if redis_url:
        return RedisHuey(name=name, url=str(redis_url), results=False, utc=True)
    filename = config.get("JOBS_QUEUE_FILE") or str(Path(instance_path) / "jobs-queue.sqlite")
    Path(filename).parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(name=name, filename=str(filename), results=False, utc=True)


_building = threading.Lock()


def install(app: Flask) -> None:
    """Give the app its queue, built on first use (:func:`huey_of`).

    Built lazily because importing Huey imports its storage back ends' drivers (psycopg,
    redis): a web worker that only serves readers never rings a doorbell and should not
    carry them (the per-worker memory budget, README "Speed")."""
    app.extensions[EXTENSION] = None


def _build(app: Flask) -> Huey:
    """Build the app's Huey and register the two tasks every worker runs."""
    from huey import crontab

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
    """The app's Huey, built and its tasks registered on the first call."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    with _building:  # two threads of one worker must not build two queues
        huey = app.extensions[EXTENSION]
        # (not "or": an empty queue has length 0, so it is falsy)
        return _build(app) if huey is None else huey


def _run_job_task(app: Flask) -> TaskWrapper:
    huey_of(app)
    return app.extensions[EXTENSION + ".run_job"]


def ring(job_id: int, when: datetime | None = None, app: Flask | None = None) -> None:
    """Tell a worker job ``job_id`` may be ready at ``when`` (now when None or past).
    A broker that is down is logged, not raised: the row is safe and the sweep rings again."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    try:
        task = _run_job_task(app)
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
