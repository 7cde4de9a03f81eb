"""Desk views for verdicts: propose, revise while awaiting sign-off, sign off (editors)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user

from claimtracker.extensions import db
from claimtracker.models import Role
from claimtracker.services import claims, verdicts
from claimtracker.services.errors import Conflict, ServiceError
from claimtracker.services.transaction import unit_of_work
from claimtracker.web.desk.claims import claim_page, verdict_choices
from claimtracker.web.desk.forms import ReviseVerdictForm, SignOffForm, VerdictForm
from claimtracker.web.helpers import Routes, form_error, get_or_404, refused_status, role_required

routes = Routes()


@routes.post("/claims/<int:claim_id>/verdicts")
def verdict_propose(claim_id: int) -> ResponseReturnValue:
    claim = get_or_404(claims.get, claim_id)
    form = VerdictForm()
    verdict_choices(form, claim)
    if form.validate_on_submit():
        try:
            with unit_of_work():
                verdicts.propose(
                    current_user,
                    claim,
                    rating=form.rating.data or "",
                    summary=form.summary.data or "",
                    source_ids=form.source_ids.data,
                    reason=form.reason.data or None,
                    reason_note=form.reason_note.data,
                    fidelity=form.fidelity.data,
                )
            flash(gettext("Verdict proposed; it now awaits an editor's sign-off."), "success")
            if not form.source_ids.data:
                flash(
                    gettext(
                        "This verdict cites no source: readers cannot check it. Revise the "
                        "proposal to cite the sources it rests on."
                    ),
                    "warning",
                )
            return redirect(url_for(".claim", claim_id=claim_id) + "#verdicts")
        except ServiceError as err:
            form_error(form, err, "summary")
            claim = claims.get(claim_id)
    return claim_page(claim, refused_status(), verdict=form)


@routes.post("/verdicts/<int:verdict_id>/revise")
def verdict_revise(verdict_id: int) -> ResponseReturnValue:
    verdict = get_or_404(verdicts.get, verdict_id)
    claim_id = verdict.claim_id
    form = ReviseVerdictForm()
    verdict_choices(form, verdict.claim)
    if form.validate_on_submit():
        try:
            with unit_of_work():
                verdicts.revise(
                    current_user,
                    verdict,
                    form.version_number() or 0,
                    rating=form.rating.data or "",
                    summary=form.summary.data or "",
                    source_ids=form.source_ids.data,
                    fidelity=verdicts.KEEP if form.fidelity.data is None else form.fidelity.data,
                )
            flash(gettext("Verdict revised."), "success")
            return redirect(url_for(".claim", claim_id=claim_id) + "#verdicts")
        except ServiceError as err:
            form_error(form, err, "summary")
            if isinstance(err, Conflict):
                form.version.data = str(verdicts.get(verdict_id).version_id)
    return claim_page(claims.get(claim_id), refused_status(), revise=form, revise_id=verdict_id)


@routes.get("/verdicts/<int:verdict_id>/sign-off")
@role_required(Role.EDITOR)
def verdict_sign_off_preview(verdict_id: int) -> ResponseReturnValue:
    """What signing off will publish, as readers will see it, then the confirmation."""
    verdict = get_or_404(verdicts.get, verdict_id)
    return render_template(
        "desk/sign_off.html",
        verdict=verdict,
        claim=verdict.claim,
        form=SignOffForm(formdata=None, version=str(verdict.version_id)),
    )


@routes.post("/verdicts/<int:verdict_id>/sign-off")
@role_required(Role.EDITOR)
def verdict_sign_off(verdict_id: int) -> ResponseReturnValue:
    verdict = get_or_404(verdicts.get, verdict_id)
    claim_id = verdict.claim_id
    form = SignOffForm()
    if not form.validate_on_submit() or form.version_number() is None:
        # Signing off words the editor may not have read is what the version prevents.
        flash(
            gettext(
                "Not signed off: the form did not say which version of the verdict you "
                "read; read it below and sign off again."
            ),
            "error",
        )
        return claim_page(verdict.claim, 400)
    try:
        with unit_of_work():
            verdicts.sign_off(verdict_id, current_user, version=form.version_number())
        flash(gettext("Signed off: the verdict is published."), "success")
    except ServiceError as err:
        db.session.rollback()
        flash(gettext("Not signed off: %(reason)s", reason=err), "error")
        if isinstance(err, Conflict):  # revised since it was read, or already decided
            return claim_page(claims.get(claim_id), 409)
    return redirect(url_for(".claim", claim_id=claim_id) + "#verdicts")
