"""/desk/import: editors upload a ClaimReview file (JSON, DataFeed or HTML page).

Kept apart from the desk blueprint; it is one form over services.claimreview_import.
"""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired

from claimtracker.claimreview.parse import DocumentError
from claimtracker.extensions import db
from claimtracker.models import Role
from claimtracker.services import article_jobs, claimreview_import
from claimtracker.services.messages import translated
from claimtracker.services.transaction import commit
from claimtracker.web.helpers import require_role

bp = Blueprint("imports", __name__, url_prefix="/desk/import")

MAX_UPLOAD_BYTES = 8 * 1024 * 1024


class ImportForm(FlaskForm):
    file = FileField(_l("ClaimReview file (.json or .html)"), validators=[FileRequired()])


@bp.route("", methods=["GET", "POST"])
@login_required
def upload() -> ResponseReturnValue:
    """Show the form; on a valid upload, import and show the per-item report."""
    require_role(Role.EDITOR)
    form = ImportForm()
    reports = None
    status = 200
    if form.validate_on_submit():
        content = form.file.data.read(MAX_UPLOAD_BYTES + 1)
        if len(content) > MAX_UPLOAD_BYTES:
            form.file.errors.append(gettext("The file is larger than 8 MB."))
        elif len(content) > int(current_app.config["IMPORT_JOB_BYTES"]):
            # A large file is imported by the worker; its job page shows the progress.
            try:
                job = article_jobs.request_import(current_user, content)
                commit()
                return redirect(url_for("jobs.job", job_id=job.id, watch=1))
            except DocumentError as err:
                db.session.rollback()
                form.file.errors.append(
                    gettext("Nothing imported: %(reason)s.", reason=translated(err))
                )
        else:
            try:
                # Each item commits or rolls back on its own (see the service).
                reports = claimreview_import.import_content(content, current_user)
            except DocumentError as err:
                form.file.errors.append(
                    gettext("Nothing imported: %(reason)s.", reason=translated(err))
                )
    if form.errors or form.file.errors:
        status = 400
    return render_template("desk/import.html", form=form, reports=reports), status
