"""Readers talk back (no account, no JavaScript): "Report an error" on a claim page and
"Suggest a claim to check". Messages go to the desk's inbox (services.inbox) and are never
shown publicly.

The forms carry a CSRF token (so they live on pages of their own, never in the cached
claim page), a honeypot field that people never see and bots fill in, and a size limit;
services.inbox counts messages per address in the database, shared by every worker.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, StringField, TextAreaField, URLField
from wtforms.validators import InputRequired, Length, Optional

from claimtracker.publishing.site import claim_url
from claimtracker.services import inbox
from claimtracker.services.errors import ServiceError
from claimtracker.services.transaction import unit_of_work

bp = Blueprint("talkback", __name__)

#: Shown when a form is refused because the address sent too much.
LIMIT_MESSAGE = _l(
    "We have received several messages from your connection in the last hour, so we "
    "cannot take another one just now. Please try again later."
)


class _ReaderForm(FlaskForm):
    #: Set when the address's allowance is spent (the page answers 429).
    limited = False
    #: The honeypot: hidden from people (CSS, aria-hidden, no tab stop); bots fill it in.
    website = StringField(_l("Leave this field empty"), validators=[Optional()])
    contact = EmailField(
        _l("Your email address (optional)"), validators=[Optional(), Length(max=inbox.MAX_CONTACT)]
    )


class ReportForm(_ReaderForm):
    body = TextAreaField(
        _l("What is wrong, and how do you know?"),
        validators=[InputRequired(_l("Please tell us what is wrong.")), Length(max=5000)],
        render_kw={"rows": 8},
    )


class SuggestForm(_ReaderForm):
    body = TextAreaField(
        _l("The claim you would like us to check"),
        validators=[InputRequired(_l("Please write the claim.")), Length(max=5000)],
        render_kw={"rows": 6},
    )
    url = URLField(
        _l("Where you saw it (optional)"), validators=[Optional(), Length(max=inbox.MAX_URL)]
    )


def _limits(form: _ReaderForm) -> None:
    """The configured size limit on the message field (the form's default is 5,000)."""
    limit = inbox.max_chars()
    for validator in form.body.validators:
        if isinstance(validator, Length):
            validator.max = limit


def _address() -> str:
    # ProxyFix (TRUSTED_PROXIES) has already put the client's address here.
    return request.remote_addr or "unknown"


def _receive(form: _ReaderForm, send: Callable[[], object]) -> ResponseReturnValue | None:
    """Validate and hand the message to ``send``; a redirect to the thanks page, or None
    with the form's errors set (the status is read from them)."""
    _limits(form)
    if not form.validate_on_submit():
        return None
    if form.website.data:  # a bot: answer as if it worked, keep nothing
        return redirect(url_for(".thanks"), code=303)
    try:
        with unit_of_work():
            send()
    except inbox.RateLimited:
        form.body.errors = [*form.body.errors, LIMIT_MESSAGE]
        form.limited = True
        return None
    except ServiceError as err:
        field = getattr(form, err.field or "body", None) or form.body
        field.errors = [*field.errors, str(err)]
        return None
    return redirect(url_for(".thanks"), code=303)


def _status(form: _ReaderForm) -> int:
    if getattr(form, "limited", False):
        return 429
    return 400 if form.errors else 200


@bp.route("/claims/<int:claim_id>/report", methods=["GET", "POST"])
def report(claim_id: int) -> ResponseReturnValue:
    """Report an error in a published claim's fact check."""
    found = inbox.published_claim_text(claim_id)
    if found is None:
        abort(404)
    form = ReportForm()
    done = _receive(
        form,
        lambda: inbox.report_error(claim_id, form.body.data or "", form.contact.data, _address()),
    )
    if done is not None:
        return done
    page = claim_url(claim_id, found)
    return render_template(
        "public/report.html",
        form=form,
        claim_text=found,
        claim_page=page,
        limit=inbox.max_chars(),
    ), _status(form)


@bp.route("/suggest", methods=["GET", "POST"])
def suggest() -> ResponseReturnValue:
    """Suggest a claim for the desk to check."""
    form = SuggestForm()
    done = _receive(
        form,
        lambda: inbox.suggest_claim(
            form.body.data or "", form.url.data, form.contact.data, _address()
        ),
    )
    if done is not None:
        return done
    return render_template("public/suggest.html", form=form, limit=inbox.max_chars()), _status(form)


@bp.get("/thanks")
def thanks() -> ResponseReturnValue:
    return render_template("public/thanks.html")
