"""Blueprints by audience (public, auth, desk, admin) and their shared wiring."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import AnonymousUserMixin
from flask_wtf.csrf import CSRFError
from markupsafe import Markup
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from claimtracker.extensions import db, login_manager
from claimtracker.models import Role, User
from claimtracker.rendering.markdown import render_markdown
from claimtracker.services import quote_changes
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
    app.jinja_env.globals["Role"] = Role
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
        return render_template("errors/400.html", reason=err.description), 400

    @app.errorhandler(413)
    def too_large(_err: HTTPException) -> ResponseReturnValue:
        return render_template("errors/400.html", reason="The request is too large."), 413

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
                "errors/400.html", reason="The request contains a NUL character."
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

    from claimtracker.web import drift, imports, jobs

    app.register_blueprint(imports.bp)
    app.register_blueprint(jobs.bp)
    app.register_blueprint(drift.bp)
