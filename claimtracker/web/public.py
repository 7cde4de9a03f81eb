"""Reader pages: public, no login, no JavaScript needed."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template
from sqlalchemy import text

from claimtracker.extensions import db
from claimtracker.services import reading
from claimtracker.services.errors import NotFound

bp = Blueprint("public", __name__)


@bp.get("/")
def home():  # type: ignore[no-untyped-def]
    return render_template("public/home.html", claims=reading.latest_claims(50))


@bp.get("/claims/<int:claim_id>")
def claim(claim_id: int):  # type: ignore[no-untyped-def]
    try:
        claim = reading.published_claim(claim_id)
    except NotFound:
        abort(404)
    return render_template("public/claim.html", claim=claim)


@bp.get("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}


@bp.get("/ratings.css")
def ratings_css():  # type: ignore[no-untyped-def]
    """Badge colours come from the configurable scale; served as CSS so the
    Content-Security-Policy needs no inline styles."""
    from claimtracker.services import ratings

    rules = [
        f".rating-{r.slug}{{background:{r.colour};color:#fff}}" for r in ratings.all_ratings()
    ]
    response = current_app.response_class("\n".join(rules) + "\n", mimetype="text/css")
    response.cache_control.public = True
    response.cache_control.max_age = 300
    return response
