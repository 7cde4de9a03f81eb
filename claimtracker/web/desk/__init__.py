"""The reviewer desk (/desk): the blueprint and its login gate.

The views live in one module per thing a reviewer works on: ``articles`` (log, read,
correct, re-check), ``claims`` (the queue, create, edit, workflow, sources, notes,
history), ``cited`` (an appearance's cited source), ``verdicts`` (propose, revise,
sign off), ``matches`` (an article's "Already checked?" suggestions); ``forms`` holds
their forms. Each
module lists its URL rules (``helpers.Routes``) and this package attaches them, so no view
module imports the blueprint back.
"""

from __future__ import annotations

from flask import Blueprint
from flask_login import login_required

from claimtracker.services import inbox as inbox_service
from claimtracker.services import queue, repeats
from claimtracker.web.desk import articles, cited, claims, inbox, matches, verdicts

bp = Blueprint("desk", __name__, url_prefix="/desk")


@bp.before_request
@login_required
def _signed_in() -> None:
    """Every desk page needs a signed-in account (anonymous visitors go to the login)."""


for _module in (articles, claims, cited, verdicts, inbox, matches):
    _module.routes.register(bp)

# The desk's navigation counts the readers' messages waiting (one indexed count).
bp.add_app_template_global(inbox_service.waiting, "inbox_waiting")
# Editors see how many proposals wait for their sign-off.
bp.add_app_template_global(queue.awaiting_sign_off, "awaiting_sign_off")
# And the repeats the monitor found that no one has decided on yet (one count).
bp.add_app_template_global(repeats.waiting, "repeats_waiting")
