"""/desk/jobs: background work as reviewers see it — every state, progress, the reason of a
failure and a retry button. A job's page refreshes itself (``<meta http-equiv=refresh>``,
no JavaScript) until the job is finished, then leads to what it made."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import func, select

from claimtracker.extensions import db
from claimtracker.models import Job, JobState, Role
from claimtracker.services import article_jobs, job_actions, watchdog_jobs

bp = Blueprint("jobs", __name__, url_prefix="/desk/jobs")

#: Kinds only editors may see the details of or retry (they were started by editors).
EDITOR_KINDS = {article_jobs.IMPORT}
TITLES = {
    article_jobs.FETCH: "Fetch an article",
    article_jobs.IMPORT: "Import ClaimReview",
    watchdog_jobs.RECHECK: "Re-check an article's quotes",
}
REFRESH_SECONDS = 2


@bp.before_request
@login_required
def _signed_in() -> None:
    """Every job page needs a signed-in account."""


def _job(job_id: int) -> Job:
    job = db.session.get(Job, job_id)
    if job is None:
        abort(404)
    if job.kind in EDITOR_KINDS and current_user.role < Role.EDITOR:
        abort(403)
    return job


@bp.get("")
def job_list() -> ResponseReturnValue:
    state = request.args.get("state") or None
    stmt = select(Job).order_by(Job.id.desc()).limit(200)
    if state in {s.value for s in JobState}:
        stmt = stmt.where(Job.state == state)
    counts = dict(db.session.execute(select(Job.state, func.count()).group_by(Job.state)).all())
    return render_template(
        "desk/jobs.html",
        jobs=db.session.scalars(stmt).all(),
        counts=counts,
        state=state,
        states=[s.value for s in JobState],
        titles=TITLES,
        form=FlaskForm(),
    )


@bp.get("/<int:job_id>")
def job(job_id: int) -> ResponseReturnValue:
    row = _job(job_id)
    result = row.result or {}
    # A finished fetch leads to the article it logged, as the old synchronous form did.
    if (
        row.state == JobState.DONE
        and request.args.get("stay") is None
        and row.kind == article_jobs.FETCH
        and result.get("article_id")
    ):
        logged = "Article logged." if result.get("created") else "This article was already logged."
        flash(logged, "success")
        return redirect(url_for("desk.article", article_id=result["article_id"]))
    return render_template(
        "desk/job.html",
        job=row,
        result=result,
        title=TITLES.get(row.kind, row.kind),
        refresh=None if row.is_finished else REFRESH_SECONDS,
        form=FlaskForm(),
    )


@bp.post("/<int:job_id>/retry")
def retry(job_id: int) -> ResponseReturnValue:
    row = _job(job_id)
    if FlaskForm().validate_on_submit():
        if row.state == JobState.FAILED:
            job_actions.retry(row, current_user)
            db.session.commit()
            flash("Queued again.", "success")
        else:
            flash("Only a failed job can be retried.", "info")
    return redirect(url_for(".job", job_id=row.id, stay=1))
