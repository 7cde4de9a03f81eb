"""Read models for feeds and embeds: Atom entries, the ClaimReview data feed, the sitemap
and the badge. Published data only; each loader costs a fixed number of queries (the
data feed a fixed number per batch)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import defer, joinedload, selectinload

from claimtracker.extensions import db
from claimtracker.models import (
    Appearance,
    Article,
    Claim,
    Rating,
    Verdict,
    VerdictStatus,
)

ATOM_ENTRIES = 50
SITEMAP_LIMIT = 50_000  # the sitemap protocol's limit per file
FEED_BATCH = 200


def latest_verdicts(limit: int = ATOM_ENTRIES) -> list[Verdict]:
    """Published verdicts (first rulings, corrections and updates), newest first.

    The newest few verdicts are picked off the published_at index before the join, so the
    planner never sorts every verdict; a claim unpublished since only thins the feed.
    """
    newest = (
        select(Verdict.id)
        .where(Verdict.published_at.is_not(None))
        .order_by(Verdict.published_at.desc())
        .limit(limit * 4)
        .subquery()
    )
    return list(
        db.session.scalars(
            select(Verdict)
            .join(newest, newest.c.id == Verdict.id)
            .join(Claim, Claim.id == Verdict.claim_id)
            .where(Verdict.status == VerdictStatus.PUBLISHED.value, Claim.is_published)
            .options(
                joinedload(Verdict.rating), joinedload(Verdict.claim).joinedload(Claim.claimant)
            )
            .order_by(Verdict.published_at.desc(), Verdict.id.desc())
            .limit(limit)
        ).unique()
    )


def iter_published_claims(batch: int | None = None) -> Iterator[Claim]:
    """Every published claim loaded for ClaimReview, in id order, ``batch`` at a time
    (keyset pagination: two queries per batch, memory bounded by the batch).

    ``batch`` defaults to FEED_BATCH read at call time, so a test can set a small batch
    and cross its boundaries with a handful of claims."""
    batch = batch or FEED_BATCH
    last = 0
    while True:
        rows = list(
            db.session.scalars(
                select(Claim)
                .where(Claim.is_published, Claim.id > last)
                .options(
                    joinedload(Claim.claimant),
                    joinedload(Claim.current_verdict).joinedload(Verdict.rating),
                    selectinload(Claim.appearances)
                    .joinedload(Appearance.article)
                    .options(defer(Article.text), joinedload(Article.outlet)),
                    # the source each appearance cites (issue 11), its text left behind as well
                    selectinload(Claim.appearances)
                    .joinedload(Appearance.cited_article)
                    .options(defer(Article.text), joinedload(Article.outlet)),
                )
                .order_by(Claim.id)
                .limit(batch)
            ).unique()
        )
        yield from rows
        if len(rows) < batch:
            return
        last = rows[-1].id


def sitemap_rows(limit: int = SITEMAP_LIMIT) -> list[tuple[int, str, datetime]]:
    """(id, text, updated_at) of published claims, plain rows (no ORM objects)."""
    return [
        (r.id, r.text, r.updated_at)
        for r in db.session.execute(
            select(Claim.id, Claim.text, Claim.updated_at)
            .where(Claim.is_published)
            .order_by(Claim.id.desc())
            .limit(limit)
        )
    ]


def claim_rating(claim_id: int) -> tuple[str, str, str] | None:
    """(claim text, rating label, rating colour) of a published claim, or None."""
    row = db.session.execute(
        select(Claim.text, Rating.label, Rating.colour)
        .join(Verdict, Verdict.id == Claim.current_verdict_id)
        .join(Rating, Rating.id == Verdict.rating_id)
        .where(Claim.id == claim_id, Claim.is_published)
    ).one_or_none()
    return (row[0], row[1], row[2]) if row else None
