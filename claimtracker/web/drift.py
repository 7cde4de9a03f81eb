"""/desk/quote-changes: claims whose quotes changed or disappeared in a later version of
their article, newest first; a reviewer marks each seen with a note, or opens a correction
(a new verdict on the claim's desk page)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import Length, Optional

from claimtracker.extensions import db
from claimtracker.ingest.worddiff import word_diff
from claimtracker.services import quote_changes
from claimtracker.services.errors import ServiceError
from claimtracker.services.transaction import commit

bp = Blueprint("drift", __name__, url_prefix="/desk/quote-changes")


class SeenForm(FlaskForm):
    note = TextAreaField(
        _l("Note (what you made of it)"),
        validators=[Optional(), Length(max=quote_changes.MAX_NOTE_CHARS)],
    )


@bp.before_request
@login_required
def _signed_in() -> None:
    """Reviewers only."""


@bp.get("")
def listing() -> ResponseReturnValue:
    include_seen = request.args.get("all") == "1"
    changes = quote_changes.listing(include_seen=include_seen)
    # Each change shows the words it found then (a later change may have moved on).
    diffs = {c.id: word_diff(c.appearance.exact, c.new_exact) for c in changes if c.new_exact}
    return render_template(
        "desk/quote_changes.html",
        changes=changes,
        diffs=diffs,
        include_seen=include_seen,
        form=SeenForm(formdata=None),
    )


@bp.post("/<int:change_id>/seen")
def seen(change_id: int) -> ResponseReturnValue:
    form = SeenForm()
    if not form.validate_on_submit():
        flash(
            gettext(
                "Not saved: %(reason)s",
                reason="; ".join(str(e) for errs in form.errors.values() for e in errs),
            ),
            "error",
        )
        return redirect(url_for(".listing"))
    try:
        quote_changes.mark_seen(current_user, change_id, form.note.data or "")
        commit()
        flash(gettext("Marked seen."), "success")
    except ServiceError as err:
        db.session.rollback()
        flash(gettext("Not saved: %(reason)s", reason=err), "error")
    return redirect(url_for(".listing"))
