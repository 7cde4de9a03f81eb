"""The reviewer desk (/desk): the queue and articles. Claims live in desk_claims.py.

Views are adapters: form in, one service call, commit, redirect. Service errors become
form errors (field-specific when the service names a field) and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from claimtracker.extensions import db, limiter
from claimtracker.ingest.quotes import find_quotes
from claimtracker.models import Article, Role
from claimtracker.services import article_jobs, articles, claims, queue, watchdog, watchdog_jobs
from claimtracker.services.errors import Conflict, NotFound, ServiceError
from claimtracker.web.desk_forms import (
    ArticleMetadataForm,
    FetchArticleForm,
    NewClaimForm,
    PasteArticleForm,
)

bp = Blueprint("desk", __name__, url_prefix="/desk")


@bp.before_request
@login_required
def _signed_in():  # type: ignore[no-untyped-def]
    """Every desk page needs a signed-in account (anonymous visitors go to the login)."""


def role_required(role: Role) -> Callable:
    """Refuse (403) accounts below ``role``."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if current_user.role < role:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def commit() -> None:
    """Commit; a concurrent save caught by version_id_col becomes a Conflict."""
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise Conflict(
            "someone else saved this at the same moment; nothing of yours was "
            "saved — reload and try again"
        ) from None


def form_error(form: FlaskForm, err: ServiceError, default: str) -> None:
    """Roll back and show ``err`` on its field (or on ``default``)."""
    db.session.rollback()
    name = err.field if err.field and hasattr(form, err.field) else default
    getattr(form, name).errors = [*getattr(form, name).errors, str(err)]


def get_or_404(getter: Callable, ident: int) -> Any:
    try:
        return getter(ident)
    except NotFound:
        abort(404)


@bp.get("/", endpoint="queue")  # auth.py lands signed-in users on desk.queue
def queue_view():  # type: ignore[no-untyped-def]
    filters = queue.QueueFilter(
        status=request.args.get("status") or None,
        assignee=request.args.get("assignee") or None,
        tag=request.args.get("tag") or None,
        outlet=request.args.get("outlet") or None,
        page=request.args.get("page", 1, type=int) or 1,
    )
    result = queue.load(filters, current_user)
    return render_template("desk/queue.html", q=result, f=filters)


@bp.get("/articles")
def article_list():  # type: ignore[no-untyped-def]
    rows = db.session.scalars(select(Article).order_by(Article.id.desc()).limit(200)).all()
    return render_template("desk/articles.html", articles=rows)


@bp.route("/articles/new", methods=["GET"])
def article_new():  # type: ignore[no-untyped-def]
    return render_template(
        "desk/article_new.html",
        fetch_form=FetchArticleForm(prefix="f"),
        paste_form=PasteArticleForm(prefix="p"),
    )


def _logged(article: Article, created: bool):  # type: ignore[no-untyped-def]
    if created:
        flash("Article logged.", "success")
    else:
        flash("This article was already logged; here it is.", "info")
    return redirect(url_for(".article", article_id=article.id))


@bp.post("/articles/fetch")
@limiter.limit("30 per minute")  # each call makes the worker fetch a page
def article_fetch():  # type: ignore[no-untyped-def]
    """Answer at once: the worker fetches the page; its job page refreshes until done."""
    fetch_form = FetchArticleForm(prefix="f")
    paste_form = PasteArticleForm(prefix="p", formdata=None)
    if fetch_form.validate_on_submit():
        try:
            job, existing = article_jobs.request_fetch(current_user, fetch_form.url.data or "")
            commit()
            if existing is not None:
                return _logged(existing, False)
            return redirect(url_for("jobs.job", job_id=job.id))
        except ServiceError as err:
            form_error(fetch_form, err, "url")
    return render_template(
        "desk/article_new.html", fetch_form=fetch_form, paste_form=paste_form
    ), 400


@bp.post("/articles/paste")
def article_paste():  # type: ignore[no-untyped-def]
    fetch_form = FetchArticleForm(prefix="f", formdata=None)
    paste_form = PasteArticleForm(prefix="p")
    if paste_form.validate_on_submit():
        try:
            article, created = articles.log_from_paste(
                current_user,
                url=paste_form.url.data or "",
                content=paste_form.content.data,
                headline=paste_form.headline.data or "",
                byline=paste_form.byline.data,
                outlet=paste_form.outlet.data,
                published_on=paste_form.published_on.data,
            )
            commit()
            return _logged(article, created)
        except ServiceError as err:
            form_error(paste_form, err, "content")
    return render_template(
        "desk/article_new.html", fetch_form=fetch_form, paste_form=paste_form
    ), 400


@bp.get("/articles/<int:article_id>")
def article(article_id: int):  # type: ignore[no-untyped-def]
    row = get_or_404(articles.get, article_id)
    quotes = find_quotes(row.text) if row.text else []
    form = NewClaimForm(formdata=None, article_id=str(row.id))
    return render_template(
        "desk/article.html",
        article=row,
        quotes=quotes,
        form=form,
        claimants=claims.all_claimants(),
        versions=watchdog.versions(row),
        watch=watchdog.watch_of(row),
    )


@bp.route("/articles/<int:article_id>/edit", methods=["GET", "POST"])
def article_edit(article_id: int):  # type: ignore[no-untyped-def]
    row = get_or_404(articles.get, article_id)
    form = ArticleMetadataForm(obj=row if request.method == "GET" else None)
    if request.method == "GET":
        form.outlet.data = row.outlet.name if row.outlet else ""
        form.version.data = str(row.version_id)
    current = None
    if form.validate_on_submit():
        try:
            articles.correct_metadata(
                current_user,
                row,
                form.version_number() or 0,
                headline=form.headline.data,
                byline=form.byline.data,
                outlet=form.outlet.data,
                published_on=form.published_on.data,
                archive_url=form.archive_url.data,
            )
            commit()
            flash("Article details corrected.", "success")
            return redirect(url_for(".article", article_id=row.id))
        except ServiceError as err:
            form_error(form, err, "headline")
            if isinstance(err, Conflict):
                current = err.detail.get("current")
                form.version.data = str(db.session.get(Article, article_id).version_id)
    status = 200 if request.method == "GET" else 400
    return render_template(
        "desk/article_edit.html", article=row, form=form, current=current
    ), status


@bp.post("/articles/<int:article_id>/recheck")
def article_recheck(article_id: int):  # type: ignore[no-untyped-def]
    """Queue a re-check of the live page now (the watchdog's own job, politely spaced)."""
    row = get_or_404(articles.get, article_id)
    job = watchdog_jobs.request_recheck(current_user, row)
    commit()
    return redirect(url_for("jobs.job", job_id=job.id))


from claimtracker.web import desk_claims  # noqa: E402,F401 - registers the claim views on bp
