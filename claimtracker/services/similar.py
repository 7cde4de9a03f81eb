"""Existing claims most like a new one, so a reviewer can reuse instead of duplicating.

Two sources: the claim-matching core (services.matching: same meaning, published or not,
scored 0..1 and shown here out of 100), and a near-spelling check — the database picks
candidates sharing a rare-ish word (LIKE on the longest words, bounded), then rapidfuzz
ranks them — which also catches a look-alike whose numbers differ ("61" for "63"), worth
seeing before saving although it is not the same claim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import current_app
from rapidfuzz import fuzz
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from claimtracker.extensions import db
from claimtracker.models import Claim, Verdict
from claimtracker.services import matching
from claimtracker.services.errors import Invalid

_STOP = """a an the and or but of to in on at for with by from as is are was were be been
has have had it its this that these those not no will would can could should than then there
their they he she his her we our you your i my me about into over after before said says"""
STOPWORDS = frozenset(_STOP.split())
CANDIDATES = 300
MIN_SCORE = 55.0


@dataclass(frozen=True)
class Match:
    claim: Claim
    score: float  # 0..100


def _keywords(text: str, limit: int = 6) -> list[str]:
    words = {w for w in re.findall(r"[\w’']{3,}", text.lower()) if w not in STOPWORDS}
    return sorted(words, key=len, reverse=True)[:limit]


def similar_claims(text: str, *, limit: int = 5, exclude_id: int | None = None) -> list[Match]:
    """Up to ``limit`` claims whose text resembles ``text``, best first: near spellings
    scoring 55 or more, and the same meaning scoring ``MATCH_THRESHOLD`` (as 0..100)."""
    text = " ".join((text or "").split())
    words = _keywords(text)
    if not words:
        return []
    haystack = func.lower(Claim.text + " " + func.coalesce(Claim.long_text, ""))
    stmt = (
        select(Claim)
        .where(or_(*[haystack.like(f"%{_escape(w)}%", escape="\\") for w in words]))
        .options(
            joinedload(Claim.claimant), joinedload(Claim.current_verdict).joinedload(Verdict.rating)
        )
        .order_by(Claim.updated_at.desc())
        .limit(CANDIDATES)
    )
    if exclude_id is not None:
        stmt = stmt.where(Claim.id != exclude_id)
    matches = []
    for claim in db.session.scalars(stmt).unique():
        candidate = claim.text if not claim.long_text else f"{claim.text} {claim.long_text}"
        score = max(
            fuzz.token_set_ratio(text.lower(), claim.text.lower()),
            0.9 * fuzz.token_set_ratio(text.lower(), candidate.lower()),
            fuzz.WRatio(text.lower(), claim.text.lower()),
        )
        if score >= MIN_SCORE:
            matches.append(Match(claim, round(score, 1)))
    seen = {m.claim.id for m in matches}
    for found in _same_meaning(text, limit, exclude_id):
        if found.claim.id not in seen:
            matches.append(found)
    matches.sort(key=lambda m: (-m.score, -m.claim.id))
    return matches[:limit]


def _same_meaning(text: str, limit: int, exclude_id: int | None) -> list[Match]:
    """The matching core's candidates scoring at least ``MATCH_THRESHOLD``, out of 100."""
    threshold = float(current_app.config["MATCH_THRESHOLD"])
    exclude = frozenset() if exclude_id is None else frozenset({exclude_id})
    try:
        found = matching.match_text(
            text[: matching.MAX_CHARS], limit=limit, threshold=threshold, exclude=exclude, desk=True
        )
    except Invalid:
        return []
    claims = {
        c.id: c
        for c in db.session.scalars(
            select(Claim)
            .where(Claim.id.in_([m.claim_id for m in found]))
            .options(
                joinedload(Claim.claimant),
                joinedload(Claim.current_verdict).joinedload(Verdict.rating),
            )
        ).unique()
    }
    return [
        Match(claims[m.claim_id], round(100 * m.score, 1)) for m in found if m.claim_id in claims
    ]


def _escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
