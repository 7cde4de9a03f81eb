"""Desk views for claims: create (with similar-claim check), edit, workflow, sources,
notes, verdicts and the per-claim history. Registered on the desk blueprint."""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from claimtracker.extensions import db
from claimtracker.ids import parse_id
from claimtracker.models import Claim, User, VerdictStatus
from claimtracker.services import articles, claims, ratings, similar, workflow
from claimtracker.services.errors import Conflict, Invalid, ServiceError
from claimtracker.web.desk import bp, commit, form_error, get_or_404
from claimtracker.web.desk_forms import (
    AppearanceForm,
    AssignForm,
    EditClaimForm,
    NewClaimForm,
    NoteForm,
    ReviseVerdictForm,
    SignOffForm,
    SourceForm,
    StatusForm,
    VerdictForm,
    choices,
)


def _int(value: Any) -> int | None:
    return parse_id(value)


def _ref(value: Any) -> int | None:
    """A referenced row's id: None when blank, 0 (matches no row, so the lookup refuses it)
    when junk or too large, so a bad id is never read as "no reference"."""
    raw = str(value or "").strip()
    return (parse_id(raw) or 0) if raw else None


def _claimant_choices(form: Any) -> None:
    form.claimant_id.choices = choices(
        [("", "— pick a claimant —")] + [(str(c.id), c.name) for c in claims.all_claimants()]
    )


def _claimant_args(form: Any) -> dict[str, Any]:
    """A picked claimant id wins; otherwise a typed new name. A non-number id is an
    unknown id (the service refuses it with a message)."""
    raw = (form.claimant_id.data or "").strip()
    if raw:
        claimant_id = parse_id(raw)
        if claimant_id is None:
            raise Invalid(f"no claimant with id {raw[:40]!r}", field="claimant_id")
        return {"claimant_id": claimant_id}
    return {"claimant": (form.claimant_name.data or "").strip() or None}


@bp.route("/claims/new", methods=["GET", "POST"])
def claim_new():  # type: ignore[no-untyped-def]
    form = NewClaimForm(formdata=request.form if request.method == "POST" else request.args)
    _claimant_choices(form)
    article = None
    article_id = _ref(form.article_id.data)
    if article_id is not None:
        article = get_or_404(articles.get, article_id)
    if request.method == "GET":
        if article is not None and not form.claimed_on.data:
            form.claimed_on.data = article.published_on  # a sensible default, editable
        return render_template("desk/claim_new.html", form=form, article=article, matches=[])
    matches: list[similar.Match] = []
    if form.validate_on_submit():
        if not form.confirmed.data:
            matches = similar.similar_claims(form.text.data or "")
        if not matches:
            try:
                claim = claims.create_claim(
                    current_user,
                    text=form.text.data or "",
                    long_text=form.long_text.data,
                    claimed_on=form.claimed_on.data,
                    tags=claims.parse_tags(form.tags.data),
                    **_claimant_args(form),
                )
                if article is not None:
                    claims.add_appearance(
                        current_user,
                        claim,
                        article,
                        exact=form.exact.data or "",
                        start=_int(form.start.data),
                        speaker=form.speaker.data,
                    )
                commit()
                flash("Claim created as a draft.", "success")
                return redirect(url_for(".claim", claim_id=claim.id))
            except ServiceError as err:
                form_error(form, err, "text")
        else:
            form.confirmed.data = "1"
    return render_template(
        "desk/claim_new.html", form=form, article=article, matches=matches
    ), 200 if matches and not form.errors else 400


