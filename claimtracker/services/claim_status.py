"""A claim's status, changed by hand: draft ⇄ researching, and a proposal awaiting
sign-off sent back to research. The whole path is draft → researching → awaiting sign-off
(a verdict is proposed, ``verdicts.propose``) → published (signed off, ``verdicts.sign_off``);
who may make which move is ``policies.check_transition``.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from claimtracker.models import Claim, ClaimStatus, Note, User, Verdict, VerdictStatus
from claimtracker.services import audit, policies
from claimtracker.services.claim_edits import check_version, record_change
from claimtracker.services.errors import Invalid


def set_status(
    actor: User, claim: Claim, version: int, status: str, *, reason: str | None = None
) -> Claim:
    """Move a claim between draft and researching, or send it back from sign-off to
    research (which withdraws the proposed verdict and needs a ``reason``, kept as an
    internal note for the author). Publication happens only through verdicts.sign_off.
    Raises Conflict, Forbidden, Invalid."""
    check_version(claim, version)
    try:
        wanted = ClaimStatus(status)
    except ValueError:
        raise Invalid(_l("unknown status %(status)r", status=status), field="status") from None
    current = ClaimStatus(claim.status)
    policies.check_transition(claim, actor, wanted)
    if current == ClaimStatus.AWAITING_SIGNOFF and wanted != current:
        why = (reason or "").strip()
        if not why:
            raise Invalid(_l("say why it goes back to research"), field="reason")
        if "\x00" in why or len(why) > 5000:
            raise Invalid(_l("the reason is too long or contains a NUL character"), field="reason")
        note = Note(author_id=actor.id, body=f"Sent back to research: {why}")
        claim.notes.append(note)
        audit.record(actor, "note.added", note, claim_id=claim.id)
        for verdict in pending_verdicts(claim):
            verdict.status = VerdictStatus.WITHDRAWN
            audit.record(actor, "verdict.withdrawn", verdict, claim_id=claim.id)
    claim.status = wanted
    record_change(actor, "claim.status_changed", claim, {"status": [current.value, wanted.value]})
    return claim


def pending_verdicts(claim: Claim) -> list[Verdict]:
    """Proposed verdicts waiting for sign-off."""
    return [v for v in claim.verdicts if v.status == VerdictStatus.PROPOSED]
