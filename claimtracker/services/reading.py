"""Read models for public pages: published data only, loaded in a fixed number of queries.

Every loader here issues the same number of queries whatever the size of the data: the
one-to-many parts are ``selectinload``-ed (one query each), the rest joined.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any, cast

from flask_babel import lazy_gettext as _l
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
from claimtracker.services import fidelity as fidelity_scale
from claimtracker.services.errors import NotFound

LIST_PAGE = 50


def published() -> Select:
    """Claims readers may see: published, with a current verdict. Every public route
    (pages, feeds, API, export) starts from this one statement, or filters on the rule it
    applies (``Claim.is_published``, defined once on the model)."""
    return select(Claim).where(Claim.is_published)


def _list_options():
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


def _site_version():
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


def full_claim_options():
    """Loader options for everything a claim page, API detail or export shows, in a fixed
    number of queries."""
    return (
        *_list_options(),
        # The snapshot can be megabytes; readers need only the quote and its context.
        selectinload(Claim.appearances)
        .joinedload(Appearance.article)
        .options(defer(Article.text), joinedload(Article.outlet)),
        # the source each appearance cites (issue 11), its text left behind as well
        selectinload(Claim.appearances)
        .joinedload(Appearance.cited_article)
        .options(defer(Article.text), joinedload(Article.outlet)),
        selectinload(Claim.sources),
        selectinload(Claim.verdicts).options(
            joinedload(Verdict.rating), joinedload(Verdict.author), joinedload(Verdict.approver)
        ),
        selectinload(Claim.tags),
    )


def published_claim(claim_id: int) -> Claim:
    """A published claim with everything its page shows. Raises NotFound otherwise
    (unpublished claims are indistinguishable from unknown ones)."""
    stmt = published().where(Claim.id == claim_id).options(*full_claim_options())
    claim = db.session.scalars(stmt).unique().one_or_none()
    if claim is None:
        raise NotFound(_l("no published claim %(claim_id)s", claim_id=claim_id))
    return claim


def repeated_after_check() -> ColumnElement[bool]:
    """The one rule for a repeat: an appearance recorded after its claim was first
    published, i.e. an article found repeating the claim once it had been checked (the
    desk's and the Repeats queue's "Same claim"). The claim page's "Seen again"
    (:func:`seen_again`) and the claimant and outlet pages' counts all use it, so the
    numbers agree with the list a reader can open. Needs ``appearance`` and ``claim`` in
    the query."""
    return Appearance.created_at > Claim.first_published_at


def seen_again(claim: Claim) -> list[Appearance]:
    """A loaded claim's repeats (:func:`repeated_after_check`, in Python: no query)."""
    first = claim.first_published_at
    if first is None:
        return []
    return [a for a in claim.appearances if a.created_at > first]


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
        raise NotFound(_l("no article %(article_id)s", article_id=article_id))
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
        raise NotFound(_l("article %(article_id)s has no published claims", article_id=article_id))
    return article, appearances


def _breakdown(where) -> list[Bar]:
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


@dataclass(frozen=True)
class Faithfulness:
    """How often an outlet's (or a claimant's) passages were reported faithfully, over the
    published fact checks whose faithfulness was assessed. ``faithful`` counts the
    scale's first grade (Accurate by default); ``grades`` is (label, count) in scale order."""

    assessed: int
    faithful: int
    faithful_label: str
    grades: list[tuple[str, int]]

    @property
    def percent(self) -> int | None:
        """The faithful share in whole percent, None when nothing was assessed."""
        return round(100 * self.faithful / self.assessed) if self.assessed else None


def _faithfulness(where) -> Faithfulness:
    rows = db.session.execute(
        select(Verdict.fidelity, Verdict.fidelity_label, func.count())
        .select_from(Claim)
        .join(Verdict, Verdict.id == Claim.current_verdict_id)
        .where(where, Claim.is_published, Verdict.fidelity.is_not(None))
        .group_by(Verdict.fidelity, Verdict.fidelity_label)
    ).all()
    scale = fidelity_scale.scale()
    order = {g.value: n for n, g in enumerate(scale)}
    counts: dict[str, int] = {}
    labels: dict[str, str] = {g.value: g.label for g in scale}
    for value, label, count in rows:
        if value is None:  # excluded by the query; says so to the type checker
            continue
        counts[value] = counts.get(value, 0) + int(count)
        labels.setdefault(value, label or value)
    grades = [
        (labels[v], counts[v]) for v in sorted(counts, key=lambda v: (order.get(v, len(order)), v))
    ]
    first = scale[0]
    return Faithfulness(sum(counts.values()), counts.get(first.value, 0), first.label, grades)


