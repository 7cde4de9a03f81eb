"""Login, logout and password change."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from claimtracker.extensions import db
from claimtracker.services import throttle, users
from claimtracker.services.errors import ServiceError
from claimtracker.services.transaction import commit

bp = Blueprint("auth", __name__)


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1024)])


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(min=users.MIN_PASSWORD_LENGTH, max=1024)],
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[EqualTo("new_password", _l("The passwords differ."))],
    )


def _safe_next(target: str | None) -> str | None:
    """Only same-site relative paths, so ?next= cannot send people elsewhere."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    # Browsers read "\" as "/" and drop tabs and newlines in URLs, so "/\evil.example" and
    # "/\t/evil.example" are both "//evil.example": another site.
    if "\\" in target or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("public.home"))
    form = LoginForm()
    if form.validate_on_submit():
        email, address = form.email.data or "", request.remote_addr or "unknown"
        if throttle.is_blocked(email, address):
            minutes = max(1, current_app.config["LOGIN_THROTTLE_SECONDS"] // 60)
            form.password.errors = [
                f"Too many failed sign-ins. Wait {minutes} minutes and try again."
            ]
            return render_template("auth/login.html", form=form), 429
        user = users.authenticate(email, form.password.data or "")
        if user is None:
            throttle.record_failure(email, address)
            commit()
            form.password.errors = ["Wrong email or password."]
        else:
            throttle.clear_account(email)
            commit()  # and a rehashed password, if argon2 parameters changed
            login_user(user)
            flash(gettext("Signed in as %(name)s.", name=user.display_name), "success")
            return redirect(_safe_next(request.args.get("next")) or _landing())
    return render_template("auth/login.html", form=form), 200 if not form.errors else 400


def _landing() -> str:
    # The desk, once its blueprint is registered; the public home otherwise.
    try:
        return url_for("desk.queue")
    except Exception:
        return url_for("public.home")


@bp.post("/logout")
@login_required
def logout() -> ResponseReturnValue:
    users.logout(current_user._get_current_object())
    commit()
    logout_user()
    flash(gettext("Signed out. Every session of this account has ended."), "info")
    return redirect(url_for("public.home"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password() -> ResponseReturnValue:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            users.change_password(
                current_user._get_current_object(),
                form.current_password.data or "",
                form.new_password.data or "",
            )
        except ServiceError as err:
            db.session.rollback()
            getattr(form, err.field or "new_password").errors.append(str(err))
        else:
            commit()
            login_user(current_user)  # this session carries the new token; others end
            flash(gettext("Password changed. Other sessions have been signed out."), "success")
            return redirect(url_for("public.home"))
    return render_template("auth/password.html", form=form), 200 if not form.errors else 400
