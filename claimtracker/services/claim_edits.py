"""Edits of a claim under optimistic locking: its statement, claimant, date and tags,
its assignee, and the history of them all (``claim_status`` changes its status).

Every form that edits a claim carries the version it was built from; a stale version is
refused with Conflict, whose ``detail`` lists what changed since, from the audit trail.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.models import (
    AuditEvent,
    Claim,
    User,
    utcnow,
)
from claimtracker.services import audit, policies
from claimtracker.services import claims as claim_service
from claimtracker.services.errors import Conflict, Invalid

EDITABLE = ("text", "long_text", "claimant", "claimed_on", "tags")


def snapshot(claim: Claim) -> dict[str, Any]:
    """The editable fields as plain values (for diffs and conflict messages)."""
    return {
        "text": claim.text,
        "long_text": claim.long_text,
        "claimant": claim.claimant.name if claim.claimant else None,
        "claimed_on": claim.claimed_on.isoformat() if claim.claimed_on else None,
        "tags": ", ".join(t.name for t in claim.tags),
        "status": claim.status,
        "assignee": claim.assignee_id,
    }


def changes_since(claim: Claim, version: int) -> list[dict[str, Any]]:
    """Audit entries recorded on this claim after ``version`` (who changed what)."""
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.claim_id == claim.id).order_by(AuditEvent.id)
    ).all()
    out = []
    for event in events:
        seen_version = (event.changes or {}).get("version")
        if isinstance(seen_version, int) and seen_version > version:
            out.append(
                {
                    "action": event.action,
                    "by": event.actor.display_name if event.actor else "system",
                    "at": event.created_at.isoformat(),
                    "fields": (event.changes or {}).get("fields", {}),
                }
            )
    return out


def check_version(claim: Claim, version: int | None) -> None:
    """Raise Conflict unless ``version`` is the claim's current version."""
    if version is None or int(version) != claim.version_id:
        raise Conflict(
            _l(
                "this claim was changed by someone else after you opened it; nothing of "
                "yours was saved — review the changes and try again"
            ),
            detail={
                "current": snapshot(claim),
                "changes": changes_since(claim, int(version or 0)),
                "version": claim.version_id,
            },
        )


def record_change(actor: User, action: str, claim: Claim, fields: dict[str, Any]) -> None:
    """Bump the claim's version and audit ``action`` with the version it made."""
    # Touching updated_at makes even a tags-only edit an UPDATE of the claim row, so the
    # flush bumps version_id and the audit entry can say which version it made.
    claim.updated_at = utcnow()
    db.session.flush()
    audit.record(
        actor,
        action,
        claim,
        claim_id=claim.id,
        changes={"version": claim.version_id, "fields": fields},
    )


def update_claim(
    actor: User,
    claim: Claim,
    version: int,
    *,
    text: str,
    long_text: str | None = None,
    claimant: str | None = None,
    claimant_id: int | None = None,
    claimed_on: date | None = None,
    tags: list[str] | None = None,
) -> Claim:
    """Edit a claim's statement, claimant, date and tags (who may: ``policies.
    check_claim_edit``). Raises Conflict, Forbidden, Invalid."""
    check_version(claim, version)
    policies.check_claim_edit(claim, actor)
    text = " ".join((text or "").split())
    if not text:
        raise Invalid(_l("the claim text is empty"), field="text")
    if len(text) > claim_service.SHORT_TEXT_MAX:
        raise Invalid(
            _l(
                "the short form is %(length)s characters; keep it to %(most)s and put "
                "the rest in the long form",
                length=len(text),
                most=claim_service.SHORT_TEXT_MAX,
            ),
            field="text",
        )
    before = snapshot(claim)
    claimant_row = claim.claimant
    if claimant_id is not None:
        claimant_row = claim_service.get_claimant(claimant_id)
    elif claimant:
        claimant_row = claim_service.get_or_create_claimant(claimant)
    elif claimant is not None:
        claimant_row = None
    claim.text = text
    claim.long_text = (long_text or "").strip() or None
    claim.claimant = claimant_row
    claim.claimed_on = claimed_on
    if tags is not None:
        claim.tags = claim_service.tags_for(tags)
    after = snapshot(claim)
    fields = {k: [before[k], after[k]] for k in EDITABLE if before[k] != after[k]}
    if fields:
        record_change(actor, "claim.updated", claim, fields)
    return claim


def assign(actor: User, claim: Claim, version: int, assignee_id: int | None) -> Claim:
    """Assign the claim to an active account (or to nobody). Raises Conflict, Invalid."""
    check_version(claim, version)
    assignee = None
    if assignee_id is not None:
        assignee = db.session.get(User, assignee_id)
        if assignee is None or not assignee.active:
            raise Invalid(
                _l("no active account with id %(assignee_id)s", assignee_id=assignee_id),
                field="assignee_id",
            )
    old = claim.assignee_id
    if old == (assignee.id if assignee else None):
        return claim
    claim.assignee_id = assignee.id if assignee else None
    record_change(
        actor, "claim.assigned", claim, {"assignee": [old, assignee.email if assignee else None]}
    )
    return claim


def history(claim: Claim) -> list[AuditEvent]:
    """Every audit event about the claim, oldest first (the desk's history page)."""
    return list(
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.claim_id == claim.id).order_by(AuditEvent.id)
        )
    )
