"""/desk/import: editors upload a ClaimReview file (JSON, DataFeed or HTML page).

Kept apart from the desk blueprint; it is one form over services.claimreview_import.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired

from claimtracker.claimreview.parse import DocumentError
from claimtracker.extensions import db
from claimtracker.models import Role
from claimtracker.services import article_jobs, claimreview_import

bp = Blueprint("imports", __name__, url_prefix="/desk/import")

MAX_UPLOAD_BYTES = 8 * 1024 * 1024


class ImportForm(FlaskForm):
    file = FileField("ClaimReview file (.json or .html)", validators=[FileRequired()])


@bp.route("", methods=["GET", "POST"])
@login_required
def upload():  # type: ignore[no-untyped-def]
    """Show the form; on a valid upload, import and show the per-item report."""
    if current_user.role < Role.EDITOR:
        abort(403)
    form = ImportForm()
    reports = None
    status = 200
    if form.validate_on_submit():
        content = form.file.data.read(MAX_UPLOAD_BYTES + 1)
        if len(content) > MAX_UPLOAD_BYTES:
            form.file.errors.append("The file is larger than 8 MB.")
        elif len(content) > int(current_app.config["IMPORT_JOB_BYTES"]):
            # A large file is imported by the worker; its job page shows the progress.
            try:
                job = article_jobs.request_import(current_user, content)
                db.session.commit()
                return redirect(url_for("jobs.job", job_id=job.id))
            except DocumentError as err:
                db.session.rollback()
                form.file.errors.append(f"Nothing imported: {err}.")
        else:
            try:
                # Each item commits or rolls back on its own (see the service).
                reports = claimreview_import.import_content(content, current_user)
            except DocumentError as err:
                form.file.errors.append(f"Nothing imported: {err}.")
    if form.errors or form.file.errors:
        status = 400
    return render_template("desk/import.html", form=form, reports=reports), status
