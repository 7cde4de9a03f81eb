"""Desk views for claims: the queue, create (with the similar-claim check), edit,
workflow, assignment, sources, notes and the per-claim history; ``claim_page`` renders a
claim's desk page with any of its forms (the verdict views use it too)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user

from claimtracker import i18n
from claimtracker.extensions import db
from claimtracker.ids import parse_id
from claimtracker.models import (
    Appearance,
    Article,
    Claim,
    Note,
    PendingAddition,
    User,
    VerdictStatus,
)
from claimtracker.services import (
    additions,
    articles,
    cited_sources,
    claim_edits,
    claims,
    queue,
    ratings,
    similar,
)
from claimtracker.services import claim_status as statuses
from claimtracker.services import fidelity as fidelity_scale
from claimtracker.services.errors import Conflict, Invalid, ServiceError
from claimtracker.services.transaction import unit_of_work
from claimtracker.web.desk.forms import (
    AppearanceForm,
    AssignForm,
    CitedSourceForm,
    EditClaimForm,
    NewClaimForm,
    NoteForm,
    RejectAdditionForm,
    ReviseVerdictForm,
    SignOffForm,
    SourceForm,
    StatusForm,
    VerdictForm,
    choices,
)
from claimtracker.web.helpers import Routes, form_error, get_or_404, refused_status

routes = Routes()


def _held_message() -> str:
    """The flash for an addition held for an editor (translated when shown)."""
    return gettext(
        "Saved for an editor: this claim is published, so readers will see your addition "
        "once an editor approves it."
    )


def _added_or_held(made: object, claim_id: int, added: str, anchor: str) -> ResponseReturnValue:
    """Back to the claim after an addition: to what was added, or, when the claim is
    published and the addition waits for an editor (a PendingAddition), to the held list."""
    if isinstance(made, PendingAddition):
        flash(_held_message(), "success")
        anchor = "#held"
    else:
        flash(added, "success")
    return redirect(url_for(".claim", claim_id=claim_id) + anchor)


@routes.get("/", endpoint="queue")  # auth.py lands signed-in users on desk.queue
def queue_view() -> ResponseReturnValue:
    filters = queue.QueueFilter(
        status=request.args.get("status") or None,
        assignee=request.args.get("assignee") or None,
        tag=request.args.get("tag") or None,
        outlet=request.args.get("outlet") or None,
        page=request.args.get("page", 1, type=int) or 1,
    )
    result = queue.load(filters, current_user)
    return render_template("desk/queue.html", q=result, f=filters, waiting=additions.waiting())


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


def _add_appearance(
    claim: Claim, article: Article, form: NewClaimForm | AppearanceForm
) -> Appearance | PendingAddition:
    """The passage a form names (exact text, its offset, its speaker) as an appearance
    (held for an editor when a reviewer adds it to a published claim)."""
    return additions.add_appearance(
        current_user,
        claim,
        article,
        exact=form.exact.data or "",
        start=_int(form.start.data),
        speaker=form.speaker.data,
    )


@routes.route("/claims/new", methods=["GET", "POST"])
def claim_new() -> ResponseReturnValue:
    form = NewClaimForm(formdata=request.form if request.method == "POST" else request.args)
    _claimant_choices(form)
    article = None
    article_id = _ref(form.article_id.data)
    if article_id is not None:
        article = get_or_404(articles.get, article_id)
    if request.method == "GET":
        # A claimant named in the link (from a quote's speaker) who is already known is
        # picked in the list, so the reviewer sees it is not a new one.
        typed = (form.claimant_name.data or "").strip()
        known = claims.find_claimant(typed) if typed and not form.claimant_id.data else None
        if known is not None:
            form.claimant_id.data, form.claimant_name.data = str(known.id), ""
        if article is not None and not form.claimed_on.data:
            form.claimed_on.data = article.published_on  # a sensible default, editable
        return render_template("desk/claim_new.html", form=form, article=article, matches=[])
    matches: list[similar.Match] = []
    if form.validate_on_submit():
        if not form.confirmed.data:
            matches = similar.similar_claims(form.text.data or "")
        if not matches:
            try:
                with unit_of_work():
                    claim = claims.create_claim(
                        current_user,
                        text=form.text.data or "",
                        long_text=form.long_text.data,
                        claimed_on=form.claimed_on.data,
                        tags=claims.parse_tags(form.tags.data),
                        # A claim keeps its own language (ClaimReview inLanguage): the
                        # site's, as the desk works in it.
                        language=i18n.html_lang(current_app.config["LANGUAGE"]),
                        **_claimant_args(form),
                    )
                    if article is not None:
                        _add_appearance(claim, article, form)
                flash(gettext("Claim created as a draft."), "success")
                return redirect(url_for(".claim", claim_id=claim.id))
            except ServiceError as err:
                form_error(form, err, "text")
        else:
            form.confirmed.data = "1"
    return render_template(
        "desk/claim_new.html", form=form, article=article, matches=matches
    ), 200 if matches and not form.errors else refused_status()


@routes.post("/claims/<int:claim_id>/appearances")
def appearance_add(claim_id: int) -> ResponseReturnValue:
    claim = get_or_404(claims.get, claim_id)
    form = AppearanceForm()
    if form.validate_on_submit():
        article = get_or_404(articles.get, _int(form.article_id.data) or 0)
        try:
            with unit_of_work():
                made = _add_appearance(claim, article, form)
            if isinstance(made, PendingAddition):
                flash(_held_message(), "success")
            else:
                flash(gettext("Article added as another appearance of this claim."), "success")
            return redirect(url_for(".claim", claim_id=claim.id))
        except ServiceError as err:
            db.session.rollback()
            flash(gettext("Not added: %(reason)s", reason=err), "error")
    else:
        flash(
            gettext(
                "Not added: %(reason)s",
                reason="; ".join(str(e) for errs in form.errors.values() for e in errs),
            ),
            "error",
        )
    return redirect(
        url_for(".article", article_id=_int(form.article_id.data) or 0)
        if _int(form.article_id.data)
        else url_for(".claim", claim_id=claim.id)
    )


def verdict_choices(form: Any, claim: Claim) -> None:
    """The rating select starts empty (a skipped field is an error, never "True")."""
    form.rating.choices = choices(
        [("", "Choose a rating…")] + [(r.label, r.label) for r in ratings.all_ratings()]
    )
    form.source_ids.choices = choices([(s.id, s.title) for s in claim.sources])
    form.fidelity.choices = choices(fidelity_scale.choices())


def cited_form(appearance: Appearance, posted: CitedSourceForm | None = None) -> CitedSourceForm:
    """The cited-source form of one appearance: as posted, or filled from what is recorded
    (the attribution suggested from the article's words when none is)."""
    form = posted or CitedSourceForm(
        formdata=None,
        prefix=f"cite{appearance.id}-",
        attributed_to=appearance.attributed_to
        or cited_sources.suggest(appearance).attributed_to
        or "",
        article_id=str(appearance.cited_article_id or ""),
        excerpt=appearance.cited_excerpt or "",
        url=appearance.cited_url or "",
        archive_url=appearance.cited_archive_url or "",
    )
    form.article_id.choices = choices(
        [("", "— none: paste the passage below —")]
        + [
            (str(a.id), f"{a.outlet.name + ': ' if a.outlet else ''}{a.headline or a.url}")
            for a in cited_sources.citable_articles(appearance)
        ]
    )
    return form


def claim_page(claim: Claim, status: int = 200, **forms: Any) -> ResponseReturnValue:
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
    suggested = next(
        (
            cited_sources.suggest(a).fidelity
            for a in claim.appearances
            if cited_sources.has_cited_source(a)
        ),
        None,
    )
    # A correction or update starts from the rating readers see now.
    current = claim.current_verdict.rating.label if claim.current_verdict else ""
    verdict_form = forms.get("verdict") or VerdictForm(
        formdata=None, rating=current, fidelity=suggested or "not-assessed"
    )
    verdict_choices(verdict_form, claim)
    cited_forms = {
        a.id: cited_form(a, forms.get("cited") if forms.get("cited_id") == a.id else None)
        for a in claim.appearances
    }
    pending = statuses.pending_verdicts(claim)
    revise_forms = {}
    for v in pending:
        rf = forms.get("revise") if forms.get("revise_id") == v.id else None
        rf = rf or ReviseVerdictForm(
            formdata=None,
            rating=v.rating.label,
            summary=v.summary,
            source_ids=[s.id for s in v.sources],
            fidelity=v.fidelity or "not-assessed",
            version=str(v.version_id),
        )
        verdict_choices(rf, claim)
        revise_forms[v.id] = rf
    held = additions.of_claim(claim)
    reject_forms = {
        h.addition.id: (
            forms.get("reject")
            if forms.get("reject_id") == h.addition.id
            else RejectAdditionForm(formdata=None)
        )
        for h in held
    }
    return render_template(
        "desk/claim.html",
        claim=claim,
        edit=edit,
        assign=assign,
        source_form=forms.get("source") or SourceForm(formdata=None),
        note_form=forms.get("note") or NoteForm(formdata=None),
        verdict_form=verdict_form,
        suggested_fidelity=fidelity_scale.label_of(suggested) if suggested else None,
        cited_forms=cited_forms,
        revise_forms=revise_forms,
        pending=pending,
        status_form=StatusForm(formdata=None, version=version),
        signoff_form=SignOffForm(formdata=None),
        conflict=forms.get("conflict"),
        notes_by_parent=_thread(claim),
        held=held,
        reject_forms=reject_forms,
        VerdictStatus=VerdictStatus,
    ), status


def _thread(claim: Claim) -> dict[int | None, list[Note]]:
    tree: dict[int | None, list[Note]] = {}
    for note in claim.notes:
        tree.setdefault(note.parent_id, []).append(note)
    return tree


@routes.get("/claims/<int:claim_id>")
def claim(claim_id: int) -> ResponseReturnValue:
    return claim_page(get_or_404(claims.get, claim_id))


def _conflict_detail(err: ServiceError) -> dict[str, Any] | None:
    return err.detail if isinstance(err, Conflict) else None


@routes.post("/claims/<int:claim_id>/edit")
def claim_edit(claim_id: int) -> ResponseReturnValue:
    claim = get_or_404(claims.get, claim_id)
    form = EditClaimForm()
    _claimant_choices(form)
    if form.validate_on_submit():
        try:
            with unit_of_work():
                claim_edits.update_claim(
                    current_user,
                    claim,
                    form.version_number() or 0,
                    text=form.text.data or "",
                    long_text=form.long_text.data,
                    claimed_on=form.claimed_on.data,
                    tags=claims.parse_tags(form.tags.data),
                    **_claimant_args(form),
                )
            flash(gettext("Claim saved."), "success")
            return redirect(url_for(".claim", claim_id=claim_id))
        except ServiceError as err:
            form_error(form, err, "text")
            claim = claims.get(claim_id)
            return claim_page(
                claim,
                refused_status(),
                edit=form,
                conflict=_conflict_detail(err),
            )
    return claim_page(claim, refused_status(), edit=form)


def _simple(claim_id: int, action: str, call: Callable[[Claim], object]) -> ResponseReturnValue:
    """Run a one-button workflow action; a refusal is flashed (with what changed)."""
    claim = get_or_404(claims.get, claim_id)
    try:
        with unit_of_work():
            call(claim)
        flash(action, "success")
    except ServiceError as err:
        db.session.rollback()
        flash(gettext("Not done: %(reason)s", reason=err), "error")
        if isinstance(err, Conflict) and err.detail.get("changes"):
            return claim_page(claims.get(claim_id), 409, conflict=err.detail)
    return redirect(url_for(".claim", claim_id=claim_id))


@routes.post("/claims/<int:claim_id>/status")
def claim_status(claim_id: int) -> ResponseReturnValue:
    form = StatusForm()
    return _simple(
        claim_id,
        gettext("Status changed."),
        lambda c: statuses.set_status(
            current_user,
            c,
            form.version_number() or 0,
            form.status.data or "",
            reason=form.reason.data,
        ),
    )


@routes.post("/claims/<int:claim_id>/assign")
def claim_assign(claim_id: int) -> ResponseReturnValue:
    form = AssignForm()
    wanted = "me" if request.form.get("me") else (form.assignee_id.data or "")
    assignee = current_user.id if wanted == "me" else _int(wanted)
    if wanted and wanted != "me" and assignee is None:
        flash(gettext("Not done: pick an account from the list."), "error")
        return redirect(url_for(".claim", claim_id=claim_id))
    return _simple(
        claim_id,
        gettext("Assignment saved."),
        lambda c: claim_edits.assign(current_user, c, form.version_number() or 0, assignee),
    )


@routes.post("/claims/<int:claim_id>/sources")
def source_add(claim_id: int) -> ResponseReturnValue:
    claim = get_or_404(claims.get, claim_id)
    form = SourceForm()
    if form.validate_on_submit():
        try:
            with unit_of_work():
                made = additions.add_source(
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
            return _added_or_held(made, claim_id, gettext("Source added."), "#sources")
        except ServiceError as err:
            form_error(form, err, "url")
            claim = claims.get(claim_id)
    return claim_page(claim, refused_status(), source=form)


@routes.post("/claims/<int:claim_id>/notes")
def note_add(claim_id: int) -> ResponseReturnValue:
    claim = get_or_404(claims.get, claim_id)
    form = NoteForm()
    if form.validate_on_submit():
        try:
            with unit_of_work():
                made_note = additions.add_note(
                    current_user,
                    claim,
                    form.body.data or "",
                    public=form.public.data,
                    parent_id=_ref(form.parent_id.data),
                )
            return _added_or_held(made_note, claim_id, gettext("Note added."), "#notes")
        except ServiceError as err:
            form_error(form, err, "body")
            claim = claims.get(claim_id)
    return claim_page(claim, refused_status(), note=form)


@routes.get("/claims/<int:claim_id>/history")
def claim_history(claim_id: int) -> ResponseReturnValue:
    claim = get_or_404(claims.get, claim_id)
    return render_template("desk/history.html", claim=claim, events=claim_edits.history(claim))


@routes.post("/additions/<int:addition_id>/approve")
def addition_approve(addition_id: int) -> ResponseReturnValue:
    """An editor approves a held addition: readers see it from now on."""
    addition = get_or_404(additions.get, addition_id)
    claim_id = addition.claim_id
    try:
        with unit_of_work():
            additions.approve(current_user, addition_id)
        flash(gettext("Approved: readers see it now."), "success")
    except ServiceError as err:
        db.session.rollback()
        g.refused = err
        flash(gettext("Not done: %(reason)s", reason=err), "error")
        return claim_page(claims.get(claim_id), refused_status())
    return redirect(url_for(".claim", claim_id=claim_id) + "#held")


@routes.post("/additions/<int:addition_id>/reject")
def addition_reject(addition_id: int) -> ResponseReturnValue:
    """An editor rejects a held addition, saying why (kept with it, for its author)."""
    addition = get_or_404(additions.get, addition_id)
    claim_id = addition.claim_id
    form = RejectAdditionForm()
    if form.validate_on_submit():
        try:
            with unit_of_work():
                additions.reject(current_user, addition_id, form.reason.data or "")
            flash(gettext("Rejected: its author sees your reason on the claim."), "success")
            return redirect(url_for(".claim", claim_id=claim_id) + "#held")
        except ServiceError as err:
            db.session.rollback()
            form_error(form, err, "reason")
    return claim_page(claims.get(claim_id), refused_status(), reject=form, reject_id=addition_id)
