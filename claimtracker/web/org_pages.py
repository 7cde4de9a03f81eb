"""Admins edit the organisation's pages (/desk/admin/pages): About, Methodology,
Corrections policy, Contact. Each save is a new revision; the history is listed."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, Length

from claimtracker.extensions import db
from claimtracker.models import Role
from claimtracker.services import org_pages
from claimtracker.services.errors import NotFound, ServiceError
from claimtracker.services.transaction import unit_of_work
from claimtracker.web.helpers import require_role

bp = Blueprint("org_pages", __name__, url_prefix="/desk/admin/pages")


class PageForm(FlaskForm):
    """Shape only; services.org_pages.save checks meaning."""

    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=org_pages.MAX_TITLE)])
    body = TextAreaField(
        _l("Text (Markdown)"),
        validators=[InputRequired(), Length(max=org_pages.MAX_BODY)],
        render_kw={"rows": 20},
    )


@bp.before_request
@login_required
def _admins_only() -> None:
    require_role(Role.ADMIN)


@bp.get("/")
def page_list() -> ResponseReturnValue:
    pages = [org_pages.current(slug) for slug in org_pages.SLUGS]
    return render_template("admin/pages.html", pages=pages)


@bp.route("/<name>", methods=["GET", "POST"])
def page_edit(name: str) -> ResponseReturnValue:
    slug = name
    try:
        page = org_pages.current(slug)
    except NotFound:
        abort(404)
    form = PageForm()
    if request.method == "GET":
        shown = request.args.get("revision", type=int)
        source = page
        if shown:  # start from an older revision (to restore it, save it again)
            try:
                source = org_pages.revision(slug, shown)  # type: ignore[assignment]
            except NotFound:
                abort(404)
        form.title.data, form.body.data = source.title, source.body
    elif form.validate_on_submit():
        try:
            with unit_of_work():
                org_pages.save(current_user, slug, form.title.data or "", form.body.data or "")
            flash(
                gettext("“%(title)s” saved; readers see it now.", title=form.title.data), "success"
            )
            return redirect(url_for(".page_edit", name=slug))
        except ServiceError as err:
            db.session.rollback()
            field = getattr(form, err.field or "body", form.body)
            field.errors = [*field.errors, str(err)]
    status = 400 if form.errors else 200
    return render_template(
        "admin/page_edit.html", page=page, form=form, history=org_pages.history(slug)
    ), status
