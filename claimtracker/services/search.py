"""Browse and full-text search over published claims: one interface, two engines.

SQLite answers through the FTS5 table ``search_fts`` ranked by bm25; PostgreSQL through
a GIN expression index over ``search_document`` ranked by ts_rank_cd. Either way the
ranked set is bounded: only the newest :data:`RANK_WITHIN` matches are ranked and
counted, so a common word costs the same at 1k or 1M claims (docs/architecture.md,
"Search at scale").
User input never reaches the engine's query syntax: it is cut into words and phrases and
each is quoted.
"""

from __future__ import annotations

import math
import threading
from collections import Counter, OrderedDict
from dataclasses import astuple, dataclass, field

from sqlalchemy import Select, column, func, literal_column, select, table
from sqlalchemy.orm import joinedload

from claimtracker.extensions import db
from claimtracker.models import (
    Appearance,
    Article,
    Claim,
    Claimant,
    Outlet,
    Rating,
    SearchDocument,
    Tag,
    Verdict,
    claim_tag,
)
from claimtracker.search.query import (  # noqa: F401 - one interface
    MAX_QUERY_CHARS,
    MAX_TERMS,
    SearchQuery,
    fts5_match,
    parse_args,
    terms,
)
from claimtracker.services.reading import published
from claimtracker.services.search_index import rebuild, refresh  # noqa: F401 - re-exported

RANK_WITHIN = 1000
PER_PAGE = 20
FACET_LIMIT = 15
#: Counts and facets memoised per (data version, filters): see :func:`search_claims`.
SUMMARY_CACHE_SIZE = 256
_summaries: OrderedDict[tuple, tuple[int, dict[str, list[Facet]]]] = OrderedDict()
_summaries_lock = threading.Lock()

# Must be the migration's index expression (b7c41e9a5d20_search_index.py) or the planner
# will not use the GIN index; qualified here because verdict has a summary column too.
PG_TSVECTOR = (
    "setweight(to_tsvector('english'::regconfig, search_document.claim_text), 'A') || "
    "setweight(to_tsvector('english'::regconfig, search_document.claimant), 'B') || "
    "setweight(to_tsvector('english'::regconfig, search_document.quotes), 'B') || "
    "setweight(to_tsvector('english'::regconfig, search_document.summary), 'C')"
)
_fts = table("search_fts", column("rowid"))


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


def _filtered(query: SearchQuery, newest_first: bool = False) -> Select:
    # Walking claims newest first, the status index must not be used: it matches 80% of
    # the table, and SQLite would then sort every published claim (see published_rule).
    stmt = (
        select(Claim.id)
        .join(Verdict, Verdict.id == Claim.current_verdict_id)
        .where(Claim.published_rule(status_index=not newest_first))
    )
    if query.rating:
        # A subquery, not a join, so facet queries can join rating themselves.
        stmt = stmt.where(
            Verdict.rating_id
            == select(Rating.id).where(Rating.slug == query.rating).scalar_subquery()
        )
    if query.claimant is not None:
        stmt = stmt.where(Claim.claimant_id == query.claimant)
    if query.outlet is not None:
        stmt = stmt.where(
            Claim.id.in_(
                select(Appearance.claim_id)
                .join(Article, Article.id == Appearance.article_id)
                .where(Article.outlet_id == query.outlet)
            )
        )
    if query.tag:
        stmt = stmt.where(
            Claim.id.in_(
                select(claim_tag.c.claim_id)
                .join(Tag, Tag.id == claim_tag.c.tag_id)
                .where(Tag.name == query.tag)
            )
        )
    if query.date_from:
        stmt = stmt.where(Claim.claimed_on >= query.date_from)
    if query.date_to:
        stmt = stmt.where(Claim.claimed_on <= query.date_to)
    return stmt


