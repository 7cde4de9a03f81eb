"""Read models for public pages: published data only, loaded in a fixed number of queries.

Every loader here issues the same number of queries whatever the size of the data: the
one-to-many parts are ``selectinload``-ed (one query each), the rest joined.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, func, select
from sqlalchemy.orm import defer, joinedload, selectinload

from claimtracker.extensions import db
from claimtracker.models import (
    Appearance,
    Article,
    Claim,
    Claimant,
    Outlet,
    Rating,
    SearchDocument,
    SiteVersion,
    Verdict,
)
from claimtracker.rendering.svg import Bar
from claimtracker.services.errors import NotFound

LIST_PAGE = 50


def published() -> Select:
    """Claims readers may see: published, with a current verdict. Every public route
    (pages, feeds, API, export) starts from this one statement, or filters on the rule it
    applies (``Claim.is_published``, defined once on the model)."""
    return select(Claim).where(Claim.is_published)


def _list_options():  # type: ignore[no-untyped-def]
    return (
        joinedload(Claim.claimant),
        joinedload(Claim.current_verdict).joinedload(Verdict.rating),
    )


def latest_claims(limit: int = 20) -> list[Claim]:
    """The most recently published or updated claims, with claimant and current rating.

    Ids come off the search_document.changed_at index first (SQLite would otherwise
    choose the low-selectivity status index and sort every claim), then one load.
    """
    ids = list(
        db.session.scalars(
            select(SearchDocument.claim_id)
            .where(SearchDocument.published)
            .order_by(SearchDocument.changed_at.desc(), SearchDocument.claim_id.desc())
            .limit(limit)
        )
    )
    claims = {
        c.id: c
        for c in db.session.scalars(
            published().where(Claim.id.in_(ids)).options(*_list_options())
        ).unique()
    }
    return [claims[i] for i in ids if i in claims]


@dataclass(frozen=True)
class Freshness:
    """What a cheap read says about a page before it is loaded: whether it is public,
    and the values its ETag and Last-Modified come from."""

    exists: bool
    tag: tuple
    changed_at: datetime | None
    #: The claim's text, for the canonical slug (claim pages only).
    title: str = ""


def _site_version():  # type: ignore[no-untyped-def]
    return select(SiteVersion.version).where(SiteVersion.id == 1).scalar_subquery()


@cache
def claim_freshness_statement() -> Select:
    """The one small indexed read behind a claim page's ETag and render-cache key: the
    claim's visibility (Claim.is_published) and version, when anything its page shows last changed
    (search_document.changed_at moves on every related write), and the site version (the
    rating scale). Built once, with a ``claim_id`` parameter; shared by the view and the
    WSGI fast path (web.fastpath)."""
    return (
        select(
            Claim.is_published.label("public"),
            Claim.current_verdict_id,
            Claim.version_id,
            Claim.updated_at,
            SearchDocument.changed_at,
            Claim.text,
            _site_version().label("site"),
        )
        .outerjoin(SearchDocument, SearchDocument.claim_id == Claim.id)
        .where(Claim.id == bindparam("claim_id"))
    )


def claim_freshness_from_row(claim_id: int, row: Sequence[Any] | None) -> Freshness:
    """Freshness from a row of :func:`claim_freshness_statement`, as SQLAlchemy or the bare
    driver returns it (None: no such claim). Dates are read into one form either way, so
    the view and the fast path compute the same ETag."""
    if row is None:
        return Freshness(False, (), None)
    public, verdict_id, version_id, updated_at, changed_at, text, site = row
    if not public:  # Claim.is_published, as SQL computed it (0/1 from a bare SQLite driver)
        return Freshness(False, (), None)
    stamps = [_moment(t) for t in (updated_at, changed_at) if t is not None]
    return Freshness(
        True,
        (claim_id, version_id, verdict_id, site, *stamps),
        max(stamps) if stamps else None,
        text,
    )


def _moment(value: datetime | str) -> datetime:
    # SQLite's driver hands back SQLAlchemy's stored text; SQLAlchemy a naive datetime.
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def claim_freshness(claim_id: int) -> Freshness:
    """One small indexed read: see :func:`claim_freshness_statement`."""
    row = db.session.execute(claim_freshness_statement(), {"claim_id": claim_id}).one_or_none()
    return claim_freshness_from_row(claim_id, row)


def site_freshness() -> Freshness:
    """For pages that list many claims: the latest change anywhere (an indexed max)."""
    # Two scalar subqueries, so each max() is a single index probe (one aggregate per
    # SELECT is what lets SQLite skip the scan).
    changed, newest, site = db.session.execute(
        select(
            select(func.max(SearchDocument.changed_at)).scalar_subquery(),
            select(func.max(SearchDocument.claim_id)).scalar_subquery(),
            _site_version(),
        )
    ).one()
    return Freshness(True, (changed, newest, site), changed)


def full_claim_options():  # type: ignore[no-untyped-def]
    """Loader options for everything a claim page, API detail or export shows, in a fixed
    number of queries."""
    return (
        *_list_options(),
        # The snapshot can be megabytes; readers need only the quote and its context.
        selectinload(Claim.appearances)
        .joinedload(Appearance.article)
        .options(defer(Article.text), joinedload(Article.outlet)),
        selectinload(Claim.sources),
        selectinload(Claim.verdicts).joinedload(Verdict.rating),
        selectinload(Claim.tags),
    )


def published_claim(claim_id: int) -> Claim:
    """A published claim with everything its page shows. Raises NotFound otherwise
    (unpublished claims are indistinguishable from unknown ones)."""
    stmt = published().where(Claim.id == claim_id).options(*full_claim_options())
    claim = db.session.scalars(stmt).unique().one_or_none()
    if claim is None:
        raise NotFound(f"no published claim {claim_id}")
    return claim


def quote_occurrences(claim_id: int) -> dict[int, int]:
    """How often each appearance's exact quote occurs in its article's snapshot, counted by
    the database so the snapshot never travels (a text fragment needs context when > 1)."""
    exact_len = func.length(Appearance.exact)
    count = (
        func.length(Article.text) - func.length(func.replace(Article.text, Appearance.exact, ""))
    ) / exact_len
    rows = db.session.execute(
        select(Appearance.id, count)
        .join(Article, Article.id == Appearance.article_id)
        .where(Appearance.claim_id == claim_id, Article.text.is_not(None), exact_len > 0)
    )
    return {appearance_id: int(n or 0) for appearance_id, n in rows}


def published_article(article_id: int) -> tuple[Article, list[Appearance]]:
    """An article that at least one published claim appeared in, with those appearances
    (claim and rating loaded). Raises NotFound otherwise: desk-only articles stay private."""
    article = db.session.scalar(
        select(Article).where(Article.id == article_id).options(joinedload(Article.outlet))
    )
    if article is None:
        raise NotFound(f"no article {article_id}")
    appearances = list(
        db.session.scalars(
            select(Appearance)
            .join(Claim, Claim.id == Appearance.claim_id)
            .where(Appearance.article_id == article_id, Claim.is_published)
            .options(
                joinedload(Appearance.claim)
                .joinedload(Claim.current_verdict)
                .joinedload(Verdict.rating)
            )
            .order_by(Appearance.start, Appearance.id)
        )
    )
    if not appearances:
        raise NotFound(f"article {article_id} has no published claims")
    return article, appearances


def _breakdown(where) -> list[Bar]:  # type: ignore[no-untyped-def]
    """Counts per rating (every rating of the scale, zero included), in scale order."""
    scale = list(
        db.session.execute(select(Rating.id, Rating.label, Rating.colour).order_by(Rating.position))
    )
    counts = dict(
        db.session.execute(
            select(Verdict.rating_id, func.count())
            .select_from(Claim)
            .join(Verdict, Verdict.id == Claim.current_verdict_id)
            .where(where, Claim.is_published)
            .group_by(Verdict.rating_id)
        ).all()
    )
    return [Bar(label, int(counts.get(rating_id, 0)), colour) for rating_id, label, colour in scale]


@dataclass
class Listing:
    """A claimant's or an outlet's published claims, one page, with a rating breakdown."""

    owner: Claimant | Outlet
    claims: list[Claim]
    breakdown: list[Bar]
    total: int
    page: int
    pages: int


def _listing(owner: Claimant | Outlet, where, page: int) -> Listing:  # type: ignore[no-untyped-def]
    breakdown = _breakdown(where)
    total = sum(b.count for b in breakdown)
    pages = max(1, -(-total // LIST_PAGE))
    page = min(max(1, page), pages)
    claims = list(
        db.session.scalars(
            published()
            .where(where)
            .options(*_list_options())
            .order_by(Claim.first_published_at.desc(), Claim.id.desc())
            .limit(LIST_PAGE)
            .offset((page - 1) * LIST_PAGE)
        ).unique()
    )
    return Listing(owner, claims, breakdown, total, page, pages)


def owner(kind: type[Claimant] | type[Outlet], owner_id: int) -> Claimant | Outlet:
    """A claimant or an outlet with at least one published claim. Raises NotFound.

    One whose claims are all still drafts does not exist for readers: its page would
    show the name of someone (or something) still under review."""
    # One query (the page's 304 path stays cheap): the row, if it has a published claim.
    found = db.session.scalar(
        select(kind).where(
            kind.id == owner_id, published().where(_owned_by(kind, kind.id)).exists()
        )
    )
    if found is None:
        raise NotFound(f"no {kind.__tablename__} {owner_id}")
    return found


def _owned_by(kind: type[Claimant] | type[Outlet], owner_id: Any) -> ColumnElement[bool]:
    if kind is Claimant:
        return Claim.claimant_id == owner_id
    # correlate_except: when owner_id is Outlet.id from an enclosing query, refer to that
    # row instead of adding outlet to this subquery's FROM (which would match any outlet).
    return Claim.id.in_(
        select(Appearance.claim_id)
        .join(Article, Article.id == Appearance.article_id)
        .where(Article.outlet_id == owner_id)
        .correlate_except(Appearance, Article)
    )


def claimant_listing(claimant: Claimant, page: int = 1) -> Listing:
    """The claimant's published claims, newest first, with their rating breakdown."""
    return _listing(claimant, _owned_by(Claimant, claimant.id), page)


def outlet_listing(outlet: Outlet, page: int = 1) -> Listing:
    """Published claims that appeared in the outlet's articles, with a rating breakdown."""
    return _listing(outlet, _owned_by(Outlet, outlet.id), page)
