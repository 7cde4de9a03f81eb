"""Browse and full-text search over published claims: one interface, two engines.

SQLite answers through the FTS5 table ``search_fts`` ranked by bm25; PostgreSQL through
a GIN expression index over ``search_document`` ranked by ts_rank_cd. Either way the
ranked set is bounded: only the newest :data:`RANK_WITHIN` matches are ranked and
counted, so a common word costs the same at 1k or 1M claims (DESIGN.md, "Search at scale").
User input never reaches the engine's query syntax: it is cut into words and phrases and
each is quoted.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Select, column, desc, extract, func, literal_column, select, table
from sqlalchemy.orm import joinedload

from claimtracker.extensions import db
from claimtracker.models import (
    Appearance,
    Article,
    Claim,
    Claimant,
    ClaimStatus,
    Outlet,
    Rating,
    SearchDocument,
    Tag,
    Verdict,
    claim_tag,
)
from claimtracker.services.search_index import rebuild, refresh  # noqa: F401 - re-exported

MAX_QUERY_CHARS = 200
MAX_TERMS = 12
RANK_WITHIN = 1000
PER_PAGE = 20
FACET_LIMIT = 15
SORTS = ("relevance", "date")

# Must be the migration's index expression (b7c41e9a5d20_search_index.py) or the planner
# will not use the GIN index; qualified here because verdict has a summary column too.
PG_TSVECTOR = (
    "setweight(to_tsvector('english'::regconfig, search_document.claim_text), 'A') || "
    "setweight(to_tsvector('english'::regconfig, search_document.claimant), 'B') || "
    "setweight(to_tsvector('english'::regconfig, search_document.quotes), 'B') || "
    "setweight(to_tsvector('english'::regconfig, search_document.summary), 'C')"
)
_fts = table("search_fts", column("rowid"))
_TERM = re.compile(r'"([^"]*)"|(\w+)')


@dataclass
class SearchQuery:
    """A validated search request (build it with :func:`parse_args`)."""

    q: str = ""
    rating: str | None = None
    claimant: int | None = None
    outlet: int | None = None
    tag: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    page: int = 1

    @property
    def terms(self) -> list[str]:
        return terms(self.q)


@dataclass
class Facet:
    key: str
    label: str
    count: int
    selected: bool = False


@dataclass
class SearchPage:
    claims: list[Claim]
    total: int
    page: int
    pages: int
    capped: bool
    facets: dict[str, list[Facet]] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)


def terms(q: str) -> list[str]:
    """Words and "quoted phrases" of a query, stripped of every engine operator."""
    found = []
    for phrase, word in _TERM.findall(q[:MAX_QUERY_CHARS]):
        text = " ".join(re.findall(r"\w+", phrase)) if phrase else word
        if text and text.lower() not in {t.lower() for t in found}:
            found.append(text)
    return found[:MAX_TERMS]


def fts5_match(words: list[str]) -> str:
    """An FTS5 MATCH string: every term a quoted string, implicitly ANDed."""
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


def _date(value: str | None, name: str, messages: list[str]) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        messages.append(f"Ignored the {name} date {value[:20]!r}: use YYYY-MM-DD.")
        return None


def parse_args(args: Mapping[str, str]) -> tuple[SearchQuery, list[str]]:
    """Read query-string parameters leniently: anything malformed is dropped with a message
    saying so, never an error."""
    messages: list[str] = []
    q = " ".join((args.get("q") or "").split())
    if len(q) > MAX_QUERY_CHARS:
        messages.append(f"The search was shortened to its first {MAX_QUERY_CHARS} characters.")
        q = q[:MAX_QUERY_CHARS]
    sort = args.get("sort") or "relevance"
    if sort not in SORTS:
        messages.append("Unknown sort order; sorted by relevance.")
        sort = "relevance"
    page_arg = args.get("page") or "1"
    page = _int(page_arg) or 1
    if page_arg != "1" and _int(page_arg) is None:
        messages.append("Ignored a malformed page number.")
    query = SearchQuery(
        q=q, rating=(args.get("rating") or "").strip()[:60] or None,
        claimant=_int(args.get("claimant")), outlet=_int(args.get("outlet")),
        tag=(args.get("tag") or "").strip().lower()[:60] or None,
        date_from=_date(args.get("from"), "from", messages),
        date_to=_date(args.get("to"), "to", messages), sort=sort, page=max(1, page))
    if query.date_from and query.date_to and query.date_from > query.date_to:
        messages.append("The date range was reversed; swapped its ends.")
        query.date_from, query.date_to = query.date_to, query.date_from
    return query, messages


def _is_pg() -> bool:
    return db.engine.dialect.name == "postgresql"


def _pg_tsquery(words: list[str]):  # type: ignore[no-untyped-def]
    parts = [func.phraseto_tsquery(literal_column("'english'::regconfig"), w) for w in words]
    out = parts[0]
    for part in parts[1:]:
        out = out.op("&&")(part)
    return out


def _match_clause(words: list[str]):  # type: ignore[no-untyped-def]
    if _is_pg():
        return literal_column(PG_TSVECTOR).op("@@")(_pg_tsquery(words))
    return literal_column("search_fts").op("MATCH")(fts5_match(words))


def _filtered(query: SearchQuery) -> Select:
    stmt = (
        select(Claim.id)
        .join(Verdict, Verdict.id == Claim.current_verdict_id)
        .where(Claim.status == ClaimStatus.PUBLISHED.value)
    )
    if query.rating:
        stmt = stmt.join(Rating, Rating.id == Verdict.rating_id).where(Rating.slug == query.rating)
    if query.claimant is not None:
        stmt = stmt.where(Claim.claimant_id == query.claimant)
    if query.outlet is not None:
        stmt = stmt.where(Claim.id.in_(
            select(Appearance.claim_id).join(Article, Article.id == Appearance.article_id)
            .where(Article.outlet_id == query.outlet)))
    if query.tag:
        stmt = stmt.where(Claim.id.in_(
            select(claim_tag.c.claim_id).join(Tag, Tag.id == claim_tag.c.tag_id)
            .where(Tag.name == query.tag)))
    if query.date_from:
        stmt = stmt.where(Claim.claimed_on >= query.date_from)
    if query.date_to:
        stmt = stmt.where(Claim.claimed_on <= query.date_to)
    return stmt


def _matching(query: SearchQuery) -> Select:
    """Ids of the published claims that match: all of them, or the newest RANK_WITHIN
    full-text matches when there are search terms."""
    stmt = _filtered(query)
    words = query.terms
    if not words:
        return stmt
    if _is_pg():
        stmt = stmt.join(SearchDocument, SearchDocument.claim_id == Claim.id).where(
            SearchDocument.published)
    else:
        stmt = stmt.join(_fts, _fts.c.rowid == Claim.id)
    return stmt.where(_match_clause(words)).order_by(Claim.id.desc()).limit(RANK_WITHIN)


def _page_ids(query: SearchQuery, matching: Select, offset: int) -> list[int]:
    words = query.terms
    ids = select(matching.subquery().c.id)
    if words and query.sort == "relevance":
        if _is_pg():
            score = func.ts_rank_cd(literal_column(PG_TSVECTOR), _pg_tsquery(words))
            stmt = (select(SearchDocument.claim_id).where(SearchDocument.claim_id.in_(ids))
                    .order_by(desc(score), SearchDocument.claim_id.desc()))
        else:
            # bm25 weights: claim text, claimant, quotes, summary. Lower is better.
            score = func.bm25(literal_column("search_fts"), 10.0, 4.0, 4.0, 2.0)
            stmt = (select(_fts.c.rowid).where(_match_clause(words), _fts.c.rowid.in_(ids))
                    .order_by(score, _fts.c.rowid.desc()))
    else:
        stmt = (select(Claim.id).where(Claim.id.in_(ids))
                .order_by(Claim.first_published_at.desc(), Claim.id.desc()))
    return list(db.session.scalars(stmt.limit(PER_PAGE).offset(offset)))


def _facets(query: SearchQuery, matching: Select) -> dict[str, list[Facet]]:
    ids = select(matching.subquery().c.id)
    count = func.count(func.distinct(Claim.id)).label("n")
    base = select().select_from(Claim).where(Claim.id.in_(ids))
    ratings = db.session.execute(
        base.add_columns(Rating.slug, Rating.label, count)
        .join(Verdict, Verdict.id == Claim.current_verdict_id)
        .join(Rating, Rating.id == Verdict.rating_id)
        .group_by(Rating.id, Rating.slug, Rating.label, Rating.position)
        .order_by(Rating.position)).all()
    claimants = db.session.execute(
        base.add_columns(Claimant.id, Claimant.name, count)
        .join(Claimant, Claimant.id == Claim.claimant_id)
        .group_by(Claimant.id, Claimant.name).order_by(desc("n"), Claimant.name)
        .limit(FACET_LIMIT)).all()
    outlets = db.session.execute(
        base.add_columns(Outlet.id, Outlet.name, count)
        .join(Appearance, Appearance.claim_id == Claim.id)
        .join(Article, Article.id == Appearance.article_id)
        .join(Outlet, Outlet.id == Article.outlet_id)
        .group_by(Outlet.id, Outlet.name).order_by(desc("n"), Outlet.name)
        .limit(FACET_LIMIT)).all()
    tags = db.session.execute(
        base.add_columns(Tag.name, count)
        .join(claim_tag, claim_tag.c.claim_id == Claim.id)
        .join(Tag, Tag.id == claim_tag.c.tag_id)
        .group_by(Tag.name).order_by(desc("n"), Tag.name).limit(FACET_LIMIT)).all()
    year = extract("year", Claim.claimed_on)
    years = db.session.execute(
        base.add_columns(year.label("year"), count).where(Claim.claimed_on.is_not(None))
        .group_by(year).order_by(desc(year))).all()
    return {
        "rating": [Facet(s, label, n, s == query.rating) for s, label, n in ratings],
        "claimant": [Facet(str(i), name, n, i == query.claimant) for i, name, n in claimants],
        "outlet": [Facet(str(i), name, n, i == query.outlet) for i, name, n in outlets],
        "tag": [Facet(name, name, n, name == query.tag) for name, n in tags],
        "year": [Facet(str(int(y)), str(int(y)), n) for y, n in years],
    }


def search_claims(query: SearchQuery, messages: list[str] | None = None) -> SearchPage:
    """One page of published claims matching ``query``, with facet counts.

    A fixed number of queries whatever the data size: count, page ids, page rows and five
    facet counts. Never raises for user input; problems become ``messages``.
    """
    messages = list(messages or [])
    if query.q and not query.terms:
        messages.append("The search had no words in it; showing every fact check.")
    if not query.terms:
        query.sort = "date"
    matching = _matching(query)
    total = db.session.scalar(select(func.count()).select_from(matching.subquery())) or 0
    pages = max(1, math.ceil(total / PER_PAGE))
    if query.page > pages:
        if total:
            messages.append(f"There is no page {query.page}; showing page {pages}, the last.")
        query.page = pages
    # Run every query even for an empty page so the count per page never varies.
    ids = _page_ids(query, matching, (query.page - 1) * PER_PAGE)
    by_id = {c.id: c for c in db.session.scalars(
        select(Claim).where(Claim.id.in_(ids)).options(
            joinedload(Claim.claimant),
            joinedload(Claim.current_verdict).joinedload(Verdict.rating))).unique()}
    facets = _facets(query, matching)
    if query.rating and not any(f.key == query.rating for f in facets["rating"]) and not total:
        messages.append(f"No fact checks are rated {query.rating!r}.")
    return SearchPage(
        claims=[by_id[i] for i in ids if i in by_id], total=total, page=query.page, pages=pages,
        capped=bool(query.terms) and total >= RANK_WITHIN, facets=facets, messages=messages)
