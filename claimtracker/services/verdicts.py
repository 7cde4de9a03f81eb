"""Verdicts: propose, sign off (two-person rule), publish; corrections are new verdicts."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.models import (
    Claim,
    ClaimStatus,
    Source,
    User,
    Verdict,
    VerdictReason,
    VerdictStatus,
    utcnow,
)
from claimtracker.services import audit, policies, ratings
from claimtracker.services import fidelity as fidelity_scale
from claimtracker.services.errors import Conflict, Invalid, NotFound

MAX_SUMMARY_CHARS = 20_000
#: ``revise(fidelity=KEEP)``: leave the verdict's fidelity as it is.
KEEP = "\0keep"


def _clean_summary(summary: str | None) -> str:
    """The summary stripped; raises Invalid when it is empty or too long."""
    summary = (summary or "").strip()
    if not summary:
        raise Invalid(_l("the verdict needs a summary"), field="summary")
    if len(summary) > MAX_SUMMARY_CHARS:
        raise Invalid(_l("the summary is too long"), field="summary")
    return summary


def get(verdict_id: int) -> Verdict:
    verdict = db.session.get(Verdict, verdict_id)
    if verdict is None:
        raise NotFound(_l("no verdict %(verdict_id)s", verdict_id=verdict_id))
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
    fidelity: str | None = None,
) -> Verdict:
    """Propose a verdict for sign-off: a rating and, separately, whether the passage was
    reported faithfully (``fidelity``, a value or label of the FIDELITY scale; None or
    "not-assessed" for no judgement). After publication a new verdict needs a reason
    (correction or update) and a note saying why. Raises Invalid."""
    rating_row = ratings.by_label(rating)
    grade = fidelity_scale.resolve(fidelity)
    summary = _clean_summary(summary)
    if any(v.status == VerdictStatus.PROPOSED for v in claim.verdicts):
        raise Conflict(
            _l("a verdict is already awaiting sign-off on this claim; revise that one"),
            field="summary",
        )
    published_before = claim.current_verdict_id is not None
    if published_before:
        if reason not in {VerdictReason.CORRECTION.value, VerdictReason.UPDATE.value}:
            raise Invalid(
                _l("a published verdict changes only as a correction or an update"), field="reason"
            )
        if not (reason_note or "").strip():
            raise Invalid(_l("say why the verdict changes"), field="reason_note")
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
        fidelity=grade.value if grade else None,
        fidelity_label=grade.label if grade else None,
        status=VerdictStatus.PROPOSED,
        author_id=actor.id if actor else None,
        sources=sources,
    )
    db.session.add(verdict)
    if claim.status != ClaimStatus.PUBLISHED:
        claim.status = ClaimStatus.AWAITING_SIGNOFF
    db.session.flush()
    audit.record(
        actor,
        "verdict.proposed",
        verdict,
        claim_id=claim.id,
        changes={
            "rating": rating_row.label,
            "fidelity": verdict.fidelity_label,
            "reason": reason,
            "sources": [s.id for s in sources],
        },
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
    fidelity: str | None = KEEP,
) -> Verdict:
    """Edit a verdict that is still awaiting sign-off (a published one never changes:
    propose a correction instead); ``fidelity`` as for ``propose``, KEEP to leave it.
    Raises Conflict (stale version or not proposed), Invalid."""
    if verdict.version_id != version:
        raise Conflict(
            _l("someone revised this verdict after you opened it; nothing of yours was saved"),
            detail={"rating": verdict.rating.label, "summary": verdict.summary},
        )
    if verdict.status != VerdictStatus.PROPOSED:
        raise Conflict(
            _l("this verdict is %(status)s; it can no longer be edited", status=verdict.status)
        )
    rating_row = ratings.by_label(rating)
    summary = _clean_summary(summary)
    sources = _sources(verdict.claim, source_ids)
    fields = {}
    if fidelity != KEEP:
        grade = fidelity_scale.resolve(fidelity)
        value, label = (grade.value, grade.label) if grade else (None, None)
        if value != verdict.fidelity:
            fields["fidelity"] = [verdict.fidelity_label, label]
        verdict.fidelity, verdict.fidelity_label = value, label
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
        raise Invalid(_l("a cited source does not belong to this claim"), field="source_ids")
    return sources


def sign_off(verdict_id: int, editor: User, *, version: int | None = None) -> Verdict:
    """Publish a proposed verdict (who may: ``policies.check_sign_off``: editors and
    admins, never its author or reviser under the two-person rule). ``version`` is the
    verdict version the editor read: a verdict revised since is not signed off. The desk
    and the API always pass it and refuse a request without one; only callers that made
    the verdict themselves a moment ago (the demo loader) leave it out.
    Raises NotFound, Forbidden, Conflict."""
    verdict = get(verdict_id)
    policies.check_sign_off(verdict, editor)
    if version is not None and version != verdict.version_id:
        raise Conflict(_l("the verdict was revised after you opened it; read it again first"))
    now = utcnow()
    verdict.status = VerdictStatus.PUBLISHED
    verdict.approver_id = editor.id
    verdict.published_at = now
    claim = verdict.claim
    claim.current_verdict = verdict
    claim.status = ClaimStatus.PUBLISHED
    claim.updated_at = now
    if claim.first_published_at is None:
        claim.first_published_at = now
    audit.record(
        editor,
        "verdict.signed_off",
        verdict,
        claim_id=claim.id,
        changes={"rating": verdict.rating.label, "fidelity": verdict.fidelity_label},
    )
    return verdict


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
    fidelity: str | None = None,
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
        fidelity=fidelity,
        reason=VerdictReason.UPDATE.value if published_before else None,
        reason_note=reason_note
        or (f"{publisher} changed its rating" if published_before else None),
    )
    verdict.author_id = None
    verdict.status = VerdictStatus.PUBLISHED
    verdict.approver_id = actor.id if actor else None
    verdict.published_at = published_at or utcnow()
    claim.current_verdict = verdict
    claim.status = ClaimStatus.PUBLISHED
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
