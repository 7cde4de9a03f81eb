"""The job rows: claim, finish, retry with backoff, defer, sweep — in-process, both
databases, both queue backends (the doorbell rings after commit on each)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from claimtracker import jobs
from claimtracker.extensions import db
from claimtracker.jobs import broker, runner, store
from claimtracker.models import Job, utcnow
from claimtracker.services import job_actions

calls: list[dict] = []


@jobs.handler("test.echo", max_attempts=3)
def _echo(ctx: jobs.JobContext) -> dict:
    calls.append(ctx.payload)
    mode = ctx.payload.get("mode")
    if mode == "flaky" and ctx.attempt < 2:
        raise jobs.Retry("not yet")
    if mode == "always":
        raise RuntimeError("the server is on fire")
    if mode == "fatal":
        raise jobs.Fail("this will never work")
    if mode == "later" and ctx.attempt == 1 and not ctx.payload.get("deferred"):
        ctx.payload["deferred"] = True
        raise jobs.Defer(utcnow() + timedelta(seconds=30), "host busy")
    ctx.progress(1, 1)
    return {"echo": ctx.payload.get("value")}


@pytest.fixture(autouse=True)
def _clear():
    calls.clear()


def _job(job_id: int) -> Job:
    db.session.expire_all()
    job = db.session.get(Job, job_id)
    assert job is not None
    return job


def _due_now(job_id: int) -> None:
    _job(job_id).next_attempt_at = utcnow() - timedelta(seconds=1)
    db.session.commit()


def test_enqueue_rings_after_commit_and_runs_once(ctx):
    job = jobs.enqueue("test.echo", {"value": 7}, dedupe_key="echo:7")
    again = jobs.enqueue("test.echo", {"value": 7}, dedupe_key="echo:7")
    assert again.id == job.id  # one unfinished job per key
    huey = broker.huey_of()
    assert len(huey) == 0  # nothing rung before the commit
    db.session.commit()
    assert len(huey) == 1  # the doorbell is only the id
    assert runner.run(job.id) == "done"
    assert runner.run(job.id) is None  # a second doorbell finds nothing to do
    done = _job(job.id)
    assert (done.state, done.attempts, done.result) == ("done", 1, {"echo": 7})
    assert (done.progress_done, done.progress_total, done.percent) == (1, 1, 100)
    assert calls == [{"value": 7}]


def test_rolled_back_enqueue_never_rings(ctx):
    jobs.enqueue("test.echo", {"value": 1})
    db.session.rollback()
    assert len(broker.huey_of()) == 0
    assert db.session.scalar(select(Job)) is None


def test_retry_with_backoff_then_done(ctx):
    job = jobs.enqueue("test.echo", {"mode": "flaky"})
    db.session.commit()
    assert runner.run(job.id) == "pending"
    waiting = _job(job.id)
    assert waiting.last_error == "not yet"
    assert store.aware(waiting.next_attempt_at) > utcnow()
    assert runner.run(job.id) is None  # not due yet
    _due_now(job.id)
    assert runner.run(job.id) == "done"
    assert _job(job.id).attempts == 2


def test_failures_retry_then_stay_failed_with_the_reason_until_retried(ctx, make_user):
    editor = make_user("editor")
    job = jobs.enqueue("test.echo", {"mode": "always"})
    db.session.commit()
    for _ in range(3):
        _due_now(job.id)
        runner.run(job.id)
    failed = _job(job.id)
    assert (failed.state, failed.attempts) == ("failed", 3)
    assert failed.last_error == "RuntimeError: the server is on fire"
    job_actions.retry(failed, db.session.merge(editor))
    db.session.commit()
    assert (_job(job.id).state, _job(job.id).attempts) == ("pending", 0)


def test_fail_is_at_once(ctx):
    job = jobs.enqueue("test.echo", {"mode": "fatal"})
    db.session.commit()
    assert runner.run(job.id) == "failed"
    assert (_job(job.id).attempts, _job(job.id).last_error) == (1, "this will never work")


def test_defer_spends_no_attempt(ctx):
    job = jobs.enqueue("test.echo", {"mode": "later"})
    db.session.commit()
    assert runner.run(job.id) == "pending"
    assert _job(job.id).attempts == 0
    assert store.aware(_job(job.id).next_attempt_at) > utcnow() + timedelta(seconds=20)


def test_sweep_takes_back_work_whose_worker_died(ctx):
    job = jobs.enqueue("test.echo", {"value": 1})
    db.session.commit()
    token = store.claim(job.id, lease_seconds=60)
    assert token and store.claim(job.id, 60) is None  # one worker at a time
    assert store.sweep() == []  # lease still running: not touched
    _job(job.id).lease_until = utcnow() - timedelta(seconds=1)  # the worker died
    db.session.commit()
    assert [job_id for job_id, _ in store.sweep()] == [job.id]
    assert _job(job.id).state == "pending"
    # The dead worker's late "done" is refused: its claim is no longer the job's.
    assert store.finish(job.id, token, {"late": True}) is False
    db.session.rollback()
    assert runner.run(job.id) == "done"
    assert _job(job.id).result == {"echo": 1}


def test_unknown_kind_is_refused(ctx):
    with pytest.raises(KeyError):
        jobs.enqueue("no.such.kind", {})


def test_worker_burst_runs_what_is_due_and_exits(app):
    with app.app_context():
        jobs.enqueue("test.echo", {"value": 3})
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["worker", "--burst"])
    assert result.exit_code == 0 and result.output == "Worker: 1 job run(s).\n"
    with app.app_context():
        assert db.session.scalar(select(Job.state)) == "done"


def test_run_waiting_rolls_back_a_deferred_try_and_commits_the_next(ctx):
    tries: list[int] = []

    def work() -> int:
        tries.append(len(tries) + 1)
        jobs.enqueue("test.echo", {"value": len(tries)}, dedupe_key=f"try:{len(tries)}")
        if len(tries) == 1:
            raise jobs.Defer(utcnow() + timedelta(milliseconds=50), "host busy")
        return len(tries)

    assert jobs.run_waiting(work) == 2
    db.session.rollback()  # nothing uncommitted is left to see
    assert list(db.session.scalars(select(Job.dedupe_key))) == ["try:2"]
