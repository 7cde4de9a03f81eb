"""Desk view for an appearance's cited source: what the article attributes the passage to
and the source it cites (issue 11). The form sits under each appearance on the claim
page; the service finds the source passage and the page shows the two side by side."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user

from claimtracker.ids import parse_id
from claimtracker.services import cited_sources, claims
from claimtracker.services.errors import ServiceError
from claimtracker.services.transaction import unit_of_work
from claimtracker.web.desk.claims import cited_form, claim_page
from claimtracker.web.desk.forms import CitedSourceForm
from claimtracker.web.helpers import Routes, form_error, get_or_404, refused_status

routes = Routes()


@routes.post("/appearances/<int:appearance_id>/cited-source")
def cited_source(appearance_id: int) -> ResponseReturnValue:
    appearance = get_or_404(cited_sources.get_appearance, appearance_id)
    claim_id = appearance.claim_id
    form = cited_form(appearance, CitedSourceForm(prefix=f"cite{appearance_id}-"))
    if form.validate_on_submit():
        try:
            with unit_of_work():
                cited_sources.link(
                    current_user,
                    appearance,
                    attributed_to=form.attributed_to.data,
                    article_id=parse_id(form.article_id.data),
                    excerpt=form.excerpt.data,
                    url=form.url.data,
                    archive_url=form.archive_url.data,
                )
            flash(gettext("Cited source saved; the two passages are compared below."), "success")
            return redirect(url_for(".claim", claim_id=claim_id) + f"#appearance-{appearance_id}")
        except ServiceError as err:
            form_error(form, err, "excerpt")
    return claim_page(claims.get(claim_id), refused_status(), cited=form, cited_id=appearance_id)
