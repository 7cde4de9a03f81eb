"""Background jobs: a database row per piece of work, a Huey queue as the doorbell.

The ``job`` table is the truth (state, attempts, next attempt time, last error, progress);
the queue only tells a worker "job 42 may be ready". A worker claims the row atomically,
runs the handler, and commits the handler's writes together with ``done`` — so a worker
killed mid-job leaves the row ``running`` until its lease passes, the periodic sweep puts it
back, and the next worker redoes it from the start. Handlers must therefore be idempotent.

Defining a job (two steps)::

    from claimtracker import jobs

    @jobs.handler("feeds.poll", max_attempts=3)
    def poll(ctx: jobs.JobContext) -> dict | None:
        feed = db.session.get(Feed, ctx.payload["feed_id"])
        ...  # write through the services; do not commit: the runner commits with "done"
        ctx.progress(done, total)  # optional: shown on the desk, extends the lease
        return {"items": n}  # stored as the job's result (JSON)

and add the handler's module to ``HANDLER_MODULES`` in :mod:`claimtracker.jobs.registry`.
Then, from a web view, API call or CLI command::

    job = jobs.enqueue("feeds.poll", {"feed_id": 3}, actor=user, dedupe_key="feed:3")
    db.session.commit()  # the doorbell rings after the commit, never before

Raise :class:`Retry` for a passing failure (retried with backoff until ``max_attempts``),
:class:`Fail` for one that will not get better (failed at once, reason shown on the desk),
:class:`Defer` to run later without spending an attempt (e.g. per-host politeness).
Any other exception counts as a passing failure. ``@jobs.periodic`` registers a function the
worker calls on every sweep (about once a minute) to enqueue scheduled work. A command that
does a job's work itself, waiting out its deferrals, calls :func:`run_waiting`.
"""

from claimtracker.jobs.registry import (
    Defer,
    Fail,
    JobContext,
    Retry,
    handler,
    periodic,
)
from claimtracker.jobs.runner import run_waiting
from claimtracker.jobs.store import enqueue

__all__ = ["Defer", "Fail", "JobContext", "Retry", "enqueue", "handler", "periodic", "run_waiting"]
