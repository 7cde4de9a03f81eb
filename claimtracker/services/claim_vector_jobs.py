"""Claim-matching vectors for bulk-imported claims, embedded by the worker.

A sentence encoder costs 10-20 ms of CPU a claim, so embedding inside the import's own
transaction held a feed to under 100 reviews/s. Bulk writers (the ClaimReview import)
call services.derived once per chunk with ``defer=True``; the hook registered here
queues ``vectors.fill`` in that same transaction, so a killed import leaves no committed
claim that no job will embed. Ordinary writes, and ``claimtracker seed``, still embed at
once.

The job embeds a batch of claims that have no vector of the current model and, when more
remain, queues the next batch: short transactions, so the desk's writes (and, on SQLite,
the import's next chunk) never wait long for the write lock. Until its vector is written a
claim is still found by words (the search index is written with the claim), not yet by
meaning. ``claimtracker reindex`` remains the way to re-embed everything.
"""

from __future__ import annotations

from sqlalchemy import Connection, or_, select

from claimtracker import jobs
from claimtracker.extensions import db
from claimtracker.models import Claim, ClaimVector, Job, JobState
from claimtracker.services import claim_vectors, derived

FILL = "vectors.fill"
#: Claims a job embeds (about 1-2 s of CPU); then it queues the next batch.
BATCH = 100


def request_fill() -> None:
    """Queue a fill unless one is already waiting (not committed: the caller's
    transaction carries it). A running fill does not count: it may have looked for
    missing vectors before the caller's claims were committed."""
    waiting = db.session.scalar(
        select(Job.id).where(Job.kind == FILL, Job.state == JobState.PENDING).limit(1)
    )
    if waiting is None:
        jobs.enqueue(FILL, {})


def _queue(conn: Connection, claim_ids: list[int]) -> None:
    """The bulk writers' hook: the claims are found again by :func:`missing`."""
    if claim_ids:
        request_fill()


def install() -> None:
    """Be what a deferring bulk writer runs instead of embedding (idempotent)."""
    derived.register_later(claim_vectors.refresh, _queue)


def missing(limit: int) -> list[int]:
    """Ids of claims with no vector of the current model, oldest first."""
    return list(
        db.session.scalars(
            select(Claim.id)
            .outerjoin(ClaimVector, ClaimVector.claim_id == Claim.id)
            .where(
                or_(ClaimVector.claim_id.is_(None), ClaimVector.model != claim_vectors.MODEL_NAME)
            )
            .order_by(Claim.id)
            .limit(limit)
        )
    )


@jobs.handler(FILL, max_attempts=5)
def fill(ctx: jobs.JobContext) -> dict:
    """Embed the next batch of claims without a vector; queue the next one if any remain."""
    ids = missing(BATCH + 1)
    batch = ids[:BATCH]
    written = claim_vectors.refresh(db.session.connection(), batch) if batch else 0
    if len(ids) > BATCH:
        request_fill()
    return {"claims": len(batch), "written": written, "more": len(ids) > BATCH}
