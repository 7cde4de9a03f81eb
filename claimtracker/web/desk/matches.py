"""Desk: "Already checked?" — an article's quotations that repeat a claim we know, each
with *Same claim* (a new appearance of it, in one click) and *Not the same*."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user

from claimtracker.ids import parse_id
from claimtracker.services import already_checked, articles
from claimtracker.services.errors import Invalid, ServiceError
from claimtracker.services.transaction import unit_of_work
from claimtracker.web.helpers import Routes, get_or_404, refused_status

routes = Routes()


@routes.get("/articles/<int:article_id>/already-checked")
def already_checked_page(article_id: int) -> ResponseReturnValue:
    article = get_or_404(articles.get, article_id)
    return render_template(
        "desk/already_checked.html",
        article=article,
        suggestions=already_checked.suggestions(article),
        error=None,
    )


def _score(raw: str | None) -> float | None:
    try:
        value = float(raw or "")
    except ValueError:
        return None
    return value if 0.0 <= value <= 1.0 else None


@routes.post("/articles/<int:article_id>/already-checked")
def already_checked_decide(article_id: int) -> ResponseReturnValue:
    """One decision on one suggestion: ``decision`` is ``same`` or ``different``; with
    ``next=repeats`` (the Repeats page's buttons) the answer leads back to that page."""
    article = get_or_404(articles.get, article_id)
    form = request.form
    passage = form.get("passage", "")
    claim_id = parse_id(form.get("claim_id"))
    start = parse_id(form.get("start"))
    score = _score(form.get("score"))
    decision = form.get("decision")
    try:
        if claim_id is None:
            raise Invalid("choose a claim")
        if decision not in {"same", "different"}:
            raise Invalid("choose Same claim or Not the same")
        with unit_of_work():
            if decision == "same":
                claim, held = already_checked.confirm(
                    current_user,
                    article,
                    passage=passage,
                    start=start,
                    claim_id=claim_id,
                    score=score,
                )
                if held:
                    flash(
                        gettext(
                            "Saved for an editor: “%(claim)s” is published, so readers will "
                            "see this appearance once an editor approves it.",
                            claim=claim.text,
                        )
                    )
                else:
                    flash(gettext("Added as a new appearance of “%(claim)s”.", claim=claim.text))
            else:
                already_checked.dismiss(
                    current_user, article, passage=passage, claim_id=claim_id, score=score
                )
                flash(gettext("Dismissed: this pair will not be suggested again."))
    except ServiceError as err:
        g.refused = err
        return render_template(
            "desk/already_checked.html",
            article=article,
            suggestions=already_checked.suggestions(article),
            error=str(err),
        ), refused_status()
    if form.get("next") == "repeats":  # decided on the Repeats page: back there
        return redirect(url_for("monitoring.repeats_page"), code=303)
    return redirect(url_for("desk.already_checked_page", article_id=article.id), code=303)
