"""``claimtracker seed``: fill a database with synthetic claims for benchmarks and demos.

Rows go in through SQLAlchemy Core ``executemany`` in batches with ids chosen here (no
RETURNING round trips, no ORM unit of work, no per-row listeners), so a million claims take
minutes. What it writes looks like a real archive: claimants and outlets that recur
unevenly, claims of varied length, 1–3 appearances each quoted verbatim in an article
snapshot and anchored, 2–5 sources, verdicts with corrections, tags, claim dates over ten
years and the search documents the full-text index is built from.
"""

from __future__ import annotations

import hashlib
import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Table, bindparam, func, insert, or_, select, text, update

from claimtracker.models import (
    Appearance,
    Article,
    AuditEvent,
    Claim,
    Claimant,
    ClaimStatus,
    Outlet,
    Rating,
    Role,
    SearchDocument,
    Source,
    Tag,
    User,
    Verdict,
    claim_tag,
    verdict_source,
)
from claimtracker.services import seed_text
from claimtracker.services.bulk_sql import insert_many as _bulk
from claimtracker.services.errors import Invalid

#: Changes whenever seed writes different data (the bench's cached databases follow it).
FORMAT = "1"
SEED_REVIEWER = "seed-reviewer@claimtracker.invalid"
SEED_EDITOR = "seed-editor@claimtracker.invalid"
BATCH = 5000
OUTLETS = 400
UNPUBLISHED = (ClaimStatus.DRAFT, ClaimStatus.RESEARCHING, ClaimStatus.AWAITING_SIGNOFF)
EPOCH = date(2016, 1, 1)
DAYS = (date(2026, 11, 1) - EPOCH).days


@dataclass
class SeedResult:
    claims: int = 0
    published: int = 0
    articles: int = 0
    rows: int = 0


def _t(model: Any) -> Table:
    return model.__table__


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
    return conn.scalar(
        select(func.count())
        .select_from(Claim)
        .where(or_(Claim.created_by_id.is_(None), Claim.created_by_id.not_in(seeders)))
    )


