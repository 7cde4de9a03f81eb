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

import json
import math
import threading
from collections import Counter, OrderedDict
from dataclasses import astuple, dataclass, field
from typing import Any

from flask import current_app
from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Integer,
    ScalarSelect,
    Select,
    any_,
    cast,
    column,
    func,
    literal,
    literal_column,
    select,
    table,
    tuple_,
    union_all,
)
from sqlalchemy.orm import QueryableAttribute, joinedload

from claimtracker import i18n
from claimtracker.extensions import db
from claimtracker.i18n import N_, Message
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
from claimtracker.search import languages
from claimtracker.search.query import (  # noqa: F401 - one interface
    MAX_QUERY_CHARS,
    MAX_TERMS,
    SearchQuery,
    fts5_match,
    parse_args,
    terms,
)
from claimtracker.services import fidelity as fidelity_scale
from claimtracker.services.messages import translated
from claimtracker.services.reading import published
from claimtracker.services.search_index import rebuild, refresh  # noqa: F401 - re-exported

RANK_WITHIN = 1000
#: Browsing by a facet (no words) draws from the newest this-many claims (for an outlet:
#: articles) of its narrowest filter (:func:`_browse_driver`).
BROWSE_ROWS = 5 * RANK_WITHIN
PER_PAGE = 20
FACET_LIMIT = 15
#: Counts and facets memoised per (data version, filters): see :func:`search_claims`.
SUMMARY_CACHE_SIZE = 256
_summaries: OrderedDict[tuple, tuple[int, dict[str, list[Facet]]]] = OrderedDict()
_summaries_lock = threading.Lock()

