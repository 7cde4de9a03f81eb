"""Reviewers' decisions on suggested matches: recorded, remembered, exported.

*Same claim* and *Not the same* on the desk each leave a :class:`MatchLabel`; a pair once
dismissed is not suggested again for that article, and every label can be exported
(``claimtracker export --format match-labels``, JSON Lines) to measure and tune matching
on the newsroom's own material.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.models import Article, Claim, MatchLabel, Role, User
from claimtracker.services import audit
from claimtracker.services.errors import Forbidden, Invalid, NotFound


def passage_hash(passage: str) -> str:
    """How a passage is recognised again: whitespace collapsed, then SHA-256."""
    return hashlib.sha256(" ".join(passage.split()).encode()).hexdigest()


def record(
    actor: User,
    *,
    passage: str,
    claim_id: int,
    same: bool,
    article_id: int | None = None,
    score: float | None = None,
) -> MatchLabel:
    """Keep a reviewer's decision on a pair (a later decision on the same pair replaces
    the earlier one). Raises Forbidden, Invalid or NotFound."""
    if actor is None or actor.role not in {Role.REVIEWER, Role.EDITOR, Role.ADMIN}:
        raise Forbidden(_l("only the desk labels matches"))
    passage = " ".join((passage or "").split())
    if not passage:
        raise Invalid(_l("the passage is empty"))
    if db.session.get(Claim, claim_id) is None:
        raise NotFound(_l("no claim %(claim_id)s", claim_id=claim_id))
    digest = passage_hash(passage)
    label = db.session.scalar(
        select(MatchLabel).where(
            MatchLabel.passage_hash == digest,
            MatchLabel.claim_id == claim_id,
            MatchLabel.article_id.is_(None)
            if article_id is None
            else MatchLabel.article_id == article_id,
        )
    )
    if label is None:
        label = MatchLabel(
            passage=passage, passage_hash=digest, claim_id=claim_id, article_id=article_id
        )
        db.session.add(label)
    label.same, label.score, label.decided_by_id = same, score, actor.id
    db.session.flush()
    audit.record(
        actor,
        "match.labelled",
        label,
        claim_id=claim_id,
        changes={"same": same, "article_id": article_id, "score": score},
    )
    return label


def dismissed(article_id: int) -> set[tuple[str, int]]:
    """(passage hash, claim id) pairs of ``article_id`` already decided: not suggested again."""
    rows = db.session.execute(
        select(MatchLabel.passage_hash, MatchLabel.claim_id).where(
            MatchLabel.article_id == article_id
        )
    )
    return {(digest, claim_id) for digest, claim_id in rows}


def export_lines() -> Iterator[str]:
    """Every label as one JSON object a line, oldest first."""
    stmt = (
        select(MatchLabel, Claim.text, Claim.long_text, Article.url)
        .join(Claim, Claim.id == MatchLabel.claim_id)
        .outerjoin(Article, Article.id == MatchLabel.article_id)
        .order_by(MatchLabel.id)
    )
    for label, text, long_text, article_url in db.session.execute(stmt):
        row = {
            "passage": label.passage,
            "claim_id": label.claim_id,
            "claim": text,
            "claim_long": long_text,
            "same": label.same,
            "score": label.score,
            "article_id": label.article_id,
            "article_url": article_url,
            "decided_at": label.decided_at.isoformat(),
        }
        yield json.dumps(row, ensure_ascii=False) + "\n"
