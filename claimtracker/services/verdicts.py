"""Verdicts: propose, sign off (two-person rule), publish; corrections are new verdicts."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.models import (
    AuditEvent,
    Claim,
    ClaimStatus,
    Role,
    Source,
    User,
    Verdict,
    VerdictReason,
    VerdictStatus,
    utcnow,
)
from claimtracker.services import audit, ratings
from claimtracker.services.errors import Conflict, Forbidden, Invalid, NotFound

MAX_SUMMARY_CHARS = 20_000


def _clean_summary(summary: str | None) -> str:
    """The summary stripped; raises Invalid when it is empty or too long."""
    summary = (summary or "").strip()
    if not summary:
        raise Invalid("the verdict needs a summary", field="summary")
    if len(summary) > MAX_SUMMARY_CHARS:
        raise Invalid("the summary is too long", field="summary")
    return summary


def get(verdict_id: int) -> Verdict:
    verdict = db.session.get(Verdict, verdict_id)
    if verdict is None:
        raise NotFound(f"no verdict {verdict_id}")
    return verdict


def propose(
    actor: User | None,
    claim: Claim,
    *,
    rating: str,
    summary: str,
    source_ids: list[int] | None = None,
    reason: str | None = None,
    reason_note: str | None = None,
    original_rating: str | None = None,
) -> Verdict:
    """Propose a verdict for sign-off. After publication a new verdict needs a reason
    (correction or update) and a note saying why. Raises Invalid."""
    rating_row = ratings.by_label(rating)
    summary = _clean_summary(summary)
    if any(v.status == VerdictStatus.PROPOSED for v in claim.verdicts):
        raise Conflict(
            "a verdict is already awaiting sign-off on this claim; revise that one", field="summary"
        )
    published_before = claim.current_verdict_id is not None
    if published_before:
        if reason not in {VerdictReason.CORRECTION.value, VerdictReason.UPDATE.value}:
            raise Invalid(
                "a published verdict changes only as a correction or an update", field="reason"
            )
        if not (reason_note or "").strip():
            raise Invalid("say why the verdict changes", field="reason_note")
    else:
        reason = VerdictReason.INITIAL.value
    sources = _sources(claim, source_ids)
    verdict = Verdict(
        claim=claim,
        rating=rating_row,
        summary=summary,
        reason=reason,
        reason_note=(reason_note or "").strip() or None,
        original_rating=original_rating,
        status=VerdictStatus.PROPOSED.value,
        author_id=actor.id if actor else None,
        sources=sources,
    )
    db.session.add(verdict)
    if claim.status != ClaimStatus.PUBLISHED:
        claim.status = ClaimStatus.AWAITING_SIGNOFF.value
    db.session.flush()
    audit.record(
        actor,
        "verdict.proposed",
        verdict,
        claim_id=claim.id,
        changes={"rating": rating_row.label, "reason": reason, "sources": [s.id for s in sources]},
    )
    return verdict


def revise(
    actor: User,
    verdict: Verdict,
    version: int,
    *,
    rating: str,
    summary: str,
    source_ids: list[int] | None = None,
) -> Verdict:
    """Edit a verdict that is still awaiting sign-off (a published one never changes:
    propose a correction instead). Raises Conflict (stale version or not proposed), Invalid."""
    if verdict.version_id != version:
        raise Conflict(
            "someone revised this verdict after you opened it; nothing of yours was saved",
            detail={"rating": verdict.rating.label, "summary": verdict.summary},
        )
    if verdict.status != VerdictStatus.PROPOSED:
        raise Conflict(f"this verdict is {verdict.status}; it can no longer be edited")
    rating_row = ratings.by_label(rating)
    summary = _clean_summary(summary)
    sources = _sources(verdict.claim, source_ids)
    fields = {}
    if rating_row.id != verdict.rating_id:
        fields["rating"] = [verdict.rating.label, rating_row.label]
    if summary != verdict.summary:
        fields["summary"] = [verdict.summary, summary]
    verdict.rating = rating_row
    verdict.summary = summary
    verdict.sources = sources
    db.session.flush()
    audit.record(
        actor,
        "verdict.revised",
        verdict,
        claim_id=verdict.claim_id,
        changes={"fields": fields, "sources": [s.id for s in sources]},
    )
    return verdict


def _sources(claim: Claim, source_ids: list[int] | None) -> list[Source]:
    if not source_ids:
        return []
    sources = list(db.session.scalars(select(Source).where(Source.id.in_(source_ids))))
    if len(sources) != len(set(source_ids)) or any(s.claim_id != claim.id for s in sources):
        raise Invalid("a cited source does not belong to this claim", field="source_ids")
    return sources


def sign_off(verdict_id: int, editor: User, *, version: int | None = None) -> Verdict:
    """Publish a proposed verdict. Editors and admins only; with the two-person rule on
    (the default), never the verdict's own author. ``version`` (from the desk's form) is
    the verdict version the editor read: a verdict revised since is not signed off.
    Raises NotFound, Forbidden, Conflict."""
    verdict = get(verdict_id)
    if version is not None and version != verdict.version_id:
        raise Conflict("the verdict was revised after you opened it; read it again first")
    if editor.role < Role.EDITOR:
        raise Forbidden("only an editor or an admin can sign off a verdict")
    if current_app.config["TWO_PERSON_RULE"]:
        if verdict.author_id is not None and verdict.author_id == editor.id:
            raise Forbidden("a second editor must sign off: you wrote this verdict")
        if _revised_by(verdict, editor):
            # Revising changes the rating and summary: the reviser is an author too, or an
            # editor could rewrite anyone's proposal and publish it alone.
            raise Forbidden("a second editor must sign off: you revised this verdict")
    if verdict.status != VerdictStatus.PROPOSED:
        raise Conflict(f"this verdict is already {verdict.status}")
    now = utcnow()
    verdict.status = VerdictStatus.PUBLISHED.value
    verdict.approver_id = editor.id
    verdict.published_at = now
    claim = verdict.claim
    claim.current_verdict = verdict
    claim.status = ClaimStatus.PUBLISHED.value
    claim.updated_at = now
    if claim.first_published_at is None:
        claim.first_published_at = now
    audit.record(
        editor,
        "verdict.signed_off",
        verdict,
        claim_id=claim.id,
        changes={"rating": verdict.rating.label},
    )
    return verdict


def _revised_by(verdict: Verdict, user: User) -> bool:
    return (
        db.session.scalar(
            select(AuditEvent.id)
            .where(
                AuditEvent.action == "verdict.revised",
                AuditEvent.entity_type == "verdict",
                AuditEvent.entity_id == verdict.id,
                AuditEvent.actor_id == user.id,
            )
            .limit(1)
        )
        is not None
    )


def publish_imported(
    actor: User | None,
    claim: Claim,
    *,
    rating: str,
    summary: str,
    publisher: str,
    original_rating: str | None = None,
    published_at: datetime | None = None,
    reason_note: str | None = None,
) -> Verdict:
    """Publish a verdict taken from another publisher's ClaimReview (the import path).

    The two-person rule guards *our* desk's verdicts; an imported verdict was already
    reviewed and published by ``publisher``, who is recorded as its author in the audit
    trail (``verdict.imported``) and on the claim (``origin_publisher``). ``actor`` is the
    editor who imported (None for the CLI, which needs shell access to the server).
    A later import with a different rating is a new verdict with reason "update".
    Callers: services.claimreview_import only. Raises Invalid (unknown rating, no summary).
    """
    published_before = claim.current_verdict_id is not None
    verdict = propose(
        actor,
        claim,
        rating=rating,
        summary=summary,
        original_rating=original_rating,
        reason=VerdictReason.UPDATE.value if published_before else None,
        reason_note=reason_note
        or (f"{publisher} changed its rating" if published_before else None),
    )
    verdict.author_id = None
    verdict.status = VerdictStatus.PUBLISHED.value
    verdict.approver_id = actor.id if actor else None
    verdict.published_at = published_at or utcnow()
    claim.current_verdict = verdict
    claim.status = ClaimStatus.PUBLISHED.value
    claim.updated_at = utcnow()
    if claim.first_published_at is None:
        claim.first_published_at = verdict.published_at
    audit.record(
        actor,
        "verdict.imported",
        verdict,
        claim_id=claim.id,
        changes={
            "rating": verdict.rating.label,
            "publisher": publisher,
            "original_rating": original_rating,
        },
    )
    return verdict
