"""Monitoring on the desk: the outlets followed (editors), the Repeats queue (the desk),
and the desk feed of repeats of claims rated False or Misleading (editors, by a private
key in the feed's URL, since feed readers cannot sign in).

Deciding on a repeat posts to the article's "Already checked?" page (web.desk.matches),
which sends the reviewer back here: one flow for both pages.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_decimal, gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from markupsafe import escape
from wtforms import URLField
from wtforms.validators import DataRequired, Length

from claimtracker.extensions import limiter
from claimtracker.models import RepeatMatch, Role
from claimtracker.publishing import atom
from claimtracker.publishing.site import organisation
from claimtracker.services import following, monitor_jobs, repeats
from claimtracker.services.errors import ServiceError
from claimtracker.services.transaction import unit_of_work
from claimtracker.web.helpers import form_error, get_or_404, refused_status, require_role

bp = Blueprint("monitoring", __name__, url_prefix="/desk")


class FollowForm(FlaskForm):
    url = URLField(_l("Feed URL"), validators=[DataRequired(), Length(max=2048)])


class ActionForm(FlaskForm):
    """A one-button form (CSRF token only)."""


def _following_page(form: FollowForm, status: int = 200) -> ResponseReturnValue:
    return render_template(
        "desk/following.html", feeds=following.listing(), form=form, action=ActionForm()
    ), status


@bp.get("/following")
@login_required
def following_list() -> ResponseReturnValue:
    """The followed feeds with their state and last error, and the form to add one."""
    require_role(Role.EDITOR)
    return _following_page(FollowForm(formdata=None))


@bp.post("/following")
@login_required
@limiter.limit("30 per minute")  # each one resolves a host name now and is polled soon
def following_add() -> ResponseReturnValue:
    require_role(Role.EDITOR)
    form = FollowForm()
    if form.validate_on_submit():
        try:
            with unit_of_work():
                feed = following.follow(current_user, form.url.data or "")
            flash(gettext("Following %(url)s: the worker reads it shortly.", url=feed.url))
            return redirect(url_for(".following_list"), code=303)
        except ServiceError as err:
            form_error(form, err, "url")
    return _following_page(form, refused_status())


@bp.post("/following/<int:feed_id>/enable")
@login_required
def following_enable(feed_id: int) -> ResponseReturnValue:
    return _following_change(feed_id, "enable")


@bp.post("/following/<int:feed_id>/disable")
@login_required
def following_disable(feed_id: int) -> ResponseReturnValue:
    return _following_change(feed_id, "disable")


@bp.post("/following/<int:feed_id>/remove")
@login_required
def following_remove(feed_id: int) -> ResponseReturnValue:
    return _following_change(feed_id, "remove")


@bp.post("/following/<int:feed_id>/poll")
@login_required
def following_poll(feed_id: int) -> ResponseReturnValue:
    """Read the feed now (the worker's job; its page shows the outcome)."""
    require_role(Role.EDITOR)
    if not ActionForm().validate_on_submit():
        abort(400)
    feed = get_or_404(following.get, feed_id)
    with unit_of_work():
        job = monitor_jobs.request_poll(current_user, feed)
    return redirect(url_for("jobs.job", job_id=job.id, watch=1), code=303)


def _following_change(feed_id: int, action: str) -> ResponseReturnValue:
    """Resume, pause or stop following a feed (editors), then back to the list."""
    require_role(Role.EDITOR)
    if not ActionForm().validate_on_submit():
        abort(400)
    feed = get_or_404(following.get, feed_id)
    with unit_of_work():
        if action == "remove":
            url = following.unfollow(current_user, feed)
            message = gettext("No longer following %(url)s.", url=url)
        elif action == "enable":
            following.set_enabled(current_user, feed, True)
            message = gettext("Polling %(url)s again.", url=feed.url)
        else:
            following.set_enabled(current_user, feed, False)
            message = gettext("Paused %(url)s.", url=feed.url)
    flash(message, "success")
    return redirect(url_for(".following_list"), code=303)


@bp.get("/repeats")
@login_required
def repeats_page() -> ResponseReturnValue:
    """Monitored articles that repeat a claim we know, best match first."""
    return _repeats(new_key=None)


def _repeats(new_key: str | None) -> ResponseReturnValue:
    editor = current_user.role >= Role.EDITOR
    return render_template(
        "desk/repeats.html",
        page=repeats.queue(),
        feed_key=repeats.feed_key_of(current_user) if editor else None,
        new_key_url=url_for(".desk_feed", key=new_key, _external=True) if new_key else None,
        action=ActionForm(),
    )


@bp.post("/repeats/feed-key")
@login_required
def repeats_feed_key() -> ResponseReturnValue:
    """Make the editor a new private link to the desk feed (shown once, on this answer)."""
    require_role(Role.EDITOR)
    if not ActionForm().validate_on_submit():
        abort(400)
    with unit_of_work():
        key = repeats.new_feed_key(current_user)
    return _repeats(new_key=key)


@bp.get("/repeats/feed/<key>.atom")
@limiter.limit("60 per minute")
def desk_feed(key: str) -> ResponseReturnValue:
    """Repeats of claims with an alert rating (False, Misleading ...), newest first, for
    the editor whose private key is in the URL. An unknown key is a 404, like any page."""
    with unit_of_work():
        reader = repeats.reader_of(key)
    if reader is None:
        abort(404)
    entries = [_entry(match) for match in repeats.alerts()]
    body = atom.feed(
        entries,
        feed_url=url_for(".repeats_page", _external=True),
        home_url=url_for(".repeats_page", _external=True),
        org=organisation(),
        title=gettext("Repeats of false and misleading claims — %(org)s", org=organisation().name),
    )
    response = current_app.response_class(body, mimetype="application/atom+xml")
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _entry(match: RepeatMatch) -> atom.AtomEntry:
    claim, article = match.claim, match.article
    verdict = claim.current_verdict
    rating = verdict.rating if verdict else None
    outlet = article.outlet.name if article.outlet else article.url
    title = gettext(
        "%(rating)s claim repeated by %(outlet)s: %(claim)s",
        rating=rating.label if rating else "",
        outlet=outlet,
        claim=claim.text,
    )
    where = url_for("desk.already_checked_page", article_id=article.id, _external=True)
    known = gettext("Known claim:")
    score = gettext("score %(score)s", score=format_decimal(match.score, "0.00"))
    claim_url = url_for("desk.claim", claim_id=claim.id, _external=True)
    content = (
        f'<p><a href="{escape(article.url)}">{escape(article.headline or article.url)}</a></p>'
        f"<blockquote>{escape(match.passage)}</blockquote>"
        f'<p>{escape(known)} <a href="{escape(claim_url)}">{escape(claim.text)}</a> '
        f"({escape(rating.label if rating else '')}; {escape(score)})</p>"
    )
    return atom.AtomEntry(
        id=url_for(".repeats_page", _external=True) + f"#repeat-{match.id}",
        title=title,
        link=where,
        published=match.found_at,
        term=rating.slug if rating else None,
        label=rating.label if rating else None,
        content=content,
    )
