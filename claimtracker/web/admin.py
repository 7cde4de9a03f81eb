"""Account management on the desk (/desk/admin): admins only."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from claimtracker.extensions import db
from claimtracker.models import Role, User
from claimtracker.services import users
from claimtracker.services.errors import ServiceError
from claimtracker.services.transaction import unit_of_work
from claimtracker.web.helpers import choices, form_error, get_or_404, refused_status, require_role

bp = Blueprint("admin", __name__, url_prefix="/desk/admin")

ROLES = choices([("reviewer", "Reviewer"), ("editor", "Editor"), ("admin", "Admin")])


class CreateUserForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    name = StringField(_l("Name"), validators=[Optional(), Length(max=120)])
    role = SelectField(_l("Role"), choices=ROLES, default="reviewer")
    password = PasswordField(_l("Initial password"), validators=[DataRequired(), Length(max=1024)])


class UpdateUserForm(FlaskForm):
    role = SelectField(_l("Role"), choices=ROLES)
    active = BooleanField(_l("Active (can sign in)"))


class ResetPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=1024)])


@bp.before_request
@login_required
def _admins_only() -> None:
    require_role(Role.ADMIN)


def _user(user_id: int) -> User:
    return get_or_404(users.get, user_id)


@bp.route("/users", methods=["GET", "POST"])
def user_list() -> ResponseReturnValue:
    form = CreateUserForm()
    if form.validate_on_submit():
        try:
            with unit_of_work():
                user = users.create_user(
                    form.email.data or "",
                    form.password.data or "",
                    form.role.data or "reviewer",
                    name=form.name.data or "",
                    actor=current_user,
                )
            flash(
                gettext(
                    "Account %(email)s created (%(role)s).",
                    email=user.email,
                    role=gettext(user.role.label),
                ),
                "success",
            )
            return redirect(url_for(".user_list"))
        except ServiceError as err:
            form_error(form, err, "email")
    status = refused_status() if form.errors else 200
    return render_template("admin/users.html", users=users.all_users(), form=form), status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def user_edit(user_id: int) -> ResponseReturnValue:
    user = _user(user_id)
    form = UpdateUserForm(prefix="u", obj=None)
    password_form = ResetPasswordForm(prefix="pw", formdata=None)
    if form.is_submitted() is False:
        form.role.data = user.role.label
        form.active.data = user.active
    elif form.validate_on_submit():
        try:
            with unit_of_work():
                users.update_account(
                    current_user, user, role=form.role.data, active=bool(form.active.data)
                )
            flash(gettext("Account %(email)s updated.", email=user.email), "success")
            return redirect(url_for(".user_list"))
        except ServiceError as err:
            form_error(form, err, "role")
            user = _user(user_id)
    status = refused_status() if form.errors else 200
    return render_template(
        "admin/user.html", user=user, form=form, password_form=password_form
    ), status


@bp.post("/users/<int:user_id>/password")
def user_password(user_id: int) -> ResponseReturnValue:
    user = _user(user_id)
    form = UpdateUserForm(prefix="u", formdata=None, role=user.role.label, active=user.active)
    password_form = ResetPasswordForm(prefix="pw")
    if password_form.validate_on_submit():
        try:
            with unit_of_work():
                users.reset_password(current_user, user, password_form.password.data or "")
            flash(
                gettext(
                    "Password reset for %(email)s; their sessions have ended.", email=user.email
                ),
                "success",
            )
            return redirect(url_for(".user_list"))
        except ServiceError as err:
            form_error(password_form, err, "password")
            db.session.rollback()
            user = _user(user_id)
    return render_template(
        "admin/user.html", user=user, form=form, password_form=password_form
    ), refused_status()