@bp.post("/claims/<int:claim_id>/appearances")
def appearance_add(claim_id: int):  # type: ignore[no-untyped-def]
    claim = get_or_404(claims.get, claim_id)
    form = AppearanceForm()
    if form.validate_on_submit():
        article = get_or_404(articles.get, _int(form.article_id.data) or 0)
        try:
            claims.add_appearance(
                current_user,
                claim,
                article,
                exact=form.exact.data or "",
                start=_int(form.start.data),
                speaker=form.speaker.data,
            )
            commit()
            flash("Article added as another appearance of this claim.", "success")
            return redirect(url_for(".claim", claim_id=claim.id))
        except ServiceError as err:
            db.session.rollback()
            flash(f"Not added: {err}", "error")
    else:
        flash("Not added: " + "; ".join(e for errs in form.errors.values() for e in errs), "error")
    return redirect(
        url_for(".article", article_id=_int(form.article_id.data) or 0)
        if _int(form.article_id.data)
        else url_for(".claim", claim_id=claim.id)
    )


def verdict_choices(form: Any, claim: Claim) -> None:
    form.rating.choices = choices([(r.label, r.label) for r in ratings.all_ratings()])
    form.source_ids.choices = choices([(s.id, s.title) for s in claim.sources])


def claim_page(claim: Claim, status: int = 200, **forms: Any):  # type: ignore[no-untyped-def]
    """Render the claim's desk page; ``forms`` replaces the blank form of the same name."""
    version = str(claim.version_id)
    edit = forms.get("edit") or EditClaimForm(formdata=None, obj=claim, version=version)
    _claimant_choices(edit)
    if "edit" not in forms:
        edit.claimant_id.data = str(claim.claimant_id or "")
        edit.tags.data = ", ".join(t.name for t in claim.tags)
    assign = forms.get("assign") or AssignForm(formdata=None, version=version)
    assign.assignee_id.choices = choices(
        [("", "— nobody —")]
        + [
            (str(u.id), u.display_name)
            for u in db.session.scalars(
                db.select(User).where(User.active.is_(True)).order_by(User.email)
            )
        ]
    )
    assign.assignee_id.data = assign.assignee_id.data or str(claim.assignee_id or "")
    verdict_form = forms.get("verdict") or VerdictForm(formdata=None)
    verdict_choices(verdict_form, claim)
    pending = workflow.pending_verdicts(claim)
    revise_forms = {}
    for v in pending:
        rf = forms.get("revise") if forms.get("revise_id") == v.id else None
        rf = rf or ReviseVerdictForm(
            formdata=None,
            rating=v.rating.label,
            summary=v.summary,
            source_ids=[s.id for s in v.sources],
            version=str(v.version_id),
        )
        verdict_choices(rf, claim)
        revise_forms[v.id] = rf
    return render_template(
        "desk/claim.html",
        claim=claim,
        edit=edit,
        assign=assign,
        source_form=forms.get("source") or SourceForm(formdata=None),
        note_form=forms.get("note") or NoteForm(formdata=None),
        verdict_form=verdict_form,
        revise_forms=revise_forms,
        pending=pending,
        status_form=StatusForm(formdata=None, version=version),
        signoff_form=SignOffForm(formdata=None),
        conflict=forms.get("conflict"),
        two_person=bool(current_app.config["TWO_PERSON_RULE"]),
        notes_by_parent=_thread(claim),
        VerdictStatus=VerdictStatus,
    ), status


def _thread(claim: Claim) -> dict[int | None, list]:
    tree: dict[int | None, list] = {}
    for note in claim.notes:
        tree.setdefault(note.parent_id, []).append(note)
    return tree


@bp.get("/claims/<int:claim_id>")
def claim(claim_id: int):  # type: ignore[no-untyped-def]
    return claim_page(get_or_404(claims.get, claim_id))


def _conflict_detail(err: ServiceError) -> dict | None:
    return err.detail if isinstance(err, Conflict) else None


