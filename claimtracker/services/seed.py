"""``claimtracker seed``: fill a database with synthetic claims for benchmarks and demos.

Rows go in through SQLAlchemy Core ``executemany`` in batches with ids chosen here (no
RETURNING round trips, no ORM unit of work, no per-row listeners), so a million claims take
minutes. What it writes looks like a real archive: claimants and outlets that recur
unevenly, claims of varied length, 1–3 appearances each quoted verbatim in an article
snapshot and anchored, 2–5 sources, verdicts with corrections, tags, claim dates over ten
years and the search documents the full-text index is built from.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Connection, func, insert, or_, select, text

from claimtracker.models import (
    Appearance,
    Article,
    AuditEvent,
    Claim,
    Claimant,
    Outlet,
    Rating,
    Role,
    Source,
    Tag,
    User,
    Verdict,
)
from claimtracker.services import seed_text
from claimtracker.services.bulk_sql import insert_many as _bulk
from claimtracker.services.errors import Invalid
from claimtracker.services.seed_batch import Batch, SeedResult, _next_id, _t

#: Changes whenever seed writes different data (the bench's cached databases follow it).
FORMAT = "2"
SEED_REVIEWER = "seed-reviewer@claimtracker.invalid"
SEED_EDITOR = "seed-editor@claimtracker.invalid"
BATCH = 5000
OUTLETS = 400


def _seed_user(conn: Connection, email: str, role: Role, name: str) -> int:
    found = conn.scalar(select(User.id).where(User.email == email))
    if found is not None:
        return found
    # No password and inactive: seeded authors can never log in.
    return conn.execute(
        insert(_t(User)).returning(_t(User).c.id),
        {
            "email": email,
            "name": name,
            "role": int(role),
            "password_hash": None,
            "session_token": secrets.token_urlsafe(24),
            "active": False,
            "created_at": datetime.now(UTC),
        },
    ).scalar_one()


def real_claims(conn: Connection) -> int:
    """How many claims were not written by ``seed`` (demo, desk or imported ones)."""
    seeders = select(User.id).where(User.email.in_([SEED_REVIEWER, SEED_EDITOR]))
    return conn.execute(
        select(func.count())
        .select_from(Claim)
        .where(or_(Claim.created_by_id.is_(None), Claim.created_by_id.not_in(seeders)))
    ).scalar_one()


def _fix_sequences(conn: Connection) -> None:
    """Ids were chosen here; PostgreSQL's sequences must move past them."""
    if conn.dialect.name != "postgresql":
        return
    for model in (Claimant, Outlet, Article, Claim, Appearance, Source, Verdict, Tag, AuditEvent):
        name = model.__tablename__
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "  # noqa: S608 - our names
                f"COALESCE((SELECT max(id) FROM {name}), 0) + 1, false)"
            )
        )


def _named_rows(conn: Connection, model: Any, names: list[str], extra: Callable) -> list[int]:
    """Ids of ``names`` in ``model`` (claimant, outlet or tag), inserting missing ones."""
    table = _t(model)
    have: dict[str, int] = {name: i for name, i in conn.execute(select(table.c.name, table.c.id))}
    missing = [n for n in names if n not in have]
    next_id = _next_id(conn, model)
    rows = [{"id": next_id + i, "name": n, **extra(n)} for i, n in enumerate(missing)]
    _bulk(conn, table, rows)
    have.update({r["name"]: r["id"] for r in rows})
    return [have[n] for n in names]


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")[:200]


def seed(
    conn: Connection,
    n: int,
    published: float = 0.8,
    *,
    force: bool = False,
    progress: Callable[[int], object] | None = None,
    random_seed: int = 8,
    vectors: bool = True,
) -> SeedResult:
    """Add ``n`` synthetic claims, ``published`` of them (a fraction) published
    (``vectors=False``: without claim-matching vectors, which cost a sentence encoder's
    pass per claim; ``claimtracker reindex`` adds them).

    Refuses (Invalid) a database holding claims seed did not write, unless ``force``,
    and a database without a rating scale (run ``claimtracker init``). Commits after
    each batch through ``conn`` so a million claims never sit in one transaction."""
    if n < 1:
        raise Invalid(_l("the number of claims must be at least 1"))
    if not 0.0 <= published <= 1.0:
        raise Invalid(_l("--published is a fraction between 0 and 1"))
    ratings = list(conn.scalars(select(Rating.id).order_by(Rating.position)))
    if not ratings:
        raise Invalid(_l("the database has no rating scale; run `claimtracker init` first"))
    if not force and real_claims(conn):
        raise Invalid(
            _l(
                "the database already holds real claims; seeding would mix synthetic "
                "ones in (use --force to do it anyway)"
            )
        )
    reviewer = _seed_user(conn, SEED_REVIEWER, Role.REVIEWER, "Seed reviewer")
    editor = _seed_user(conn, SEED_EDITOR, Role.EDITOR, "Seed editor")
    people = [seed_text.person(i) for i in range(max(50, min(40_000, n // 25)))]
    claimant_ids = _named_rows(
        conn, Claimant, people, lambda name: {"slug": _slug(name), "description": None}
    )
    outlets = dict(seed_text.outlet(i) for i in range(OUTLETS))
    outlet_ids = _named_rows(
        conn,
        Outlet,
        list(outlets),
        lambda name: {"slug": _slug(name), "domain": outlets[name]},
    )
    tag_names = sorted(set(seed_text.TOPICS[:40]))
    tag_ids = _named_rows(conn, Tag, tag_names, lambda _name: {})
    conn.commit()
    batch = Batch(
        conn, ratings, reviewer, editor, claimant_ids, outlet_ids, tag_ids, vectors=vectors
    )
    rng = random.Random(random_seed)
    result = SeedResult()
    done = 0
    while done < n:
        size = min(BATCH, n - done)
        batch.write(rng, size, published, result)
        conn.commit()
        done += size
        if progress:
            progress(size)
    _fix_sequences(conn)
    conn.commit()
    return result