def _newest_matches(words: list[str]) -> Select:
    """The newest RANK_WITHIN full-text matches with their relevance, asked of the engine
    alone so it walks its index backwards and stops early; the score is computed for those
    rows only (bm25: lower is better, so PostgreSQL's rank is negated to match)."""
    if _is_pg():
        score = -func.ts_rank_cd(literal_column(PG_TSVECTOR), _pg_tsquery(words))
        stmt = (
            select(SearchDocument.claim_id.label("id"), score.label("score"))
            .where(SearchDocument.published, _match_clause(words))
            .order_by(SearchDocument.claim_id.desc())
        )
    else:
        # bm25 weights: claim text, claimant, quotes, summary.
        score = func.bm25(literal_column("search_fts"), 10.0, 4.0, 4.0, 2.0)
        stmt = (
            select(_fts.c.rowid.label("id"), score.label("score"))
            .where(_match_clause(words))
            .order_by(_fts.c.rowid.desc())
        )
    return stmt.limit(RANK_WITHIN)


def _ranked_ids(query: SearchQuery) -> list[int]:
    """Every matching id (at most RANK_WITHIN), in the order asked for. Two queries: the
    engine's candidates with scores, then the filters over just those ids; the engine
    query runs once however many counts the page needs."""
    scores = {i: score for i, score in db.session.execute(_newest_matches(query.terms))}
    rows = db.session.execute(
        _filtered(query).add_columns(Claim.updated_at).where(Claim.id.in_(list(scores)))
    ).all()
    if query.sort == "relevance":
        rows.sort(key=lambda r: (scores[r[0]], -r[0]))
    else:
        rows.sort(key=lambda r: (r[1], r[0]), reverse=True)
    return [r[0] for r in rows]


def search_claim_ids(q: str, limit: int = RANK_WITHIN) -> list[int]:
    """Ids of published claims matching every word of ``q``, most relevant first (at most
    ``limit``, ranked within the newest RANK_WITHIN matches). The JSON API and
    claims:search use this, so every route in searches the same index."""
    query = SearchQuery(q=q)
    if not query.terms:
        return []
    return _ranked_ids(query)[:limit]


def _browse_ids(query: SearchQuery) -> list[int]:
    """Browsing (no words): the newest RANK_WITHIN matching claims, straight off the
    updated_at index. Bounded like a search, so neither the list nor its counts ever
    walk a million claims: the pages, total and facets are those of this newest set."""
    stmt = _filtered(query, newest_first=True).order_by(Claim.updated_at.desc(), Claim.id.desc())
    return list(db.session.scalars(stmt.limit(RANK_WITHIN)))


def _facets(query: SearchQuery, ids: list[int]) -> dict[str, list[Facet]]:
    """Counts per rating, claimant, outlet, tag and year over the matching claims.

    ``ids`` is the bounded matching set (at most RANK_WITHIN, every filter applied), so
    three plain reads by primary key fetch what is counted, and the counting is done here:
    no GROUP BY over a million rows, and no second pass through the filters.
    """
    rows = db.session.execute(
        select(Verdict.rating_id, Claim.claimant_id, Claimant.name, Claim.claimed_on)
        .select_from(Claim)
        .join(Verdict, Verdict.id == Claim.current_verdict_id)
        .outerjoin(Claimant, Claimant.id == Claim.claimant_id)
        # The ids passed the rule already; restated so every public claim read carries it.
        .where(Claim.id.in_(ids), Claim.is_published)
    ).all()
    ratings: Counter[int] = Counter()
    claimants: Counter[tuple[int, str]] = Counter()
    years: Counter[int] = Counter()
    for rating_id, claimant_id, name, claimed_on in rows:
        ratings[rating_id] += 1
        if claimant_id is not None:
            claimants[(claimant_id, name)] += 1
        if claimed_on is not None:
            years[claimed_on.year] += 1
    # A claim may appear in one outlet several times: count it once.
    outlets = Counter(
        (outlet_id, name)
        for _claim, outlet_id, name in db.session.execute(
            select(Appearance.claim_id, Outlet.id, Outlet.name)
            .join(Article, Article.id == Appearance.article_id)
            .join(Outlet, Outlet.id == Article.outlet_id)
            .where(Appearance.claim_id.in_(ids))
            .distinct()
        )
    )
    tags = Counter(
        db.session.scalars(
            select(Tag.name)
            .join(claim_tag, claim_tag.c.tag_id == Tag.id)
            .where(claim_tag.c.claim_id.in_(ids))
        )
    )
    scale = db.session.execute(
        select(Rating.id, Rating.slug, Rating.label).order_by(Rating.position)
    )

    def top(counts: Counter) -> list:  # type: ignore[type-arg]
        return sorted(
            counts.items(), key=lambda kv: (-kv[1], kv[0][1] if isinstance(kv[0], tuple) else kv[0])
        )[:FACET_LIMIT]

    return {
        "rating": [
            Facet(slug, label, ratings[i], slug == query.rating)
            for i, slug, label in scale
            if ratings[i]
        ],
        "claimant": [
            Facet(str(i), name, c, i == query.claimant) for (i, name), c in top(claimants)
        ],
        "outlet": [Facet(str(i), name, c, i == query.outlet) for (i, name), c in top(outlets)],
        "tag": [Facet(name, name, c, name == query.tag) for name, c in top(tags)],
        "year": [Facet(str(y), str(y), years[y]) for y in sorted(years, reverse=True)],
    }


