"""Blueprints by audience (public, auth, desk, admin) and their shared wiring."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import Flask, Response, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import AnonymousUserMixin
from flask_wtf.csrf import CSRFError
from markupsafe import Markup
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from claimtracker.extensions import db, login_manager
from claimtracker.models import ClaimStatus, Role, User
from claimtracker.publishing.side_by_side import side_by_side
from claimtracker.rendering.markdown import render_markdown
from claimtracker.services import policies, quote_changes
from claimtracker.services.errors import ServiceError
from claimtracker.web import headers
from claimtracker.web.session import SessionInterface


class Anonymous(AnonymousUserMixin):
    role = None

    def has_role(self, _role: Role) -> bool:
        return False


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Sessions carry ``id:session_token``; a rotated token ends the session."""
    ident, _, token = user_id.partition(":")
    if not ident.isdigit() or not token:
        return None
    user = db.session.scalar(select(User).where(User.id == int(ident)))
    if user is None or not user.active or user.session_token != token:
        return None
    return user


def isotime(value: date | datetime) -> str:
    """A ``<time datetime>`` value: ISO 8601 to the second (HTML allows at most three
    digits of a fraction; Python writes six)."""
    if isinstance(value, datetime):
        value = value.replace(microsecond=0)
    return value.isoformat()


def register(app: Flask) -> None:
    """Attach blueprints, error pages, template helpers and security headers."""
    from claimtracker.web import admin, auth, desk, public

    app.session_interface = SessionInterface()
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    login_manager.anonymous_user = Anonymous
    login_manager.session_protection = "basic"

    app.register_blueprint(public.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(desk.bp)
    app.register_blueprint(admin.bp)

    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["isotime"] = isotime
    app.jinja_env.globals["Role"] = Role
    app.jinja_env.globals["ClaimStatus"] = ClaimStatus
    # The services' own rules, so a page shows a button only when the service would accept.
    app.jinja_env.globals["can_sign_off"] = policies.can_sign_off
    app.jinja_env.globals["allowed_transitions"] = policies.allowed_transitions
    app.jinja_env.globals["can_edit_claim"] = policies.can_edit_claim
    app.jinja_env.globals["can_change_article"] = policies.can_change_article
    app.jinja_env.globals["holds_addition"] = policies.holds_addition
    app.jinja_env.globals["can_decide_addition"] = policies.can_decide_addition
    app.jinja_env.globals["can_edit_cited_source"] = policies.can_edit_cited_source
    app.jinja_env.globals["can_follow"] = policies.can_follow
    # An appearance beside its cited source (public claim page and desk; issue 11).
    app.jinja_env.globals["side_by_side"] = side_by_side
    # How a quote reads in the live article now (desk claim page; see _drift.html).
    app.jinja_env.globals["quote_drift"] = lambda a: quote_changes.drifts([a])[a.id]
    app.jinja_env.globals["organisation"] = lambda: app.config["ORGANISATION_NAME"]

    @app.errorhandler(404)
    def not_found(_err: HTTPException) -> ResponseReturnValue:
        return render_template("errors/404.html"), 404

    @app.errorhandler(403)
    def forbidden(_err: HTTPException) -> ResponseReturnValue:
        return render_template("errors/403.html"), 403

    @app.errorhandler(CSRFError)
    def csrf_error(err: CSRFError) -> ResponseReturnValue:
        """Say in plain words why nothing was saved, link back to the form, and show what
        was typed (never a password or a token) so it can be copied into the fresh form."""
        typed = [
            (name, value)
            for name, value in request.form.items(multi=True)
            if value.strip()
            and "password" not in name
            and "csrf" not in name
            and name not in {"version", "website"}
            and len(value) <= 20_000
        ]
        back = request.referrer or ""
        if not back.startswith(request.host_url):  # only back to this site
            back = request.path if request.method == "POST" else ""
        return render_template(
            "errors/csrf.html", typed=typed, back=back, reason=err.description
        ), 400

    @app.errorhandler(ServiceError)
    def refused(err: ServiceError) -> ResponseReturnValue:
        # A service's refusal that no view turned into a form error (a conflict met at the
        # commit of a one-button action, say): its reason and status, never a 500.
        db.session.rollback()
        template = "errors/409.html" if err.status == 409 else "errors/400.html"
        return render_template(template, reason=str(err)), err.status

    @app.errorhandler(413)
    def too_large(_err: HTTPException) -> ResponseReturnValue:
        return render_template("errors/400.html", reason=gettext("The request is too large.")), 413

    @app.before_request
    def refuse_nul_bytes() -> ResponseReturnValue | None:
        """A 400 for a NUL character in any form (login included) or in a desk query:
        PostgreSQL cannot store or even compare one, and no honest input contains it.
        Public query strings are read leniently instead (search.query drops NULs), and
        the API refuses them itself, as problem+json."""
        if request.path.startswith("/api/"):
            return None
        values = [*request.form.values()]
        if request.path.startswith("/desk"):
            values += request.args.values()
        if any("\x00" in value for value in values):
            return render_template(
                "errors/400.html", reason=gettext("The request contains a NUL character.")
            ), 400
        return None

    @app.after_request
    def security_headers(response: Response) -> Response:
        for name, value in headers.security_headers(request.is_secure):
            response.headers.setdefault(name, value)
        # Reader pages, feeds, the API and static files say how they may be cached; anything
        # else (desk, admin, sign-in: internal notes, the user list) is never stored.
        response.headers.setdefault("Cache-Control", "private, no-store")
        return response

    @app.context_processor
    def helpers() -> dict[str, Any]:
        return {"Markup": Markup}

    from claimtracker.web import drift, imports, jobs, monitoring, org_pages, talkback

    app.register_blueprint(talkback.bp)
    app.register_blueprint(imports.bp)
    app.register_blueprint(org_pages.bp)
    app.register_blueprint(jobs.bp)
    app.register_blueprint(drift.bp)
    app.register_blueprint(monitoring.bp)
