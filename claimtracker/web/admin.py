"""Account management on the desk (/desk/admin): admins only."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from claimtracker.extensions import db
from claimtracker.models import Role
from claimtracker.services import users
from claimtracker.services.errors import NotFound, ServiceError
from claimtracker.web.desk import commit, form_error
from claimtracker.web.desk_forms import CreateUserForm, ResetPasswordForm, UpdateUserForm

bp = Blueprint("admin", __name__, url_prefix="/desk/admin")


@bp.before_request
@login_required
def _admins_only():  # type: ignore[no-untyped-def]
    if current_user.role < Role.ADMIN:
        abort(403)


def _user(user_id: int):  # type: ignore[no-untyped-def]
    try:
        return users.get(user_id)
    except NotFound:
        abort(404)


@bp.route("/users", methods=["GET", "POST"])
def user_list():  # type: ignore[no-untyped-def]
    form = CreateUserForm()
    if form.validate_on_submit():
        try:
            user = users.create_user(
                form.email.data or "",
                form.password.data or "",
                form.role.data or "reviewer",
                name=form.name.data or "",
                actor=current_user,
            )
            commit()
            flash(f"Account {user.email} created ({user.role.label}).", "success")
            return redirect(url_for(".user_list"))
        except ServiceError as err:
            form_error(form, err, "email")
    status = 400 if form.errors else 200
    return render_template("admin/users.html", users=users.all_users(), form=form), status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def user_edit(user_id: int):  # type: ignore[no-untyped-def]
    user = _user(user_id)
    form = UpdateUserForm(prefix="u", obj=None)
    password_form = ResetPasswordForm(prefix="pw", formdata=None)
    if form.is_submitted() is False:
        form.role.data = user.role.label
        form.active.data = user.active
    elif form.validate_on_submit():
        try:
            users.update_account(
                current_user, user, role=form.role.data, active=bool(form.active.data)
            )
            commit()
            flash(f"Account {user.email} updated.", "success")
            return redirect(url_for(".user_list"))
        except ServiceError as err:
            form_error(form, err, "role")
            user = _user(user_id)
    status = 400 if form.errors else 200
    return render_template(
        "admin/user.html", user=user, form=form, password_form=password_form
    ), status


@bp.post("/users/<int:user_id>/password")
def user_password(user_id: int):  # type: ignore[no-untyped-def]
    user = _user(user_id)
    form = UpdateUserForm(prefix="u", formdata=None, role=user.role.label, active=user.active)
    password_form = ResetPasswordForm(prefix="pw")
    if password_form.validate_on_submit():
        try:
            users.reset_password(current_user, user, password_form.password.data or "")
            commit()
            flash(f"Password reset for {user.email}; their sessions have ended.", "success")
            return redirect(url_for(".user_list"))
        except ServiceError as err:
            form_error(password_form, err, "password")
            db.session.rollback()
            user = _user(user_id)
    return render_template(
        "admin/user.html", user=user, form=form, password_form=password_form
    ), 400