# Must be the migration's index expression (a9c3e5f7b1d2_search_languages.py) or the
# planner will not use the GIN index; qualified here because verdict has a summary column
# too. Each document is stemmed in its claim's language (search.languages).
_PG_CONFIG = languages.pg_config_case("search_document.language")
PG_TSVECTOR = (
    f"setweight(to_tsvector({_PG_CONFIG}, search_document.claim_text), 'A') || "
    f"setweight(to_tsvector({_PG_CONFIG}, search_document.claimant), 'B') || "
    f"setweight(to_tsvector({_PG_CONFIG}, search_document.quotes), 'B') || "
    f"setweight(to_tsvector({_PG_CONFIG}, search_document.summary), 'C')"
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


def _among(
    col: ColumnElement[int] | QueryableAttribute[int], ids: list[int]
) -> ColumnElement[bool]:
    """``col IN ids`` with the ids bound as one value (a JSON array on SQLite, an array on
    PostgreSQL): a list of up to RANK_WITHIN ids expanded into as many bound parameters
    cost more to compile than the query took to run."""
    if _is_pg():
        return col == any_(cast(ids, ARRAY(Integer)))
    values = func.json_each(json.dumps(ids)).table_valued("value")
    return col.in_(select(values.c.value))


def stemmed_languages() -> list[str]:
    """The languages a query is stemmed in besides English: the site's (its reader
    languages), so a reader's inflected word finds claims written in them."""
    config = current_app.config
    found: list[str] = []
    for locale in i18n.supported_locales(config["LANGUAGE"], config.get("LANGUAGES")):
        code = languages.primary(locale)
        if code not in found:
            found.append(code)
    return found


def _pg_configs() -> list[str]:
    """The configurations a query is parsed with: English, the site's languages, and
    ``simple`` for documents in a language PostgreSQL has no stemmer for."""
    names = ["english", *(languages.pg_config(code) for code in stemmed_languages()), "simple"]
    return list(dict.fromkeys(names))


def _pg_tsquery(words: list[str]):
    """Every word (or phrase) in any of the configurations, all words required: one
    constant tsquery, so the GIN index answers it as before."""
    configs = _pg_configs()
    out: ColumnElement[Any] | None = None
    for word in words:
        forms = [func.phraseto_tsquery(literal_column(f"'{c}'::regconfig"), word) for c in configs]
        either: ColumnElement[Any] = forms[0]
        for form in forms[1:]:
            either = either.op("||")(form)
        out = either if out is None else out.op("&&")(either)
    assert out is not None  # callers pass at least one word
    return out


def _match_clause(words: list[str]):
    if _is_pg():
        return literal_column(PG_TSVECTOR).op("@@")(_pg_tsquery(words))
    return literal_column("search_fts").op("MATCH")(fts5_match(words, stemmed_languages()))


def _filtered(query: SearchQuery, newest_first: bool = False) -> Select:
    """Published claims passing every filter of ``query``. ``newest_first`` (browsing, no
    words): the claims are drawn from the newest BROWSE_ROWS of the narrowest filter (its
    :func:`_browse_driver`), so no browse collects and sorts a large facet whole."""
    # Walking claims newest first, the status index must not be used: it matches 80% of
    # the table, and SQLite would then sort every published claim (see published_rule).
    stmt = select(Claim.id).where(Claim.published_rule(status_index=not newest_first))
    driver, driven_by = _browse_driver(query) if newest_first else (None, "")
    if driver is not None and driven_by in ("rating", "fidelity"):
        # (claim, verdict) pairs: a candidate passes only if that verdict is its current one.
        stmt = stmt.where(tuple_(Claim.id, Claim.current_verdict_id).in_(driver))
    elif driver is not None:
        stmt = stmt.where(Claim.id.in_(driver))
    rating = query.rating if driven_by != "rating" else None
    fidelity = query.fidelity if driven_by != "fidelity" else None
    if rating or fidelity:
        # Only these two read the current verdict: the rule itself is on the claim.
        stmt = stmt.join(Verdict, Verdict.id == Claim.current_verdict_id)
    if rating:
        # A subquery, not a join, so facet queries can join rating themselves.
        stmt = stmt.where(Verdict.rating_id == _rating_id(rating))
    if fidelity:
        stmt = stmt.where(Verdict.fidelity == fidelity)
    if query.claimant is not None and driven_by != "claimant":
        stmt = stmt.where(Claim.claimant_id == query.claimant)
    if query.outlet is not None and driven_by != "outlet":
        # Asked of each candidate (at most RANK_WITHIN when searching), never collected.
        stmt = stmt.where(
            select(Appearance.id)
            .join(Article, Article.id == Appearance.article_id)
            .where(Appearance.claim_id == Claim.id, Article.outlet_id == query.outlet)
            .exists()
        )
    if query.tag and driven_by != "tag":
        stmt = stmt.where(
            select(claim_tag.c.claim_id)
            .where(claim_tag.c.claim_id == Claim.id, claim_tag.c.tag_id == _tag_id(query.tag))
            .exists()
        )
    if query.date_from:
        stmt = stmt.where(Claim.claimed_on >= query.date_from)
    if query.date_to:
        stmt = stmt.where(Claim.claimed_on <= query.date_to)
    return stmt


def _rating_id(slug: str) -> ScalarSelect[int]:
    return select(Rating.id).where(Rating.slug == slug).scalar_subquery()


def _tag_id(name: str) -> ScalarSelect[int]:
    return select(Tag.id).where(Tag.name == name).scalar_subquery()


def _browse_driver(query: SearchQuery) -> tuple[Select | None, str]:
    """The candidate claim ids of a browse with a facet filter, and which filter gave them:
    the newest BROWSE_ROWS claims of the first filter in the order claimant, outlet, tag,
    faithfulness, rating (narrowest first, as a rule), each read off an index that holds
    the claim id, backwards. The other filters are then asked of these candidates. A
    filter matching more than BROWSE_ROWS claims is browsed among its newest; the page
    shows at most RANK_WITHIN of them anyway. (None, "") when no facet is filtered on:
    the bare browse walks the updated_at index itself."""
    if query.claimant is not None:
        by_claimant = select(Claim.id).where(Claim.claimant_id == query.claimant)
        return by_claimant.order_by(Claim.id.desc()).limit(BROWSE_ROWS), "claimant"
    if query.outlet is not None:
        # The claims in the outlet's newest BROWSE_ROWS articles (articles are what it
        # publishes; a claim's id says nothing of when the outlet quoted it).
        quoted = (
            select(Appearance.claim_id)
            .join(Article, Article.id == Appearance.article_id)
            .where(Article.outlet_id == query.outlet)
        )
        return quoted.order_by(Article.id.desc()).limit(BROWSE_ROWS), "outlet"
    if query.tag:
        tagged = select(claim_tag.c.claim_id).where(claim_tag.c.tag_id == _tag_id(query.tag))
        return tagged.order_by(claim_tag.c.claim_id.desc()).limit(BROWSE_ROWS), "tag"
    # A verdict facet gives (claim, verdict) pairs, so that no verdict row is read: the
    # index holds both on SQLite (the verdict's id is its rowid).
    if query.fidelity:
        judged = select(Verdict.claim_id, Verdict.id).where(Verdict.fidelity == query.fidelity)
        return judged.order_by(Verdict.claim_id.desc()).limit(BROWSE_ROWS), "fidelity"
    if query.rating:
        rated = select(Verdict.claim_id, Verdict.id).where(
            Verdict.rating_id == _rating_id(query.rating)
        )
        return rated.order_by(Verdict.claim_id.desc()).limit(BROWSE_ROWS), "rating"
    return None, ""


def _newest_matches(words: list[str]) -> Select:
    """The newest RANK_WITHIN full-text matches with their relevance, asked of the engine
    alone so it walks its index backwards and stops early; the score is computed for those
    rows only (bm25: lower is better, so PostgreSQL's rank is negated to match)."""
    if _is_pg():
        score: ColumnElement[Any] = -func.ts_rank_cd(
            literal_column(PG_TSVECTOR), _pg_tsquery(words)
        )
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
    """Every matching id (at most RANK_WITHIN), in the order asked for. One query: the
    engine's newest candidates with their scores (a subquery with its own LIMIT, so the
    engine still stops early), joined by primary key to the claims they name, where the
    rule and the filters are applied."""
    matches = _newest_matches(query.terms).subquery("matches")
    stmt = (
        _filtered(query)
        .add_columns(Claim.updated_at, matches.c.score)
        .join(matches, matches.c.id == Claim.id)
    )
    # Core rows: a thousand of them through the ORM's result machinery cost more than
    # the query took to run.
    rows = list(db.session.connection().execute(stmt).all())
    if query.sort == "relevance":
        rows.sort(key=lambda r: (r[2], -r[0]))
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
    return list(db.session.connection().scalars(stmt.limit(RANK_WITHIN)))


def _facets(query: SearchQuery, ids: list[int]) -> dict[str, list[Facet]]:
    """Counts per rating, fidelity, claimant, outlet, tag and year over the matching claims.

    ``ids`` is the bounded matching set (at most RANK_WITHIN, every filter applied), so one
    read of the claims' search rows, which carry every facet's value (kept by
    services.search_index), fetches what is counted, and the counting is done here: no
    GROUP BY over a million rows, no join, no second pass through the filters. Names are
    then read for the few claimants, outlets and tags shown.
    """
    rows = (
        db.session.connection()
        .execute(
            select(
                SearchDocument.rating_id,
                SearchDocument.fidelity,
                SearchDocument.fidelity_label,
                SearchDocument.claimant_id,
                SearchDocument.year,
                SearchDocument.outlet_ids,
                SearchDocument.tag_ids,
            )
            # The ids passed the rule already; the row's copy of it is restated all the same.
            .where(_among(SearchDocument.claim_id, ids), SearchDocument.published)
        )
        .all()
    )
    # Counted a column at a time (Counter over a column runs in C, a loop over rows did not)
    columns: list[tuple[Any, ...]] = list(zip(*rows, strict=True)) or [()] * 7
    rating_ids, fidelity_values, fidelity_names, claimant_ids, year_values = columns[:5]
    ratings: Counter[int | None] = Counter(rating_ids)
    fidelities: Counter[str] = Counter(fidelity_values)
    fidelity_labels = dict(zip(fidelity_values, fidelity_names, strict=True))
    claimants: Counter[int] = Counter(claimant_ids)
    years: Counter[int] = Counter(year_values)
    for counts in (fidelities, claimants, years):
        counts.pop(None, None)  # type: ignore[call-overload]
    # The many-valued facets: one string of every claim's ids, split once.
    outlets, tags = (
        Counter({int(i): n for i, n in Counter(" ".join(filter(None, c)).split()).items()})
        for c in columns[5:]
    )
    scale = db.session.execute(
        select(Rating.id, Rating.slug, Rating.label).order_by(Rating.position)
    )
    order = {grade.value: n for n, grade in enumerate(fidelity_scale.scale())}

    def contenders(counts: Counter[int]) -> list[int]:
        """Ids that can make the FACET_LIMIT most frequent (ties go by name, so every id
        counted as often as the last one shown is a contender)."""
        ranked = counts.most_common()
        if not ranked:
            return []
        floor = ranked[min(FACET_LIMIT, len(ranked)) - 1][1]
        return [i for i, c in ranked if c >= floor]

    # One read of the contenders' names, run even when there are none, so a search page
    # costs the same number of queries whatever it finds (tests/reader/test_speed.py).
    wanted = {"claimant": contenders(claimants), "outlet": contenders(outlets)}
    wanted["tag"] = contenders(tags)
    named = union_all(
        *(
            select(literal(kind), model.id, model.name).where(model.id.in_(wanted[kind]))
            for kind, model in (("claimant", Claimant), ("outlet", Outlet), ("tag", Tag))
        )
    )
    names: dict[str, dict[int, str]] = {kind: {} for kind in wanted}
    for kind, i, name in db.session.execute(named):
        names[kind][i] = name

    def top(kind: str, counts: Counter[int]) -> list[tuple[int, str, int]]:
        found = [(i, names[kind][i], counts[i]) for i in wanted[kind] if i in names[kind]]
        return sorted(found, key=lambda t: (-t[2], t[1]))[:FACET_LIMIT]

    return {
        "rating": [
            Facet(slug, label, ratings[i], slug == query.rating)
            for i, slug, label in scale
            if ratings[i]
        ],
        # the scale's order, then any value the scale no longer has; not assessed: no facet
        "fidelity": [
            Facet(
                value, fidelity_labels[value] or value, fidelities[value], value == query.fidelity
            )
            for value in sorted(fidelities, key=lambda v: (order.get(v, len(order)), v))
        ],
        "claimant": [
            Facet(str(i), name, c, i == query.claimant) for i, name, c in top("claimant", claimants)
        ],
        "outlet": [
            Facet(str(i), name, c, i == query.outlet) for i, name, c in top("outlet", outlets)
        ],
        "tag": [Facet(name, name, c, name == query.tag) for _i, name, c in top("tag", tags)],
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

    At most six queries whatever the data size: the ids (one bounded walk of the
    updated_at index when browsing; candidates and filters when searching), the page's
    rows and three reads for the facets (the matches' search rows, the names shown, the
    rating scale), counted here over at most RANK_WITHIN claims
    (reused while ``version``, the site's data version from
    ``reading.site_freshness().tag``, is unchanged). Never raises for user input;
    problems become ``messages``.
    """
    messages = list(messages or [])
    if query.q and not query.terms:
        messages.append(Message(N_("The search had no words in it; showing every fact check.")))
    if not query.terms:
        query.sort = "date"
    ranked = _ranked_ids(query) if query.terms else _browse_ids(query)
    total, facets = _summary(query, ranked, version)
    pages = max(1, math.ceil(total / PER_PAGE))
    if query.page > pages:
        if total:
            messages.append(
                Message(
                    N_("There is no page %(page)s; showing page %(last)s, the last."),
                    page=query.page,
                    last=pages,
                )
            )
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
        messages.append(Message(N_("No fact checks are rated %(rating)r."), rating=query.rating))
    return SearchPage(
        claims=[by_id[i] for i in ids if i in by_id],
        total=total,
        page=query.page,
        pages=pages,
        capped=total >= RANK_WITHIN,
        facets=facets,
        # In the page's language, as plain strings: they quote what the reader typed.
        messages=[translated(m) for m in messages],
    )
