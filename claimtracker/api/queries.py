"""Read queries for the API: published data only, a fixed number of queries per page.

Full-text search is the reader pages' own (``services.search``: FTS5 / tsvector).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, false, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from claimtracker.extensions import db
from claimtracker.models import (
    Appearance,
    Article,
    Claim,
    Claimant,
    Outlet,
    Rating,
    Tag,
    Verdict,
)
from claimtracker.services import reading, search
from claimtracker.services.reading import published


def like_escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass
class ClaimFilters:
    q: str | None = None
    rating: str | None = None
    #: The second axis: a value or label of the FIDELITY scale.
    fidelity: str | None = None
    claimant: str | None = None
    outlet: str | None = None
    tag: str | None = None
    since: date | None = None
    until: date | None = None
    language: str | None = None


def _id_or(column, wanted: str):
    """``column == wanted`` when ``wanted`` is a plausible id, else a false condition."""
    if wanted.isdigit() and len(wanted) <= 9:
        return column == int(wanted)
    return false()


def filtered_claims(filters: ClaimFilters) -> Select[Any]:
    """Published claims matching ``filters`` (no ordering, no paging)."""
    stmt = published()
    if filters.q is not None:
        stmt = stmt.where(Claim.id.in_(search.search_claim_ids(filters.q)))
    if filters.rating:
        wanted = filters.rating.lower()
        stmt = (
            stmt.join(Verdict, Verdict.id == Claim.current_verdict_id)
            .join(Rating)
            .where(or_(Rating.slug == wanted, func.lower(Rating.label) == wanted))
        )
    if filters.fidelity:
        wanted = filters.fidelity.lower()
        # a subquery, so a rating filter's join of verdict stays the only one
        stmt = stmt.where(
            Claim.current_verdict_id.in_(
                select(Verdict.id).where(
                    or_(Verdict.fidelity == wanted, func.lower(Verdict.fidelity_label) == wanted)
                )
            )
        )
    if filters.claimant:
        # An id (as the reader pages' facets use), a slug or a name.
        wanted = filters.claimant.lower()
        stmt = stmt.join(Claimant, Claimant.id == Claim.claimant_id).where(
            _id_or(Claimant.id, wanted)
            | (Claimant.slug == wanted)
            | (func.lower(Claimant.name) == wanted)
        )
    if filters.outlet:
        wanted = filters.outlet.lower()
        stmt = stmt.where(
            Claim.id.in_(
                select(Appearance.claim_id)
                .join(Article, Article.id == Appearance.article_id)
                .join(Outlet)
                .where(
                    _id_or(Outlet.id, wanted)
                    | (Outlet.slug == wanted)
                    | (func.lower(Outlet.name) == wanted)
                )
            )
        )
    if filters.tag:
        stmt = stmt.where(Claim.tags.any(Tag.name == filters.tag.lower()))
    # As on the reader pages: the date range is when the claim was made.
    if filters.since:
        stmt = stmt.where(Claim.claimed_on >= filters.since)
    if filters.until:
        stmt = stmt.where(Claim.claimed_on <= filters.until)
    if filters.language:
        stmt = stmt.where(Claim.language == filters.language.lower())
    return stmt


def claims_page(filters: ClaimFilters, *, page: int, per_page: int) -> tuple[list[Claim], int]:
    """One page of published claims, newest first, and the total count."""
    base = filtered_claims(filters)
    total = db.session.scalar(select(func.count()).select_from(base.subquery())) or 0
    stmt = (
        base.options(
            joinedload(Claim.claimant),
            joinedload(Claim.current_verdict).joinedload(Verdict.rating),
            selectinload(Claim.tags),
        )
        .order_by(Claim.first_published_at.desc(), Claim.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    claims: list[Claim] = list(db.session.scalars(stmt).unique())
    return claims, total


def public_articles_page(
    *, page: int, per_page: int
) -> tuple[list[tuple[Article, list[int]]], int]:
    """Articles in which a published claim appeared, newest logged first."""
    visible = (
        select(Appearance.article_id)
        .join(Claim)
        .where(Claim.id.in_(published().with_only_columns(Claim.id)))
    )
    base = select(Article).where(Article.id.in_(visible))
    total = db.session.scalar(select(func.count()).select_from(base.subquery())) or 0
    rows = list(
        db.session.scalars(
            base.options(joinedload(Article.outlet))
            .order_by(Article.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    return [(a, claim_ids_for(a.id)) for a in rows], total


def claim_ids_for(article_id: int) -> list[int]:
    stmt = (
        select(Appearance.claim_id)
        .join(Claim)
        .where(
            Appearance.article_id == article_id,
            Claim.id.in_(published().with_only_columns(Claim.id)),
        )
        .distinct()
        .order_by(Appearance.claim_id)
    )
    return list(db.session.scalars(stmt))


def public_article(article_id: int) -> tuple[Article, list[int]] | None:
    article = db.session.get(Article, article_id)
    if article is None:
        return None
    ids = claim_ids_for(article_id)
    return (article, ids) if ids else None


def claimants_page(*, page: int, per_page: int) -> tuple[list[tuple[Claimant, int]], int]:
    """Claimants with at least one published claim, and how many, by name."""
    counted = (
        select(Claimant, func.count(Claim.id))
        .join(Claim, Claim.claimant_id == Claimant.id)
        .where(Claim.id.in_(published().with_only_columns(Claim.id)))
        .group_by(Claimant.id)
        .order_by(Claimant.name)
    )
    total = db.session.scalar(select(func.count()).select_from(counted.subquery())) or 0
    rows = db.session.execute(counted.limit(per_page).offset((page - 1) * per_page)).all()
    return [(row[0], row[1]) for row in rows], total


def ratings_with_counts() -> list[tuple[Rating, int]]:
    rows = db.session.execute(
        select(Verdict.rating_id, func.count(Claim.id))
        .join(Claim, Claim.current_verdict_id == Verdict.id)
        .where(Claim.is_published)
        .group_by(Verdict.rating_id)
    ).all()
    counts: dict[Any, int] = {row[0]: row[1] for row in rows}
    ratings = db.session.scalars(select(Rating).order_by(Rating.position))
    return [(r, counts.get(r.id, 0)) for r in ratings]


def detail(claim_id: int) -> Claim | None:
    stmt = published().where(Claim.id == claim_id).options(*reading.full_claim_options())
    return db.session.scalars(stmt).unique().one_or_none()
