"""Which known claims is this text? The claim-matching core over the database.

Two retrievers put candidates forward — the search index (FTS5 bm25 on SQLite, the
tsvector's ts_rank_cd on PostgreSQL) with the passage's meaningful words OR-ed, and the
nearest vectors in an in-memory matrix of every claim's embedding — and the pure core
(:mod:`claimtracker.matching`) scores each candidate. Only published claims are matched.

The matrix lives in each process (on the app, so each app and each test has its own) and
is kept current by the vector serial (services.claim_vectors): before each query one
primary-key read says whether anything changed; if so, only rows above the serial it holds
are loaded. At 100,000 claims it holds about 125 MiB; encoding the passage costs most of a query.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import Connection, func, literal_column, select, text
from sqlalchemy.orm import joinedload, selectinload

from claimtracker.extensions import db
from claimtracker.matching.text import STOPWORDS, clean, words
from claimtracker.models import Claim, ClaimVector, Verdict
from claimtracker.services import claim_vectors
from claimtracker.services.errors import Invalid
from claimtracker.services.reading import published
from claimtracker.services.search import PG_TSVECTOR

if TYPE_CHECKING:
    # numpy and the model load with the first match, not with the app: a worker that only
    # serves readers never needs them (the per-worker memory budget, README "Speed").
    from claimtracker.matching import index, rank

MAX_CHARS = 5000
MAX_LIMIT = 50
#: How many candidates each retriever puts forward.
DENSE_K = 20
LEXICAL_K = 20
#: Words of the passage given to the search engine (the longest: rare words rank best).
LEXICAL_WORDS = 32
#: bm25 column weights (SQLite): claim text, claimant, quotes, verdict summary (an imported
#: review's description, often its headline).
BM25_WEIGHTS = (10.0, 4.0, 4.0, 10.0)
#: The most rows the OR query may rank (see :func:`_rare_terms`).
LEXICAL_ROWS = 3000


def _empty_index() -> index.VectorIndex:
    from claimtracker.matching import index

    return index.VectorIndex()


@dataclass
class _Matrix:
    vectors: index.VectorIndex = field(default_factory=_empty_index)
    serial: int = -1
    lock: threading.Lock = field(default_factory=threading.Lock)


def _matrix(conn: Connection) -> index.VectorIndex:
    """This app's matrix, brought up to the committed serial."""
    holder: _Matrix = current_app.extensions.setdefault("claim_matrix", _Matrix())
    serial = claim_vectors.current_serial(conn)
    if serial == holder.serial:
        return holder.vectors
    with holder.lock:
        if serial < holder.serial:  # the database was rebuilt under us: start again
            holder.vectors, holder.serial = _empty_index(), -1
        if serial != holder.serial:
            rows = conn.execute(
                select(ClaimVector.claim_id, ClaimVector.vector, ClaimVector.published).where(
                    ClaimVector.serial > holder.serial,
                    ClaimVector.model == claim_vectors.MODEL_NAME,
                )
            )
            holder.vectors.put((cid, bytes(vector), bool(pub)) for cid, vector, pub in rows)
            holder.serial = serial
    return holder.vectors


def matrix() -> index.VectorIndex:
    """This app's matrix of published and draft claims' vectors, brought up to date."""
    return _matrix(db.session.connection())


def memory_bytes() -> int:
    """Bytes held by this app's matrix (for the bench)."""
    holder = current_app.extensions.get("claim_matrix")
    return holder.vectors.nbytes if holder else 0


def _lexical(conn: Connection, passage: str) -> dict[int, float]:
    """The search index's best candidates for ``passage``, scored relative to the best."""
    seen: list[str] = []
    for word in words(passage):
        if len(word) > 2 and word not in STOPWORDS and word.isalnum() and word not in seen:
            seen.append(word)
    terms = sorted(seen, key=len, reverse=True)[:LEXICAL_WORDS]
    terms = _rare_terms(conn, terms)
    if not terms:
        return {}
    if conn.dialect.name == "postgresql":
        query = func.to_tsquery(literal_column("'english'::regconfig"), " | ".join(terms))
        score = func.ts_rank_cd(literal_column(PG_TSVECTOR), query)
        rows = conn.execute(
            select(literal_column("search_document.claim_id"), score)
            .select_from(text("search_document"))
            .where(literal_column("search_document.published"))
            .where(literal_column(PG_TSVECTOR).op("@@")(query))
            .order_by(score.desc())
            .limit(LEXICAL_K)
        ).all()
        scored = [(int(cid), float(value)) for cid, value in rows]
    else:
        match = " OR ".join('"' + term + '"' for term in terms)
        rows = conn.execute(
            text(
                "SELECT rowid, bm25(search_fts, :w0, :w1, :w2, :w3) AS score FROM search_fts "
                "WHERE search_fts MATCH :match ORDER BY score LIMIT :k"
            ),
            {"match": match, "k": LEXICAL_K, **{f"w{i}": w for i, w in enumerate(BM25_WEIGHTS)}},
        ).all()
        scored = [(int(cid), -float(value)) for cid, value in rows]  # bm25: lower is better
    best = max((value for _, value in scored), default=0.0)
    return {cid: value / best for cid, value in scored if value > 0} if best > 0 else {}