def _summary(
    query: SearchQuery, ids: list[int], version: tuple | None
) -> tuple[int, dict[str, list[Facet]]]:
    """The total and the facets of the bounded matching set ``ids``. With a data
    ``version`` (read from the database, never a clock) the result is memoised: it can't
    go stale, and each process merely keeps its own copy."""
    key = None
    if version is not None:
        key = (version, *astuple(query)[:-2])  # everything but sort and page
        with _summaries_lock:
            if key in _summaries:
                _summaries.move_to_end(key)
                return _summaries[key]
    summary = (len(ids), _facets(query, ids))
    if key is not None:
        with _summaries_lock:
            _summaries[key] = summary
            while len(_summaries) > SUMMARY_CACHE_SIZE:
                _summaries.popitem(last=False)
    return summary


def search_claims(
    query: SearchQuery, messages: list[str] | None = None, version: tuple | None = None
) -> SearchPage:
    """One page of published claims matching ``query``, with facet counts.

    At most eight queries whatever the data size: the ids (one bounded walk of the
    updated_at index when browsing; candidates and filters when searching), the page's
    rows and four reads for the facets, counted here over at most RANK_WITHIN claims
    (reused while ``version``, the site's data version from
    ``reading.site_freshness().tag``, is unchanged). Never raises for user input;
    problems become ``messages``.
    """
    messages = list(messages or [])
    if query.q and not query.terms:
        messages.append("The search had no words in it; showing every fact check.")
    if not query.terms:
        query.sort = "date"
    ranked = _ranked_ids(query) if query.terms else _browse_ids(query)
    total, facets = _summary(query, ranked, version)
    pages = max(1, math.ceil(total / PER_PAGE))
    if query.page > pages:
        if total:
            messages.append(f"There is no page {query.page}; showing page {pages}, the last.")
        query.page = pages
    offset = (query.page - 1) * PER_PAGE
    # Every query runs even for an empty page, so the count per page never varies.
    ids = ranked[offset : offset + PER_PAGE]
    # The ids passed the rule already; stating it again keeps every public claim load
    # on the one rule (tests/test_visibility_rule.py) at the cost of two indexed columns.
    by_id = {
        c.id: c
        for c in db.session.scalars(
            published()
            .where(Claim.id.in_(ids))
            .options(
                joinedload(Claim.claimant),
                joinedload(Claim.current_verdict).joinedload(Verdict.rating),
            )
        ).unique()
    }
    if query.rating and not any(f.key == query.rating for f in facets["rating"]) and not total:
        messages.append(f"No fact checks are rated {query.rating!r}.")
    return SearchPage(
        claims=[by_id[i] for i in ids if i in by_id],
        total=total,
        page=query.page,
        pages=pages,
        capped=total >= RANK_WITHIN,
        facets=facets,
        messages=messages,
    )