def _next_id(conn: Connection, model: Any) -> int:
    return (conn.scalar(select(func.max(_t(model).c.id))) or 0) + 1


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
    progress: Callable[[int], None] | None = None,
    random_seed: int = 8,
) -> SeedResult:
    """Add ``n`` synthetic claims, ``published`` of them (a fraction) published.

    Refuses (Invalid) a database holding claims seed did not write, unless ``force``,
    and a database without a rating scale (run ``claimtracker init``). Commits after
    each batch through ``conn`` so a million claims never sit in one transaction."""
    if n < 1:
        raise Invalid("the number of claims must be at least 1")
    if not 0.0 <= published <= 1.0:
        raise Invalid("--published is a fraction between 0 and 1")
    ratings = list(conn.scalars(select(Rating.id).order_by(Rating.position)))
    if not ratings:
        raise Invalid("the database has no rating scale; run `claimtracker init` first")
    if not force and real_claims(conn):
        raise Invalid(
            "the database already holds real claims; seeding would mix synthetic ones in "
            "(use --force to do it anyway)"
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
    batch = _Batch(conn, ratings, reviewer, editor, claimant_ids, outlet_ids, tag_ids)
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


class _Batch:
    """Writes one batch of claims with everything that hangs off them."""

    def __init__(
        self,
        conn: Connection,
        ratings: list[int],
        reviewer: int,
        editor: int,
        claimants: list[int],
        outlets: list[int],
        tags: list[int],
    ) -> None:
        self.conn, self.ratings, self.reviewer, self.editor = conn, ratings, reviewer, editor
        self.claimants, self.outlets, self.tags = claimants, outlets, tags
        self.names = {i: name for i, name in conn.execute(select(Claimant.id, Claimant.name))}

    def write(self, rng: random.Random, size: int, share: float, result: SeedResult) -> None:
        conn = self.conn
        ids = {m: _next_id(conn, m) for m in (Claim, Article, Appearance, Source, Verdict)}
        rows: dict[str, list[dict[str, Any]]] = {
            k: []
            for k in ("claim", "article", "appearance", "source", "verdict", "vs", "tag", "doc")
        }
        pending: list[tuple[int, str]] = []  # (claim id, quote) waiting for an article
        current: list[dict[str, int]] = []
        for i in range(size):
            cid = ids[Claim] + i
            claimed = EPOCH + timedelta(days=rng.randrange(DAYS))
            created = datetime(claimed.year, claimed.month, claimed.day, 9, tzinfo=UTC)
            is_public = rng.random() < share
            status = ClaimStatus.PUBLISHED if is_public else rng.choice(UNPUBLISHED)
            claimant = self.claimants[seed_text.skewed(rng, len(self.claimants))]
            words = seed_text.claim_text(rng, cid)
            longer = seed_text.long_text(rng)
            published_at = created + timedelta(days=rng.randint(1, 20))
            quotes = [seed_text.quote(words, rng) for _ in range(rng.randint(1, 3))]
            pending += [(cid, q) for q in quotes]
            sources = []
            for _ in range(rng.randint(2, 5)):
                sid = ids[Source] + len(rows["source"])
                sources.append(sid)
                rows["source"].append(
                    {
                        "id": sid,
                        "claim_id": cid,
                        "url": f"https://stats.example/{seed_text.topic(rng)}/{sid}",
                        "title": f"Official {seed_text.topic(rng)} figures",
                        "publisher": "Statistics office",
                        "stance": rng.choice(("supports", "refutes", "context")),
                        "created_by_id": self.reviewer,
                        "created_at": created,
                    }
                )
            verdicts = 0
            if status in (ClaimStatus.PUBLISHED, ClaimStatus.AWAITING_SIGNOFF):
                # A published claim has one verdict, sometimes corrected later (history).
                verdicts = 1 + (is_public and rng.random() < 0.15)
            summary = ""
            for k in range(verdicts):
                vid = ids[Verdict] + len(rows["verdict"])
                summary = seed_text.summary(rng)
                when = published_at + timedelta(days=30 * k)
                rows["verdict"].append(
                    {
                        "id": vid,
                        "claim_id": cid,
                        "rating_id": rng.choice(self.ratings),
                        "summary": summary,
                        "status": "published" if is_public else "proposed",
                        "reason": "correction" if k else "initial",
                        "reason_note": "A newer figure was published." if k else None,
                        "author_id": self.reviewer,
                        "approver_id": self.editor if is_public else None,
                        "created_at": when,
                        "published_at": when if is_public else None,
                        "version_id": 1,
                    }
                )
                rows["vs"] += [{"verdict_id": vid, "source_id": s} for s in sources[:2]]
            updated = created
            if is_public:
                updated = published_at + timedelta(days=30 * (verdicts - 1))
                current.append({"cid": cid, "vid": rows["verdict"][-1]["id"], "at": updated})
            for tag in {self.tags[seed_text.skewed(rng, len(self.tags))] for _ in range(2)}:
                rows["tag"].append({"claim_id": cid, "tag_id": tag})
            rows["claim"].append(
                {
                    "id": cid,
                    "text": words,
                    "long_text": longer,
                    "claimant_id": claimant,
                    "claimed_on": claimed,
                    "status": status.value,
                    "language": "en",
                    "created_by_id": self.reviewer,
                    "first_published_at": published_at if is_public else None,
                    "created_at": created,
                    "updated_at": updated,
                    "version_id": 1,
                }
            )
            rows["doc"].append(
                {
                    "claim_id": cid,
                    "claim_text": f"{words} {longer or ''}".strip(),
                    "claimant": self.names[claimant],
                    "quotes": " ".join(quotes),
                    "summary": summary if is_public else "",
                    "published": is_public,
                    "changed_at": updated,
                }
            )
            if is_public:
                result.published += 1
        self._articles(rng, pending, ids, rows)
        self._insert(rows, current)
        result.claims += size
        result.articles += len(rows["article"])
        result.rows += sum(len(r) for r in rows.values())

    def _articles(
        self,
        rng: random.Random,
        pending: list[tuple[int, str]],
        ids: dict[Any, int],
        rows: dict[str, list[dict[str, Any]]],
    ) -> None:
        """Group the batch's quotes into articles of 1–4 quotes (one claim at most once per
        article) and anchor each quote in its article's text."""
        rng.shuffle(pending)
        groups: list[list[tuple[int, str]]] = [[]]
        wanted = rng.randint(1, 4)
        for item in pending:
            group = groups[-1]
            if len(group) >= wanted or any(item[0] == g[0] for g in group):
                groups.append([])
                wanted = rng.randint(1, 4)
            groups[-1].append(item)
        for group in groups:
            aid = ids[Article] + len(rows["article"])
            body, spans = seed_text.article_text([q for _, q in group], rng)
            day = rows["claim"][group[0][0] - ids[Claim]]["created_at"]
            rows["article"].append(
                {
                    "id": aid,
                    "url": f"https://news.example/{day:%Y/%m}/story-{aid}",
                    "outlet_id": self.outlets[seed_text.skewed(rng, len(self.outlets), 2.0)],
                    "headline": f"Debate over {seed_text.topic(rng)} and {seed_text.topic(rng)}",
                    "byline": seed_text.person(rng.randrange(900)),
                    "published_on": day.date(),
                    "language": "en",
                    "origin": "pasted",
                    "text": body,
                    "text_sha256": hashlib.sha256(body.encode()).hexdigest(),
                    "retrieved_at": day,
                    "created_by_id": self.reviewer,
                    "created_at": day,
                    "version_id": 1,
                }
            )
            for (cid, q), (start, end) in zip(group, spans, strict=True):
                rows["appearance"].append(
                    {
                        "id": ids[Appearance] + len(rows["appearance"]),
                        "claim_id": cid,
                        "article_id": aid,
                        "exact": q,
                        "prefix": body[max(0, start - 32) : start],
                        "suffix": body[end : end + 32],
                        "start": start,
                        "end": end,
                        "speaker": None,
                        "quote_status": "verbatim",
                        "created_at": day,
                    }
                )

    def _insert(self, rows: dict[str, list[dict[str, Any]]], current: list[dict[str, int]]) -> None:
        conn = self.conn
        # Parents first; claim.current_verdict_id is set once the verdicts exist.
        for key, table in (
            ("article", _t(Article)),
            ("claim", _t(Claim)),
            ("appearance", _t(Appearance)),
            ("source", _t(Source)),
            ("verdict", _t(Verdict)),
            ("vs", verdict_source),
            ("tag", claim_tag),
        ):
            _bulk(conn, table, rows[key])
        claim = _t(Claim)
        if current:
            conn.execute(
                update(claim)
                .where(claim.c.id == bindparam("cid"))
                # Core applies onupdate defaults: keep the seeded updated_at.
                .values(current_verdict_id=bindparam("vid"), updated_at=bindparam("at")),
                current,
            )
        # Search documents last: the FTS5 triggers index the published ones.
        _bulk(conn, _t(SearchDocument), rows["doc"])
        _bulk(
            conn,
            _t(AuditEvent),
            [
                {
                    "actor_id": self.reviewer,
                    "action": "claim.created",
                    "entity_type": "claim",
                    "entity_id": r["id"],
                    "claim_id": r["id"],
                    "changes": {"text": r["text"], "version": 1, "seeded": True},
                    "created_at": r["created_at"],
                }
                for r in rows["claim"]
            ],
        )
