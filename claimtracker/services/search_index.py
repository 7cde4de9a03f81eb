"""Keeping ``search_document`` in step with every write, whoever makes it.

A SQLAlchemy ``after_flush`` listener collects the claims touched by the flush (the claim
itself, its appearances, sources, verdicts, claimant, the articles it appeared in) and
rewrites their search documents in the same transaction. The write services need no
call of their own, and a rolled-back transaction rolls the index back with it. The FTS5
table (SQLite) follows search_document through triggers; PostgreSQL's GIN index is an
expression index over it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from sqlalchemy import Connection, Table, delete, event, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from claimtracker.models import (
    Appearance,
    Article,
    Claim,
    Claimant,
    Outlet,
    SearchDocument,
    Source,
    Verdict,
    claim_tag,
    utcnow,
)
from claimtracker.search import languages
from claimtracker.services.bulk_sql import insert_many

_BATCH = 500


def _claim_ids_touched(session: Session) -> tuple[set[int], set[int], set[int], set[int]]:
    """Claim ids touched directly, plus claimant/article/outlet ids whose claims follow."""
    claims: set[int] = set()
    claimants: set[int] = set()
    article_ids: set[int] = set()
    outlet_ids: set[int] = set()
    for obj in [*session.new, *session.dirty, *session.deleted]:
        if isinstance(obj, Claim):
            if obj.id is not None and obj not in session.deleted:
                claims.add(obj.id)
        elif isinstance(obj, Appearance | Source | Verdict):
            if obj.claim_id is not None:
                claims.add(obj.claim_id)
        elif isinstance(obj, Claimant) and obj not in session.new:
            claimants.add(obj.id)
        elif isinstance(obj, Article) and obj not in session.new:
            article_ids.add(obj.id)
        elif isinstance(obj, Outlet) and obj not in session.new:
            outlet_ids.add(obj.id)
    return claims, claimants, article_ids, outlet_ids


def _expand(
    conn: Connection,
    claims: set[int],
    claimants: set[int],
    article_ids: set[int],
    outlet_ids: set[int],
) -> set[int]:
    ids = set(claims)
    if claimants:
        ids.update(conn.scalars(select(Claim.id).where(Claim.claimant_id.in_(claimants))))
    if outlet_ids:
        article_ids = article_ids | set(
            conn.scalars(select(Article.id).where(Article.outlet_id.in_(outlet_ids)))
        )
    if article_ids:
        ids.update(
            conn.scalars(select(Appearance.claim_id).where(Appearance.article_id.in_(article_ids)))
        )
    return ids


def _with_stems(text: str, language: str) -> str:
    """SQLite: the text followed by its Snowball stems (FTS5's porter stems English only),
    so an inflected form finds the claim; PostgreSQL stems through the configuration."""
    stemmed = languages.stems(text, language)
    return f"{text}\n{stemmed}" if stemmed else text


def documents(conn: Connection, claim_ids: Iterable[int]) -> list[dict[str, Any]]:
    """Build search_document rows for ``claim_ids`` from the current database state: the
    searchable text, the visibility rule's copy, and the values search facets count."""
    ids = list(claim_ids)
    rows = conn.execute(
        select(
            Claim.id,
            Claim.text,
            Claim.long_text,
            Claim.is_published.label("is_published"),
            Claimant.name,
            Verdict.summary,
            Verdict.rating_id,
            Verdict.fidelity,
            Verdict.fidelity_label,
            Claim.claimant_id,
            Claim.claimed_on,
            Claim.language,
        )
        .outerjoin(Claimant, Claimant.id == Claim.claimant_id)
        .outerjoin(Verdict, Verdict.id == Claim.current_verdict_id)
        .where(Claim.id.in_(ids))
    ).all()
    # Quotes, and where they appeared: readers search for what they read ("San Quentin"
    # is in the headlines, not in the claims), so headlines and outlet names are indexed
    # with the quotes (each once per claim).
    quotes: dict[int, list[str]] = {}
    outlets: dict[int, list[int]] = {}
    for claim_id, exact, headline, outlet, outlet_id in conn.execute(
        select(Appearance.claim_id, Appearance.exact, Article.headline, Outlet.name, Outlet.id)
        .join(Article, Article.id == Appearance.article_id)
        .outerjoin(Outlet, Outlet.id == Article.outlet_id)
        .where(Appearance.claim_id.in_(ids))
        .order_by(Appearance.id)
    ):
        found = quotes.setdefault(claim_id, [])
        for text in (exact, headline, outlet):
            if text and text not in found:
                found.append(text)
        seen = outlets.setdefault(claim_id, [])
        if outlet_id is not None and outlet_id not in seen:
            seen.append(outlet_id)  # a claim quoted twice by one outlet counts once
    tags: dict[int, list[int]] = {}
    for claim_id, tag_id in conn.execute(
        select(claim_tag.c.claim_id, claim_tag.c.tag_id)
        .where(claim_tag.c.claim_id.in_(ids))
        .order_by(claim_tag.c.tag_id)
    ):
        tags.setdefault(claim_id, []).append(tag_id)
    now = utcnow()
    stem = _with_stems if conn.dialect.name == "sqlite" else (lambda text, _language: text)
    return [
        {
            "claim_id": row.id,
            "claim_text": stem(f"{row.text} {row.long_text or ''}".strip(), row.language),
            "claimant": row.name or "",
            "quotes": stem(" ".join(quotes.get(row.id, [])), row.language),
            "summary": stem(row.summary or "", row.language),
            # The denormalised copy of the visibility rule that search filters on.
            "published": bool(row.is_published),
            "changed_at": now,
            "rating_id": row.rating_id,
            "fidelity": row.fidelity,
            "fidelity_label": row.fidelity_label,
            "claimant_id": row.claimant_id,
            "year": row.claimed_on.year if row.claimed_on else None,
            "outlet_ids": id_list(outlets.get(row.id, [])),
            "tag_ids": id_list(tags.get(row.id, [])),
            "language": languages.primary(row.language) or "en",
        }
        for row in rows
    ]


def id_list(ids: Iterable[int]) -> str:
    """The stored form of a facet's ids: space-separated ("3 17"; empty for none)."""
    return " ".join(str(i) for i in ids)


def refresh(conn: Connection, claim_ids: Iterable[int]) -> int:
    """Rewrite the search documents of ``claim_ids`` (delete + insert, so the FTS5
    triggers see a clean change). Returns how many rows were written."""
    ids = sorted(set(claim_ids))
    written = 0
    for i in range(0, len(ids), _BATCH):
        batch = ids[i : i + _BATCH]
        rows = documents(conn, batch)
        if conn.dialect.name == "postgresql":
            _upsert(conn, batch, rows)
        else:
            conn.execute(delete(SearchDocument).where(SearchDocument.claim_id.in_(batch)))
            insert_many(conn, cast(Table, SearchDocument.__table__), rows)
        written += len(rows)
    return written


def _upsert(conn: Connection, batch: list[int], rows: list[dict[str, Any]]) -> None:
    """PostgreSQL: two transactions refreshing the same claim (two new claims of one
    claimant, say) must not both delete and then both insert its document: the second
    insert would break the primary key. An upsert lets the later writer win instead."""
    if rows:
        # The rows as executemany parameters, not .values(rows): one statement compiled
        # once, where a 500-row VALUES list was compiled anew for every batch (a third of a
        # PostgreSQL import's time).
        statement = pg_insert(cast(Table, SearchDocument.__table__))
        columns = {name: statement.excluded[name] for name in rows[0] if name != "claim_id"}
        conn.execute(
            statement.on_conflict_do_update(index_elements=["claim_id"], set_=columns), rows
        )
    kept = {row["claim_id"] for row in rows}
    gone = [claim_id for claim_id in batch if claim_id not in kept]
    if gone:
        conn.execute(delete(SearchDocument).where(SearchDocument.claim_id.in_(gone)))


def rebuild(conn: Connection) -> int:
    """Rewrite every search document (after bulk changes made outside the ORM)."""
    return refresh(conn, conn.scalars(select(Claim.id)).all())


def _after_flush(session: Session, _flush_context: Any) -> None:
    touched = _claim_ids_touched(session)
    if not any(touched):
        return
    conn = session.connection()
    ids = _expand(conn, *touched)
    if ids:
        refresh(conn, ids)


def install() -> None:
    """Listen on every ORM session (idempotent)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