@dataclass(frozen=True)
class RepeatsByRating:
    """One rating's repeats on an outlet page: how many of the claims so rated the outlet
    repeated after they were checked, and how many times in all."""

    label: str
    claims: int
    times: int


@dataclass(frozen=True)
class Repeats:
    """Repeats after a check (:func:`repeated_after_check`) on a claimant's or an
    outlet's page: ``claims`` distinct claims, ``times`` appearances in all; per claim of
    the page shown (claimant pages), and per current rating (outlet pages)."""

    claims: int = 0
    times: int = 0
    per_claim: dict[int, int] = field(default_factory=dict)
    by_rating: list[RepeatsByRating] = field(default_factory=list)


def _visible_by_key() -> ColumnElement[bool]:
    """The visibility rule, kept off the status index: the repeat counts start from the
    owner's index (claimant, or the outlet's articles) and look each claim up by key; on
    SQLite the status index would walk every published claim (0.4 s at 100k for an
    outlet's counts)."""
    return Claim.published_rule(status_index=False)


def _claimant_repeats(claimant_id: int, shown: list[Claim]) -> Repeats:
    """Two queries, whatever the data: the claimant's totals, and the counts of the
    claims on the page shown."""
    repeats = (
        select()
        .select_from(Appearance)
        .join(Claim, Claim.id == Appearance.claim_id)
        .where(_visible_by_key(), Claim.claimant_id == claimant_id, repeated_after_check())
    )
    claims, times = db.session.execute(
        repeats.add_columns(func.count(func.distinct(Appearance.claim_id)), func.count())
    ).one()
    per_claim = {
        claim_id: int(n)
        for claim_id, n in db.session.execute(
            repeats.add_columns(Appearance.claim_id, func.count())
            .where(Appearance.claim_id.in_([c.id for c in shown]))
            .group_by(Appearance.claim_id)
        )
    }
    return Repeats(int(claims or 0), int(times or 0), per_claim)


def _outlet_repeats(outlet_id: int) -> Repeats:
    """One query: the outlet's repeats of checked claims, per current rating (scale order)."""
    rows = db.session.execute(
        select(
            Rating.label,
            func.count(func.distinct(Appearance.claim_id)),
            func.count(),
        )
        .select_from(Appearance)
        .join(Article, Article.id == Appearance.article_id)
        .join(Claim, Claim.id == Appearance.claim_id)
        .join(Verdict, Verdict.id == Claim.current_verdict_id)
        .join(Rating, Rating.id == Verdict.rating_id)
        .where(Article.outlet_id == outlet_id, _visible_by_key(), repeated_after_check())
        .group_by(Rating.id, Rating.label, Rating.position)
        .order_by(Rating.position)
    ).all()
    by_rating = [RepeatsByRating(label, int(c), int(t)) for label, c, t in rows]
    return Repeats(
        sum(r.claims for r in by_rating), sum(r.times for r in by_rating), by_rating=by_rating
    )


@dataclass
class Listing:
    """A claimant's or an outlet's published claims, one page, with a rating breakdown and
    how often what they published was reported faithfully."""

    owner: Claimant | Outlet
    claims: list[Claim]
    breakdown: list[Bar]
    total: int
    page: int
    pages: int
    faithfulness: Faithfulness | None = None
    repeats: Repeats = field(default_factory=Repeats)


def _listing(owner: Claimant | Outlet, where, page: int) -> Listing:
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
    return Listing(owner, claims, breakdown, total, page, pages, _faithfulness(where))


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
        raise NotFound(_l("no %(kind)s %(owner_id)s", kind=kind.__tablename__, owner_id=owner_id))
    return cast("Claimant | Outlet", found)


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
    listing = _listing(claimant, _owned_by(Claimant, claimant.id), page)
    listing.repeats = _claimant_repeats(claimant.id, listing.claims)
    return listing


def outlet_listing(outlet: Outlet, page: int = 1) -> Listing:
    """Published claims that appeared in the outlet's articles, with a rating breakdown."""
    listing = _listing(outlet, _owned_by(Outlet, outlet.id), page)
    listing.repeats = _outlet_repeats(outlet.id)
    return listing
