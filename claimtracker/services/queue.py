"""The desk queue: claims by status with filters and counts, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, selectinload

from claimtracker.extensions import db
from claimtracker.ids import parse_id
from claimtracker.models import (
    Appearance,
    Article,
    Claim,
    ClaimStatus,
    Outlet,
    Rating,
    Tag,
    User,
    Verdict,
    VerdictStatus,
    claim_tag,
)

PAGE_SIZE = 50


@dataclass
class QueueFilter:
    """What the queue shows. ``assignee`` is a user id, "me", "none" or None (anyone)."""

    status: str | None = None
    assignee: str | None = None
    tag: str | None = None
    outlet: str | None = None
    page: int = 1


@dataclass
class QueuePage:
    claims: list[Claim]
    counts: dict[str, int]
    total: int
    page: int
    pages: int
    mine: int = 0
    tags: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    assignees: list[User] = field(default_factory=list)


def _filtered(stmt: Select, f: QueueFilter, viewer: User) -> Select:
    if f.assignee == "me":
        stmt = stmt.where(Claim.assignee_id == viewer.id)
    elif f.assignee == "none":
        stmt = stmt.where(Claim.assignee_id.is_(None))
    elif f.assignee and parse_id(f.assignee) is not None:
        stmt = stmt.where(Claim.assignee_id == parse_id(f.assignee))
    if f.tag:
        stmt = stmt.where(
            Claim.id.in_(
                select(claim_tag.c.claim_id)
                .join(Tag, Tag.id == claim_tag.c.tag_id)
                .where(Tag.name == f.tag.strip().lower())
            )
        )
    if f.outlet:
        stmt = stmt.where(
            Claim.id.in_(
                select(Appearance.claim_id)
                .join(Article, Article.id == Appearance.article_id)
                .join(Outlet, Outlet.id == Article.outlet_id)
                .where(Outlet.name == f.outlet)
            )
        )
    return stmt


def awaiting_sign_off() -> int:
    """How many proposed verdicts wait for an editor (the desk menu's count)."""
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Verdict)
            .where(Verdict.status == VerdictStatus.PROPOSED.value)
        )
        or 0
    )


def load(f: QueueFilter, viewer: User) -> QueuePage:
    """One page of the queue, newest activity first, with per-status counts under the same
    filters (so the tabs say what clicking them would show)."""
    count_rows = db.session.execute(
        _filtered(select(Claim.status, func.count()).group_by(Claim.status), f, viewer)
    )
    counts: dict[str, int] = {s: 0 for s in ClaimStatus}
    counts.update({status: n for status, n in count_rows})
    stmt = _filtered(select(Claim), f, viewer)
    if f.status in counts:
        stmt = stmt.where(Claim.status == f.status)
        total = counts[f.status]
    else:
        total = sum(counts.values())
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, f.page), pages)
    claims = list(
        db.session.scalars(
            stmt.options(
                joinedload(Claim.claimant),
                joinedload(Claim.current_verdict).joinedload(Verdict.rating),
                selectinload(Claim.tags),
            )
            .order_by(Claim.updated_at.desc(), Claim.id.desc())
            .offset((page - 1) * PAGE_SIZE)
            .limit(PAGE_SIZE)
        ).unique()
    )
    assignee_ids = {c.assignee_id for c in claims if c.assignee_id}
    people = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(assignee_ids)))}
    # The rating each proposal awaiting sign-off would publish (one query for the page).
    proposed = {
        claim_id: rating
        for claim_id, rating in db.session.execute(
            select(Verdict.claim_id, Rating)
            .join(Rating, Rating.id == Verdict.rating_id)
            .where(
                Verdict.claim_id.in_([c.id for c in claims]),
                Verdict.status == VerdictStatus.PROPOSED.value,
            )
        )
    }
    for claim in claims:
        claim.assignee_user = people.get(claim.assignee_id)
        claim.proposed_rating = proposed.get(claim.id)
    mine = (
        db.session.scalar(
            select(func.count())
            .select_from(Claim)
            .where(Claim.assignee_id == viewer.id, Claim.status != ClaimStatus.PUBLISHED.value)
        )
        or 0
    )
    return QueuePage(
        claims=claims,
        counts=counts,
        total=total,
        page=page,
        pages=pages,
        mine=mine,
        tags=list(db.session.scalars(select(Tag.name).order_by(Tag.name))),
        outlets=list(db.session.scalars(select(Outlet.name).order_by(Outlet.name))),
        assignees=list(
            db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.email))
        ),
    )