def _rare_terms(conn: Connection, terms: list[str]) -> list[str]:
    """The rarest of ``terms`` whose matches add up to at most :data:`LEXICAL_ROWS`.

    bm25 is computed for every row an OR query matches, so a common word would cost more
    than all the others together while adding least to the ranking; a word matching more
    than the budget on its own is left out (the vectors still see it). Each word's count
    stops at the budget, and all are counted in one statement. (Words reach here as letters
    and digits only, so neither engine's query syntax can appear in them.)"""
    if not terms:
        return []
    if conn.dialect.name == "postgresql":
        # Our own constant expression; the words are bound parameters.
        probe = (
            "(SELECT count(*) FROM (SELECT 1 FROM search_document WHERE "  # noqa: S608
            f"search_document.published AND {PG_TSVECTOR} @@ "
            "plainto_tsquery('english'::regconfig, :t{i}) LIMIT :cap) s)"
        )
        quoted = terms
    else:
        probe = (
            "(SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH :t{i} "
            "LIMIT :cap))"
        )
        quoted = ['"' + term + '"' for term in terms]
    sql = "SELECT " + ", ".join(probe.format(i=i) for i in range(len(terms)))
    params: dict[str, object] = {f"t{i}": term for i, term in enumerate(quoted)}
    params["cap"] = LEXICAL_ROWS + 1
    counts = conn.execute(text(sql), params).one()
    counted = sorted((int(n), term) for n, term in zip(counts, terms, strict=True) if n)
    kept, total = [], 0
    for rows, term in counted:
        if total + rows > LEXICAL_ROWS:
            break
        kept.append(term)
        total += rows
    return kept


def match_text(
    passage: str,
    *,
    limit: int = 5,
    threshold: float = 0.0,
    exclude: frozenset[int] = frozenset(),
    desk: bool = False,
) -> list[rank.Match]:
    """Published claims that ``passage`` may repeat, best first, with calibrated scores
    (0..1); ``desk=True`` considers the desk's unpublished claims too (by their vectors:
    the search index holds published claims only). Raises :class:`Invalid` for an empty or
    over-long passage or a bad limit."""
    if not 1 <= limit <= MAX_LIMIT:
        raise Invalid(_l("limit must be between 1 and %(most)s", most=MAX_LIMIT))
    from claimtracker.matching import rank

    cleaned, found = candidates(passage, exclude=exclude, desk=desk)
    return rank.rank(cleaned, found, limit=limit, threshold=threshold)


def candidates(
    passage: str, *, exclude: frozenset[int] = frozenset(), desk: bool = False
) -> tuple[str, list[rank.Candidate]]:
    """The passage as matched (cleaned) and the claims both retrievers put forward for it,
    unscored (:func:`match_text` ranks them; the matching bench also ranks them again
    without a tweet's own claim). Raises :class:`Invalid` for an empty or over-long
    passage."""
    if not isinstance(passage, str) or not passage.strip():
        raise Invalid(_l("the text to match is empty"))
    if len(passage) > MAX_CHARS:
        raise Invalid(_l("the text to match is longer than %(most)s characters", most=MAX_CHARS))
    from claimtracker.matching import model, rank

    cleaned = clean(passage)
    conn = db.session.connection()
    vectors = _matrix(conn)
    query = model.embed([cleaned])[0]
    dense = dict(vectors.nearest(query, DENSE_K, published_only=not desk))
    lexical = _lexical(conn, cleaned)
    ids = (dense.keys() | lexical.keys()) - exclude
    if not ids:
        return cleaned, []
    stmt = select(Claim.id, Claim.text, Claim.long_text).where(Claim.id.in_(ids))
    rows = conn.execute(stmt if desk else stmt.where(Claim.is_published)).all()
    found = []
    for claim_id, claim_text, long_text in rows:
        cosine = dense.get(claim_id)
        if cosine is None:
            cosine = vectors.similarity(query, claim_id) or 0.0
        found.append(
            rank.Candidate(
                claim_id,
                claim_vectors.claim_text(claim_text, long_text),
                cosine,
                lexical.get(claim_id, 0.0),
            )
        )
    return cleaned, found


def reindex() -> int:
    """Re-embed every claim (``claimtracker reindex``)."""
    return claim_vectors.rebuild(db.session.connection())


def published_matches(
    passage: str, *, limit: int = 5, threshold: float = 0.0
) -> list[tuple[Claim, float]]:
    """:func:`match_text`, with each claim loaded as the claims list shows it (claimant,
    rating, tags), through the visibility rule."""
    found = match_text(passage, limit=limit, threshold=threshold)
    if not found:
        return []
    stmt = (
        published()
        .where(Claim.id.in_([m.claim_id for m in found]))
        .options(
            joinedload(Claim.claimant),
            joinedload(Claim.current_verdict).joinedload(Verdict.rating),
            selectinload(Claim.tags),
        )
    )
    loaded = {claim.id: claim for claim in db.session.scalars(stmt).unique()}
    return [(loaded[m.claim_id], m.score) for m in found if m.claim_id in loaded]
