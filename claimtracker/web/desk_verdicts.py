"""Desk views for verdicts: propose, revise while awaiting sign-off, sign off (editors)."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_login import current_user

from claimtracker.extensions import db
from claimtracker.models import Role
from claimtracker.services import claims, verdicts
from claimtracker.services.errors import Conflict, ServiceError
from claimtracker.web.desk import bp, commit, form_error, get_or_404, role_required
from claimtracker.web.desk_claims import claim_page, verdict_choices
from claimtracker.web.desk_forms import ReviseVerdictForm, SignOffForm, VerdictForm


@bp.post("/claims/<int:claim_id>/verdicts")
def verdict_propose(claim_id: int):  # type: ignore[no-untyped-def]
    claim = get_or_404(claims.get, claim_id)
    form = VerdictForm()
    verdict_choices(form, claim)
    if form.validate_on_submit():
        try:
            verdicts.propose(
                current_user,
                claim,
                rating=form.rating.data or "",
                summary=form.summary.data or "",
                source_ids=form.source_ids.data,
                reason=form.reason.data or None,
                reason_note=form.reason_note.data,
            )
            commit()
            flash("Verdict proposed; it now awaits an editor's sign-off.", "success")
            return redirect(url_for(".claim", claim_id=claim_id) + "#verdicts")
        except ServiceError as err:
            form_error(form, err, "summary")
            claim = claims.get(claim_id)
    return claim_page(claim, 400, verdict=form)


@bp.post("/verdicts/<int:verdict_id>/revise")
def verdict_revise(verdict_id: int):  # type: ignore[no-untyped-def]
    verdict = get_or_404(verdicts.get, verdict_id)
    claim_id = verdict.claim_id
    form = ReviseVerdictForm()
    verdict_choices(form, verdict.claim)
    if form.validate_on_submit():
        try:
            verdicts.revise(
                current_user,
                verdict,
                form.version_number() or 0,
                rating=form.rating.data or "",
                summary=form.summary.data or "",
                source_ids=form.source_ids.data,
            )
            commit()
            flash("Verdict revised.", "success")
            return redirect(url_for(".claim", claim_id=claim_id) + "#verdicts")
        except ServiceError as err:
            form_error(form, err, "summary")
            if isinstance(err, Conflict):
                form.version.data = str(verdicts.get(verdict_id).version_id)
    return claim_page(claims.get(claim_id), 400, revise=form, revise_id=verdict_id)


@bp.post("/verdicts/<int:verdict_id>/sign-off")
@role_required(Role.EDITOR)
def verdict_sign_off(verdict_id: int):  # type: ignore[no-untyped-def]
    verdict = get_or_404(verdicts.get, verdict_id)
    claim_id = verdict.claim_id
    form = SignOffForm()
    try:
        verdicts.sign_off(verdict_id, current_user, version=form.version_number())
        commit()
        flash("Signed off: the verdict is published.", "success")
    except ServiceError as err:
        db.session.rollback()
        flash(f"Not signed off: {err}", "error")
    return redirect(url_for(".claim", claim_id=claim_id) + "#verdicts")
