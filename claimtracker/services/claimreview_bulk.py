"""ClaimReview import in bulk: the common cases of a large feed in a few statements.

A chunk of reviews is read with one query per kind of row (claims by review URL,
claimants, outlets and articles by name or URL), and the new reviews are written with one
``executemany`` per table, audit rows included; derived indexes (search) are refreshed
once per chunk (services.derived). A review seen before and unchanged writes nothing.

Anything unusual — a review URL twice in a chunk, a changed review, an article with a
text snapshot to anchor in, a value the services would refuse — is left to the one-by-one
path in services.claimreview_import, which has the full rules and reports; so is a whole
chunk whose bulk statements fail. The reports and rows come out the same either way, and
a bad review never stops the others.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any, cast

from slugify import slugify
from sqlalchemy import Connection, bindparam, select, update

from claimtracker.ingest.urls import InvalidURL, canonical_url
from claimtracker.models import (
    Appearance,
    Article,
    AuditEvent,
    Claim,
    Claimant,
    ClaimStatus,
    Outlet,
    QuoteStatus,
    Verdict,
    utcnow,
)
from claimtracker.services import fidelity as fidelity_scale
from claimtracker.services.bulk_sql import insert_many
from claimtracker.services.claimreview_triage import (  # noqa: F401 - one interface
    Item,
    _column,
    _ids_by,
    _name,
    _summary,
    appearance_urls,
    articles_with_text,
    existing_claims,
    simple_new,
    unchanged,
)


def write_new(conn: Connection, items: list[Item], ratings: dict[str, int], actor_id: int | None):
    """Insert the new reviews' claimants, outlets, articles, claims, appearances, verdicts
    and audit rows, one statement per table."""
    now = utcnow()
    audit: list[dict[str, Any]] = []

    def event(
        action: str, entity: str, entity_id: int, claim_id: int | None, changes: dict[str, Any]
    ) -> None:
        audit.append(
            {
                "actor_id": actor_id,
                "action": action,
                "entity_type": entity,
                "entity_id": entity_id,
                "claim_id": claim_id,
                "changes": changes,
                "created_at": now,
            }
        )

    claimants = _get_or_create(
        conn,
        Claimant,
        {_name(i.review.claimant) for i in items if i.review.claimant},
        lambda n: {"slug": slugify(n, max_length=200) or "claimant"},
    )
    refs: dict[str, Any] = {}
    for item in items:
        for ref in item.review.appearances:
            refs.setdefault(canonical_url(ref.url), ref)
    wanted = {url for item in items for url in item.articles}
    known = _ids_by(conn, Article, "url", wanted)
    new_urls = [u for u in sorted(wanted) if u not in known]
    outlets = _get_or_create(
        conn,
        Outlet,
        {(refs[u].outlet or "").strip()[:200] for u in new_urls} - {""},
        lambda n: {"slug": slugify(n, max_length=200) or "outlet", "domain": None},
    )
    if new_urls:
        insert_many(
            conn,
            _column(Article),
            [
                {
                    "url": u,
                    "headline": (refs[u].headline or "").strip()[:500],
                    "byline": None,
                    "outlet_id": outlets.get((refs[u].outlet or "").strip()[:200]),
                    "published_on": refs[u].published,
                    "origin": "imported",
                    "created_by_id": actor_id,
                    "created_at": now,
                    "version_id": 1,
                }
                for u in new_urls
            ],
        )
        known.update(_ids_by(conn, Article, "url", set(new_urls)))
        for u in new_urls:
            event("article.logged", "article", known[u], None, {"url": u, "origin": "imported"})
    rows = []
    for item in items:
        review = item.review
        text, long_text = " ".join(review.claim_reviewed.split()), None
        if len(text) > 200:
            long_text, text = text, text[:199].rstrip() + "…"
        rows.append(
            {
                "text": text,
                "long_text": long_text,
                "claimant_id": claimants.get(_name(review.claimant)) if review.claimant else None,
                "claimed_on": review.claim_date,
                "status": ClaimStatus.DRAFT.value,
                "language": review.language or "en",
                "created_by_id": actor_id,
                "origin_url": review.url,
                "origin_publisher": review.publisher_name[:300] or None,
                "origin_json": review.raw_json,
                "created_at": now,
                "updated_at": now,
                "version_id": 1,
            }
        )
    insert_many(conn, _column(Claim), rows)
    ids = _ids_by(conn, Claim, "origin_url", {i.review.url for i in items})
    appearances: list[dict[str, Any]] = []
    verdicts: list[dict[str, Any]] = []
    for item, row in zip(items, rows, strict=True):
        item.claim_id, item.created = ids[item.review.url], True
        event("claim.created", "claim", item.claim_id, item.claim_id, {"text": row["text"]})
        audit[-1]["changes"]["version"] = 1
        for url in item.articles:
            exact = next(
                (r.exact or "").strip() for r in item.review.appearances if _same(r.url, url)
            )
            appearances.append(
                {
                    "claim_id": item.claim_id,
                    "article_id": known[url],
                    "exact": exact,
                    "prefix": "",
                    "suffix": "",
                    "quote_status": QuoteStatus.UNCHECKED.value,
                    "created_at": now,
                    "_url": url,
                }
            )
        date = item.review.review_date
        grade = fidelity_scale.imported(item.review.fidelity)
        verdicts.append(
            {
                "claim_id": item.claim_id,
                "rating_id": ratings[item.mapped.label],
                "summary": _summary(item),
                "status": "published",
                "reason": "initial",
                "original_rating": item.mapped.original,
                "fidelity": grade.value if grade else None,
                "fidelity_label": grade.label if grade else None,
                "author_id": None,
                "approver_id": actor_id,
                "created_at": now,
                "published_at": datetime.combine(date, time(12), tzinfo=UTC) if date else now,
                "version_id": 1,
            }
        )
    if appearances:
        insert_many(
            conn,
            _column(Appearance),
            [{k: v for k, v in a.items() if k != "_url"} for a in appearances],
        )
        placed = {
            (c, a): i
            for i, c, a in conn.execute(
                select(Appearance.id, Appearance.claim_id, Appearance.article_id).where(
                    Appearance.claim_id.in_([i.claim_id for i in items])
                )
            )
        }
        for a in appearances:
            event(
                "appearance.added",
                "appearance",
                placed[(a["claim_id"], a["article_id"])],
                a["claim_id"],
                {"article": a["_url"], "exact": a["exact"]},
            )
    insert_many(conn, _column(Verdict), verdicts)
    verdict_ids = dict(
        conn.execute(
            select(Verdict.claim_id, Verdict.id).where(
                Verdict.claim_id.in_([i.claim_id for i in items])
            )
        ).all()
    )
    labels = {v: k for k, v in ratings.items()}
    for item, v in zip(items, verdicts, strict=True):
        rating = labels[v["rating_id"]]
        vid = verdict_ids[cast(int, item.claim_id)]
        event("verdict.proposed", "verdict", vid, item.claim_id, {"rating": rating})
        audit[-1]["changes"].update(reason="initial", sources=[])
        event(
            "verdict.imported",
            "verdict",
            vid,
            item.claim_id,
            {
                "rating": rating,
                "publisher": item.review.publisher_name,
                "original_rating": item.mapped.original,
            },
        )
    table = _column(Claim)
    conn.execute(
        update(table)
        .where(table.c.id == bindparam("cid"))
        .values(
            current_verdict_id=bindparam("vid"),
            status=ClaimStatus.PUBLISHED,
            first_published_at=bindparam("first"),
            updated_at=bindparam("now"),
        ),
        [
            {
                "cid": item.claim_id,
                "vid": verdict_ids[cast(int, item.claim_id)],
                "first": v["published_at"],
                "now": now,
            }
            for item, v in zip(items, verdicts, strict=True)
        ],
    )
    insert_many(conn, _column(AuditEvent), audit)


def _same(url: str, canonical: str) -> bool:
    try:
        return canonical_url(url) == canonical
    except InvalidURL:
        return False


def _get_or_create(conn: Connection, model: Any, names: set[str], extra: Any) -> dict[str, int]:
    found = _ids_by(conn, model, "name", names)
    missing = sorted(names - set(found))
    if missing:
        insert_many(conn, _column(model), [{"name": n, **extra(n)} for n in missing])
        found.update(_ids_by(conn, model, "name", set(missing)))
    return found
