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
    utcnow,
)
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


def documents(conn: Connection, claim_ids: Iterable[int]) -> list[dict[str, Any]]:
    """Build search_document rows for ``claim_ids`` from the current database state."""
    ids = list(claim_ids)
    rows = conn.execute(
        select(
            Claim.id,
            Claim.text,
            Claim.long_text,
            Claim.is_published,
            Claimant.name,
            Verdict.summary,
        )
        .outerjoin(Claimant, Claimant.id == Claim.claimant_id)
        .outerjoin(Verdict, Verdict.id == Claim.current_verdict_id)
        .where(Claim.id.in_(ids))
    ).all()
    quotes: dict[int, list[str]] = {}
    for claim_id, exact in conn.execute(
        select(Appearance.claim_id, Appearance.exact)
        .where(Appearance.claim_id.in_(ids))
        .order_by(Appearance.id)
    ):
        if exact:
            quotes.setdefault(claim_id, []).append(exact)
    now = utcnow()
    return [
        {
            "claim_id": claim_id,
            "claim_text": f"{text} {long_text or ''}".strip(),
            "claimant": claimant or "",
            "quotes": " ".join(quotes.get(claim_id, [])),
            "summary": summary or "",
            # The denormalised copy of the visibility rule that search filters on.
            "published": bool(published),
            "changed_at": now,
        }
        for claim_id, text, long_text, published, claimant, summary in rows
    ]


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
        statement = pg_insert(SearchDocument).values(rows)
        columns = {name: statement.excluded[name] for name in rows[0] if name != "claim_id"}
        conn.execute(statement.on_conflict_do_update(index_elements=["claim_id"], set_=columns))
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
