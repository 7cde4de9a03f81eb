"""Read models for public pages: published data only, loaded in a fixed number of queries."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from claimtracker.extensions import db
from claimtracker.models import Appearance, Article, Claim, ClaimStatus, Verdict
from claimtracker.services.errors import NotFound


def _published():
    return select(Claim).where(
        Claim.status == ClaimStatus.PUBLISHED.value, Claim.current_verdict_id.is_not(None))


def latest_claims(limit: int = 20) -> list[Claim]:
    """The newest published claims with claimant and current rating."""
    stmt = (
        _published()
        .options(
            joinedload(Claim.claimant),
            joinedload(Claim.current_verdict).joinedload(Verdict.rating),
        )
        .order_by(Claim.updated_at.desc(), Claim.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(stmt).unique())


def published_claim(claim_id: int) -> Claim:
    """A published claim with everything its page shows. Raises NotFound otherwise
    (unpublished claims are indistinguishable from unknown ones)."""
    stmt = (
        _published()
        .where(Claim.id == claim_id)
        .options(
            joinedload(Claim.claimant),
            joinedload(Claim.current_verdict).joinedload(Verdict.rating),
            selectinload(Claim.appearances)
            .joinedload(Appearance.article)
            .joinedload(Article.outlet),
            selectinload(Claim.sources),
            selectinload(Claim.verdicts).joinedload(Verdict.rating),
            selectinload(Claim.tags),
        )
    )
    claim = db.session.scalars(stmt).unique().one_or_none()
    if claim is None:
        raise NotFound(f"no published claim {claim_id}")
    return claim
