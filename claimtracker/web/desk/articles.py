"""Desk views for articles: the list, logging one (fetched by the worker, or pasted),
reading it with its quotes, correcting its details, re-checking the live page."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy import select

from claimtracker.extensions import db, limiter
from claimtracker.models import Article
from claimtracker.services import (
    article_jobs,
    articles,
    claims,
    monitor,
    quotations,
    watchdog,
    watchdog_jobs,
)
from claimtracker.services.errors import Conflict, ServiceError
from claimtracker.services.transaction import unit_of_work
from claimtracker.web.desk.forms import (
    ArticleMetadataForm,
    FetchArticleForm,
    NewClaimForm,
    PasteArticleForm,
)
from claimtracker.web.helpers import Routes, form_error, get_or_404, refused_status

routes = Routes()


@routes.get("/articles")
def article_list() -> ResponseReturnValue:
    # Articles the monitor logged from followed feeds wait on the Repeats page instead.
    rows = db.session.scalars(
        select(Article)
        .where(Article.origin != monitor.MONITORED)
        .order_by(Article.id.desc())
        .limit(200)
    ).all()
    return render_template("desk/articles.html", articles=rows)


@routes.route("/articles/new", methods=["GET"])
def article_new() -> ResponseReturnValue:
    return render_template(
        "desk/article_new.html",
        fetch_form=FetchArticleForm(prefix="f"),
        paste_form=PasteArticleForm(prefix="p"),
    )


def _logged(article: Article, created: bool) -> ResponseReturnValue:
    if created:
        flash(gettext("Article logged."), "success")
    else:
        flash(gettext("This article was already logged; here it is."), "info")
    return redirect(url_for(".article", article_id=article.id))


@routes.post("/articles/fetch")
@limiter.limit("30 per minute")  # each call makes the worker fetch a page
def article_fetch() -> ResponseReturnValue:
    """Answer at once: the worker fetches the page; its job page (watching) refreshes until done."""
    fetch_form = FetchArticleForm(prefix="f")
    paste_form = PasteArticleForm(prefix="p", formdata=None)
    if fetch_form.validate_on_submit():
        try:
            with unit_of_work():
                job, existing = article_jobs.request_fetch(current_user, fetch_form.url.data or "")
            if existing is not None or job is None:
                assert existing is not None  # request_fetch gives a job or the article
                return _logged(existing, False)
            return redirect(url_for("jobs.job", job_id=job.id, watch=1))
        except ServiceError as err:
            form_error(fetch_form, err, "url")
    return render_template(
        "desk/article_new.html", fetch_form=fetch_form, paste_form=paste_form
    ), refused_status()


@routes.post("/articles/paste")
def article_paste() -> ResponseReturnValue:
    fetch_form = FetchArticleForm(prefix="f", formdata=None)
    paste_form = PasteArticleForm(prefix="p")
    if paste_form.validate_on_submit():
        try:
            with unit_of_work():
                article, created = articles.log_from_paste(
                    current_user,
                    url=paste_form.url.data or "",
                    content=paste_form.content.data or "",
                    headline=paste_form.headline.data or "",
                    byline=paste_form.byline.data,
                    outlet=paste_form.outlet.data,
                    published_on=paste_form.published_on.data,
                )
            return _logged(article, created)
        except ServiceError as err:
            form_error(paste_form, err, "content")
    return render_template(
        "desk/article_new.html", fetch_form=fetch_form, paste_form=paste_form
    ), refused_status()


@routes.get("/articles/<int:article_id>")
def article(article_id: int) -> ResponseReturnValue:
    row = get_or_404(articles.get, article_id)
    quotes = quotations.quotes_in(row)
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


@routes.route("/articles/<int:article_id>/edit", methods=["GET", "POST"])
def article_edit(article_id: int) -> ResponseReturnValue:
    row = get_or_404(articles.get, article_id)
    form = ArticleMetadataForm(obj=row if request.method == "GET" else None)
    if request.method == "GET":
        form.outlet.data = row.outlet.name if row.outlet else ""
        form.version.data = str(row.version_id)
    current = None
    if form.validate_on_submit():
        try:
            with unit_of_work():
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
            flash(gettext("Article details corrected."), "success")
            return redirect(url_for(".article", article_id=row.id))
        except ServiceError as err:
            form_error(form, err, "headline")
            if isinstance(err, Conflict):
                current = err.detail.get("current")
                form.version.data = str(articles.get(article_id).version_id)
    status = 200 if request.method == "GET" else refused_status()
    return render_template(
        "desk/article_edit.html", article=row, form=form, current=current
    ), status


@routes.post("/articles/<int:article_id>/recheck")
def article_recheck(article_id: int) -> ResponseReturnValue:
    """Queue a re-check of the live page now (the watchdog's own job, politely spaced)."""
    row = get_or_404(articles.get, article_id)
    with unit_of_work():
        job = watchdog_jobs.request_recheck(current_user, row)
    return redirect(url_for("jobs.job", job_id=job.id, watch=1))
