"""Keeping ``claim_vector`` in step with every write, like the search index.

Ordinary writes (desk, API, CLI) reach it through an ``after_flush`` listener: a claim
added or changed, or a verdict or status change that moves it in or out of public view,
rewrites its vector row in the same transaction, so a rollback rolls the vector back.
Bulk writers (ClaimReview import, ``claimtracker seed``) reach it through
:mod:`claimtracker.services.derived`, and ``claimtracker reindex`` rebuilds every row.

A text is embedded only when it changed (its SHA-256 is kept with the vector); a change of
visibility only flips the row's ``published`` flag. Every write moves the serial
(``claim_vector_serial``), which is how each process's in-memory matrix
(services.matching) learns, with one primary-key read, that it must load the rows above
the serial it has.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any, cast

from sqlalchemy import Connection, Table, delete, event, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from claimtracker.matching import MODEL_NAME
from claimtracker.matching.text import clean
from claimtracker.models import Claim, ClaimVector, ClaimVectorSerial, Verdict, utcnow
from claimtracker.services import counters, derived
from claimtracker.services.bulk_sql import insert_many

_BATCH = 500


def claim_text(text: str, long_text: str | None) -> str:
    """What is embedded for a claim: its statement and long form, cleaned."""
    return clean(f"{text} {long_text or ''}")


def next_serial(conn: Connection) -> int:
    """Move the serial on and return it (creating its row if a database lacks it), in one
    statement that concurrent writers never conflict on (``services.counters``)."""
    return counters.advance(conn, cast(Table, ClaimVectorSerial.__table__), "serial")


def current_serial(conn: Connection) -> int:
    """The serial as committed (0 before the first vector)."""
    return int(conn.scalar(select(ClaimVectorSerial.serial).where(ClaimVectorSerial.id == 1)) or 0)


def refresh(conn: Connection, claim_ids: Iterable[int]) -> int:
    """Bring the vectors of ``claim_ids`` up to date in the caller's transaction; returns
    how many rows were written."""
    ids = sorted(set(claim_ids))
    if not ids:
        return 0
    serial: list[int] = []  # taken at the first change only: an unchanged claim moves nothing

    def take() -> int:
        if not serial:
            serial.append(next_serial(conn))
        return serial[0]

    written = 0
    for i in range(0, len(ids), _BATCH):
        written += _refresh_batch(conn, ids[i : i + _BATCH], take)
    return written


def _refresh_batch(conn: Connection, batch: list[int], take: Callable[[], int]) -> int:
    claims = conn.execute(
        select(Claim.id, Claim.text, Claim.long_text, Claim.is_published).where(Claim.id.in_(batch))
    ).all()
    known = {
        row.claim_id: (row.model, row.text_hash, row.published)
        for row in conn.execute(
            select(
                ClaimVector.claim_id,
                ClaimVector.model,
                ClaimVector.text_hash,
                ClaimVector.published,
            ).where(ClaimVector.claim_id.in_(batch))
        )
    }
    now = utcnow()
    to_embed: list[tuple[int, str, str, bool]] = []
    flips: list[tuple[int, bool]] = []
    for claim_id, text, long_text, published in claims:
        body = claim_text(text, long_text)
        digest = hashlib.sha256(body.encode()).hexdigest()
        old = known.get(claim_id)
        if old is None or old[0] != MODEL_NAME or old[1] != digest:
            to_embed.append((claim_id, body, digest, bool(published)))
        elif old[2] != bool(published):
            flips.append((claim_id, bool(published)))
    table = cast(Table, ClaimVector.__table__)
    gone = set(batch) - {claim_id for claim_id, *_ in claims}
    if not (to_embed or flips or gone):
        return 0
    serial = take()
    for claim_id, published in flips:
        conn.execute(
            update(table)
            .where(table.c.claim_id == claim_id)
            .values(published=published, serial=serial, changed_at=now)
        )
    rows: list[dict[str, Any]] = []
    if to_embed:
        # Here, not at start-up: numpy and the model load with the first write that needs
        # them, so a worker that only serves readers never holds them.
        from claimtracker.matching import index, model

        vectors = model.embed([body for _, body, _, _ in to_embed])
        rows = [
            {
                "claim_id": claim_id,
                "model": MODEL_NAME,
                "text_hash": digest,
                "vector": index.to_bytes(vector),
                "published": published,
                "changed_at": now,
                "serial": serial,
            }
            for (claim_id, _, digest, published), vector in zip(to_embed, vectors, strict=True)
        ]
        if conn.dialect.name == "postgresql":
            statement = pg_insert(table).values(rows)
            columns = {name: statement.excluded[name] for name in rows[0] if name != "claim_id"}
            conn.execute(statement.on_conflict_do_update(index_elements=["claim_id"], set_=columns))
        else:
            conn.execute(delete(table).where(table.c.claim_id.in_([r["claim_id"] for r in rows])))
            insert_many(conn, table, rows)
    if gone & known.keys():
        conn.execute(delete(table).where(table.c.claim_id.in_(gone)))
    return len(rows) + len(flips) + len(gone & known.keys())


def rebuild(conn: Connection) -> int:
    """Re-embed every claim (``claimtracker reindex``; after a model change)."""
    conn.execute(delete(ClaimVector))
    return refresh(conn, conn.scalars(select(Claim.id)).all())


def _touched(session: Session) -> set[int]:
    """Claims whose embedded text or visibility this flush may have changed."""
    ids: set[int] = set()
    for obj in [*session.new, *session.dirty, *session.deleted]:
        if isinstance(obj, Claim) and obj.id is not None:
            ids.add(obj.id)
        elif isinstance(obj, Verdict) and obj.claim_id is not None:
            ids.add(obj.claim_id)
    return ids


def _after_flush(session: Session, _flush_context: Any) -> None:
    ids = _touched(session)
    if ids:
        refresh(session.connection(), ids)


def install() -> None:
    """Listen on every ORM session, and join the bulk writers' hook (idempotent)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
    derived.register(refresh)
