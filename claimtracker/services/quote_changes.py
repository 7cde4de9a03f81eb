"""Quote changes found by the watchdog, as reviewers work through them and readers see them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from claimtracker.extensions import db
from claimtracker.ingest.worddiff import word_diff
from claimtracker.jobs.store import aware
from claimtracker.models import Appearance, Claim, QuoteChange, User, utcnow
from claimtracker.services import audit, watchdog
from claimtracker.services.errors import Invalid, NotFound

MAX_NOTE_CHARS = 2000


@dataclass(frozen=True)
class Drift:
    """How one appearance's quote reads now, ready for a page: the words we quoted, the
    words the article has now (None when the quote is gone), the word-level difference and
    both retrieval dates."""

    status: str
    quoted: str
    now: str | None
    diff: list[tuple[str, str]]
    quoted_retrieved_at: datetime | None
    now_retrieved_at: datetime | None
    version: int | None
    checked_at: datetime | None
    check_error: str | None


def drift(appearance: Appearance, dates: dict[tuple[int, int], datetime | None]) -> Drift:
    """``dates`` is watchdog.version_dates() for the appearance's article."""
    version = appearance.checked_version
    now_at = dates.get((appearance.article_id, version)) if version and version > 1 else None
    if version == 1:
        now_at = aware(appearance.article.retrieved_at)
    now_text = appearance.current_exact if appearance.quote_status == "altered" else None
    return Drift(
        status=appearance.quote_status,
        quoted=appearance.exact,
        now=now_text,
        diff=word_diff(appearance.exact, now_text) if now_text is not None else [],
        quoted_retrieved_at=aware(appearance.article.retrieved_at),
        now_retrieved_at=now_at,
        version=version,
        checked_at=aware(appearance.checked_at),
        check_error=appearance.check_error,
    )


def drifts(appearances: list[Appearance]) -> dict[int, Drift]:
    """{appearance id: Drift} for every appearance: one query, none when no quote was
    checked against a later version."""
    later = sorted({a.article_id for a in appearances if (a.checked_version or 1) > 1})
    dates = watchdog.version_dates(later) if later else {}
    return {a.id: drift(a, dates) for a in appearances}


def listing(*, include_seen: bool = False, limit: int = 200) -> list[QuoteChange]:
    """Changes to quotes, newest first (unseen only unless ``include_seen``)."""
    stmt = (
        select(QuoteChange)
        .options(
            joinedload(QuoteChange.appearance).joinedload(Appearance.article),
            joinedload(QuoteChange.claim),
            joinedload(QuoteChange.seen_by),
        )
        .order_by(QuoteChange.detected_at.desc(), QuoteChange.id.desc())
        .limit(limit)
    )
    if not include_seen:
        stmt = stmt.where(QuoteChange.seen_at.is_(None))
    return list(db.session.scalars(stmt).unique())


def mark_seen(actor: User, change_id: int, note: str) -> QuoteChange:
    """A reviewer has looked at the change; ``note`` says what they made of it. Any
    signed-in user. Raises NotFound, Invalid."""
    change = db.session.get(QuoteChange, change_id)
    if change is None:
        raise NotFound(_l("no quote change %(change_id)s", change_id=change_id))
    note = (note or "").strip()
    if len(note) > MAX_NOTE_CHARS:
        raise Invalid(
            _l("the note is longer than %(most)s characters", most=MAX_NOTE_CHARS), field="note"
        )
    change.seen_at = utcnow()
    change.seen_by_id = actor.id
    change.seen_note = note or None
    audit.record(
        actor, "quote_change.seen", change, claim_id=change.claim_id, changes={"note": note}
    )
    return change


def public_changes(claim_ids: list[int] | None = None, limit: int = 50) -> list[QuoteChange]:
    """Changes to quotes of published claims, newest first (feeds and claim histories)."""
    stmt = (
        select(QuoteChange)
        .join(Claim, Claim.id == QuoteChange.claim_id)
        .where(Claim.is_published)
        .options(
            joinedload(QuoteChange.appearance).joinedload(Appearance.article),
            joinedload(QuoteChange.claim),
        )
        .order_by(QuoteChange.detected_at.desc(), QuoteChange.id.desc())
        .limit(limit)
    )
    if claim_ids is not None:
        stmt = stmt.where(QuoteChange.claim_id.in_(claim_ids))
    return list(db.session.scalars(stmt).unique())