@bp.post("/claims/<int:claim_id>/edit")
def claim_edit(claim_id: int):  # type: ignore[no-untyped-def]
    claim = get_or_404(claims.get, claim_id)
    form = EditClaimForm()
    _claimant_choices(form)
    if form.validate_on_submit():
        try:
            workflow.update_claim(
                current_user,
                claim,
                form.version_number() or 0,
                text=form.text.data or "",
                long_text=form.long_text.data,
                claimed_on=form.claimed_on.data,
                tags=claims.parse_tags(form.tags.data),
                **_claimant_args(form),
            )
            commit()
            flash("Claim saved.", "success")
            return redirect(url_for(".claim", claim_id=claim_id))
        except ServiceError as err:
            form_error(form, err, "text")
            claim = claims.get(claim_id)
            return claim_page(
                claim,
                409 if isinstance(err, Conflict) else 400,
                edit=form,
                conflict=_conflict_detail(err),
            )
    return claim_page(claim, 400, edit=form)


def _simple(claim_id: int, action: str, call) -> Any:  # type: ignore[no-untyped-def]
    """Run a one-button workflow action; a refusal is flashed (with what changed)."""
    claim = get_or_404(claims.get, claim_id)
    try:
        call(claim)
        commit()
        flash(action, "success")
    except ServiceError as err:
        db.session.rollback()
        flash(f"Not done: {err}", "error")
        if isinstance(err, Conflict) and err.detail.get("changes"):
            return claim_page(claims.get(claim_id), 409, conflict=err.detail)
    return redirect(url_for(".claim", claim_id=claim_id))


@bp.post("/claims/<int:claim_id>/status")
def claim_status(claim_id: int):  # type: ignore[no-untyped-def]
    form = StatusForm()
    return _simple(
        claim_id,
        "Status changed.",
        lambda c: workflow.set_status(
            current_user, c, form.version_number() or 0, form.status.data or ""
        ),
    )


@bp.post("/claims/<int:claim_id>/assign")
def claim_assign(claim_id: int):  # type: ignore[no-untyped-def]
    form = AssignForm()
    wanted = "me" if request.form.get("me") else (form.assignee_id.data or "")
    assignee = current_user.id if wanted == "me" else _int(wanted)
    if wanted and wanted != "me" and assignee is None:
        flash("Not done: pick an account from the list.", "error")
        return redirect(url_for(".claim", claim_id=claim_id))
    return _simple(
        claim_id,
        "Assignment saved.",
        lambda c: workflow.assign(current_user, c, form.version_number() or 0, assignee),
    )


@bp.post("/claims/<int:claim_id>/sources")
def source_add(claim_id: int):  # type: ignore[no-untyped-def]
    claim = get_or_404(claims.get, claim_id)
    form = SourceForm()
    if form.validate_on_submit():
        try:
            claims.add_source(
                current_user,
                claim,
                url=form.url.data or "",
                title=form.title.data or "",
                publisher=form.publisher.data,
                stance=form.stance.data,
                note=form.note.data,
                archive_url=form.archive_url.data,
                wayback=form.wayback.data,
            )
            commit()
            flash("Source added.", "success")
            return redirect(url_for(".claim", claim_id=claim_id) + "#sources")
        except ServiceError as err:
            form_error(form, err, "url")
            claim = claims.get(claim_id)
    return claim_page(claim, 400, source=form)


@bp.post("/claims/<int:claim_id>/notes")
def note_add(claim_id: int):  # type: ignore[no-untyped-def]
    claim = get_or_404(claims.get, claim_id)
    form = NoteForm()
    if form.validate_on_submit():
        try:
            claims.add_note(
                current_user,
                claim,
                form.body.data or "",
                public=form.public.data,
                parent_id=_ref(form.parent_id.data),
            )
            commit()
            flash("Note added.", "success")
            return redirect(url_for(".claim", claim_id=claim_id) + "#notes")
        except ServiceError as err:
            form_error(form, err, "body")
            claim = claims.get(claim_id)
    return claim_page(claim, 400, note=form)


@bp.get("/claims/<int:claim_id>/history")
def claim_history(claim_id: int):  # type: ignore[no-untyped-def]
    claim = get_or_404(claims.get, claim_id)
    return render_template("desk/history.html", claim=claim, events=workflow.history(claim))


from claimtracker.web import desk_verdicts  # noqa: E402,F401 - registers the verdict views
