"""What readers see of a claim's verdicts."""

from __future__ import annotations

from claimtracker.models import Claim, Verdict, VerdictStatus


def public_history(claim: Claim) -> list[Verdict]:
    """The verdicts readers may see of a claim, oldest first: the public changelog
    (a proposed or withdrawn verdict is desk-only)."""
    return [v for v in claim.verdicts if v.status == VerdictStatus.PUBLISHED]
