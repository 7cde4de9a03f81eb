"""One batch of ``claimtracker seed``: claims and everything hanging off them, written
with one ``executemany`` per table (see services/seed.py)."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Table, bindparam, func, select, update

from claimtracker.models import (
    Appearance,
    Article,
    AuditEvent,
    Claim,
    Claimant,
    ClaimStatus,
    SearchDocument,
    Source,
    Verdict,
    claim_tag,
    verdict_source,
)
from claimtracker.services import derived, fidelity, search_index, seed_text
from claimtracker.services.bulk_sql import insert_many as _bulk

UNPUBLISHED = (ClaimStatus.DRAFT, ClaimStatus.RESEARCHING, ClaimStatus.AWAITING_SIGNOFF)
EPOCH = date(2016, 1, 1)
DAYS = (date(2026, 11, 1) - EPOCH).days
#: Share of seeded verdicts also judged for faithfulness (the rest: not assessed).
FIDELITY_SHARE = 0.3


@dataclass
class SeedResult:
    claims: int = 0
    published: int = 0
    articles: int = 0
    rows: int = 0


def _t(model: Any) -> Table:
    return model.__table__


def _next_id(conn: Connection, model: Any) -> int:
    return (conn.scalar(select(func.max(_t(model).c.id))) or 0) + 1


class Batch:
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
        *,
        vectors: bool = True,
    ) -> None:
        self.conn, self.ratings, self.reviewer, self.editor = conn, ratings, reviewer, editor
        self.grades = fidelity.scale()
        self.vectors = vectors
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
        current: list[dict[str, Any]] = []
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
                # A third judged on the second axis too, most of them "Accurate" (skewed).
                grade = None
                if rng.random() < FIDELITY_SHARE:
                    grade = self.grades[seed_text.skewed(rng, len(self.grades))]
                rows["verdict"].append(
                    {
                        "id": vid,
                        "claim_id": cid,
                        "rating_id": rng.choice(self.ratings),
                        "fidelity": grade.value if grade else None,
                        "fidelity_label": grade.label if grade else None,
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
            tags = sorted({self.tags[seed_text.skewed(rng, len(self.tags))] for _ in range(2)})
            rows["tag"] += [{"claim_id": cid, "tag_id": tag} for tag in tags]
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
                    # The facet values (services.search_index.documents); outlets below.
                    "rating_id": rows["verdict"][-1]["rating_id"] if is_public else None,
                    "fidelity": rows["verdict"][-1]["fidelity"] if is_public else None,
                    "fidelity_label": rows["verdict"][-1]["fidelity_label"] if is_public else None,
                    "claimant_id": claimant,
                    "year": claimed.year,
                    "tag_ids": search_index.id_list(tags),
                }
            )
            if is_public:
                result.published += 1
        self._articles(rng, pending, ids, rows)
        outlet_of = {a["id"]: a["outlet_id"] for a in rows["article"]}
        outlets: dict[int, list[int]] = {}
        for appearance in rows["appearance"]:
            seen = outlets.setdefault(appearance["claim_id"], [])
            if outlet_of[appearance["article_id"]] not in seen:
                seen.append(outlet_of[appearance["article_id"]])
        for doc in rows["doc"]:
            doc["outlet_ids"] = search_index.id_list(outlets.get(doc["claim_id"], []))
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

    def _insert(self, rows: dict[str, list[dict[str, Any]]], current: list[dict[str, Any]]) -> None:
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
        # Everything else derived from claims (matching vectors): the search rows are done.
        derived.after_bulk_write(
            conn, [r["claim_id"] for r in rows["doc"]], search=False, others=self.vectors
        )
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
