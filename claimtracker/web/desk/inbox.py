"""The desk's inbox of readers' messages (/desk/inbox): error reports linked to their
claims and suggestions of claims to check, each moving new -> triaged -> answered/closed;
a suggestion becomes a draft claim in one click."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from claimtracker.models import MessageStatus
from claimtracker.services import inbox
from claimtracker.services.errors import ServiceError
from claimtracker.services.transaction import unit_of_work
from claimtracker.web.helpers import Routes, form_error, get_or_404

routes = Routes()


class MessageStatusForm(FlaskForm):
    """The buttons carry the new status; the note is optional and stays internal."""

    status = HiddenField(validators=[InputRequired()])
    note = TextAreaField(
        _l("Desk note (internal)"), validators=[Optional(), Length(max=5000)], render_kw={"rows": 3}
    )


class DraftForm(FlaskForm):
    """Turn a suggestion into a draft claim (a button)."""


@routes.get("/inbox")
def inbox_list() -> ResponseReturnValue:
    status = request.args.get("status", "new")
    if status not in {s.value for s in MessageStatus} | {"all"}:
        status = "new"
    messages = inbox.listing(None if status == "all" else status)
    return render_template(
        "desk/inbox.html", messages=messages, status=status, counts=inbox.counts()
    )


def _message_page(
    message_id: int, form: MessageStatusForm, status: int = 200
) -> ResponseReturnValue:
    message = get_or_404(inbox.get, message_id)
    if not form.is_submitted():
        form.note.data = message.desk_note
    return render_template(
        "desk/inbox_message.html",
        message=message,
        form=form,
        draft_form=DraftForm(formdata=None),
        moves=sorted(inbox.NEXT[MessageStatus(message.status)], key=list(MessageStatus).index),
    ), status


@routes.get("/inbox/<int:message_id>")
def inbox_message(message_id: int) -> ResponseReturnValue:
    return _message_page(message_id, MessageStatusForm(formdata=None))


@routes.post("/inbox/<int:message_id>")
def inbox_status(message_id: int) -> ResponseReturnValue:
    message = get_or_404(inbox.get, message_id)
    form = MessageStatusForm()
    if form.validate_on_submit():
        try:
            with unit_of_work():
                inbox.set_status(current_user, message, form.status.data or "", form.note.data)
            flash(
                gettext(
                    "Message %(id)s is now %(status)s.", id=message_id, status=form.status.data
                ),
                "success",
            )
            return redirect(url_for(".inbox_list"))
        except ServiceError as err:
            form_error(form, err, "note")
    return _message_page(message_id, form, 400)


@routes.post("/inbox/<int:message_id>/draft")
def inbox_draft(message_id: int) -> ResponseReturnValue:
    message = get_or_404(inbox.get, message_id)
    form = DraftForm()
    if form.validate_on_submit():
        try:
            with unit_of_work():
                claim = inbox.make_draft(current_user, message)
            flash(gettext("The suggestion is now a draft claim: add where it appeared."), "success")
            return redirect(url_for(".claim", claim_id=claim.id))
        except ServiceError as err:
            flash(str(err), "error")
    return redirect(url_for(".inbox_message", message_id=message_id))
