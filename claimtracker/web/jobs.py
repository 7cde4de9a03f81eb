"""/desk/jobs: background work as reviewers see it — every state, progress, the reason of a
failure and a retry button. A running job's page refreshes itself (``<meta http-equiv=refresh>``,
no JavaScript) only when asked (``?watch=1``, with a visible "Stop refreshing" link): a page
that reloads on its own unasked fails WCAG 2.2.1 (timing adjustable). The desk forms that
start a job lead to the watching page; a finished job's page leads to what it made."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import func, select

from claimtracker.extensions import db
from claimtracker.models import Job, JobState, Role
from claimtracker.services import article_jobs, job_actions, monitor_jobs, watchdog_jobs
from claimtracker.services.transaction import commit
from claimtracker.web.helpers import require_role

bp = Blueprint("jobs", __name__, url_prefix="/desk/jobs")

#: Kinds only editors may see the details of or retry (they were started by editors).
EDITOR_KINDS = {article_jobs.IMPORT}
TITLES = {
    article_jobs.FETCH: _l("Fetch an article"),
    article_jobs.IMPORT: _l("Import ClaimReview"),
    watchdog_jobs.RECHECK: _l("Re-check an article's quotes"),
    monitor_jobs.POLL: _l("Read a followed feed"),
    monitor_jobs.ITEM: _l("Log and match an article from a followed feed"),
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
    if job.kind in EDITOR_KINDS:
        require_role(Role.EDITOR)
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
        logged = (
            gettext("Article logged.")
            if result.get("created")
            else gettext("This article was already logged.")
        )
        flash(logged, "success")
        return redirect(url_for("desk.article", article_id=result["article_id"]))
    watching = request.args.get("watch") == "1" and not row.is_finished
    return render_template(
        "desk/job.html",
        job=row,
        result=result,
        title=TITLES.get(row.kind, row.kind),
        refresh=REFRESH_SECONDS if watching else None,
        form=FlaskForm(),
    )


@bp.post("/<int:job_id>/retry")
def retry(job_id: int) -> ResponseReturnValue:
    row = _job(job_id)
    if FlaskForm().validate_on_submit():
        if row.state == JobState.FAILED:
            job_actions.retry(row, current_user)
            commit()
            flash(gettext("Queued again."), "success")
        else:
            flash(gettext("Only a failed job can be retried."), "info")
    return redirect(url_for(".job", job_id=row.id, stay=1))
