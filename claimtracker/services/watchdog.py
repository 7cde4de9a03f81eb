"""The quote-drift watchdog: re-fetch quoted articles, keep each new text as a version,
and re-anchor every appearance on it (verbatim / altered / missing).

A page that cannot be checked (404/410, timeout, paywall, robots.txt, refused) is recorded
as "could not check: …" and retried later; it never turns a quote into "missing".
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext
from sqlalchemy import func, select

from claimtracker.extensions import db
from claimtracker.ingest import anchors, extract, fetch
from claimtracker.jobs.store import aware
from claimtracker.models import (
    Appearance,
    Article,
    ArticleVersion,
    ArticleWatch,
    Claim,
    QuoteChange,
    User,
    utcnow,
)
from claimtracker.services import audit, polite
from claimtracker.services.messages import translated

#: A page whose text shrank below this share of the last version is taken for a paywall or
#: an error page ("could not check"), not for an article whose quotes all vanished.
PAYWALL_RATIO = 0.5
UNCHANGED, CHANGED, NOT_MODIFIED, UNREACHABLE = (
    "unchanged",
    "changed",
    "not modified",
    "could not check",
)


@dataclass(frozen=True)
class Version:
    """One text of an article: number 1 is the snapshot quoted, later ones are fetched."""

    number: int
    text: str
    retrieved_at: datetime | None
    origin: str


@dataclass(frozen=True)
class Outcome:
    outcome: str
    version: int | None = None
    reason: str | None = None


def versions(article: Article) -> list[Version]:
    """Every stored text of ``article``, oldest first (empty for a metadata-only article)."""
    if not article.text:
        return []
    found = [Version(1, article.text, aware(article.retrieved_at), article.origin)]
    rows = db.session.scalars(
        select(ArticleVersion)
        .where(ArticleVersion.article_id == article.id)
        .order_by(ArticleVersion.number)
    )
    found += [Version(r.number, r.text, aware(r.retrieved_at), r.origin) for r in rows]
    return found


@dataclass(frozen=True)
class VersionInfo:
    number: int
    retrieved_at: datetime | None
    origin: str


def version_list(article: Article) -> list[VersionInfo]:
    """The article's versions without their text (one small query)."""
    if article.text_sha256 is None:
        return []
    rows = db.session.execute(
        select(ArticleVersion.number, ArticleVersion.retrieved_at, ArticleVersion.origin)
        .where(ArticleVersion.article_id == article.id)
        .order_by(ArticleVersion.number)
    )
    first = VersionInfo(1, aware(article.retrieved_at), article.origin)
    return [first, *(VersionInfo(n, aware(at), origin) for n, at, origin in rows)]


def version_dates(article_ids: list[int]) -> dict[tuple[int, int], datetime | None]:
    """{(article id, version number): retrieved_at} for versions 2+ (one query)."""
    rows = db.session.execute(
        select(ArticleVersion.article_id, ArticleVersion.number, ArticleVersion.retrieved_at).where(
            ArticleVersion.article_id.in_(article_ids)
        )
    )
    return {(a, n): aware(at) for a, n, at in rows}


def _fingerprint(text: str) -> str:
    # Whitespace-insensitive: a page re-flowed by a new extraction is not a new version.
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()


def add_version(article: Article, text: str, *, retrieved_at: datetime, origin: str) -> Version:
    """Store ``text`` as the article's next version unless it reads as the latest one."""
    latest = versions(article)[-1]
    if _fingerprint(text) == _fingerprint(latest.text):
        return latest
    row = ArticleVersion(
        article_id=article.id,
        number=latest.number + 1,
        text=text,
        text_sha256=hashlib.sha256(text.encode()).hexdigest(),
        retrieved_at=retrieved_at,
        origin=origin,
    )
    db.session.add(row)
    db.session.flush()
    return Version(row.number, text, retrieved_at, origin)


def reanchor(actor: User | None, article: Article, version: Version, now: datetime) -> int:
    """Re-locate every anchored appearance in ``version`` and record what changed (a
    QuoteChange and an audit event per appearance whose status or wording moved).
    Returns how many changed."""
    changed = 0
    for appearance in article.appearances:
        if appearance.start is None:
            continue  # nothing was anchored (metadata-only article)
        found = anchors.locate(
            version.text,
            anchors.TextQuoteSelector(appearance.exact, appearance.prefix, appearance.suffix),
            anchors.TextPositionSelector(appearance.start, appearance.end or appearance.start),
        )
        wording = version.text[found.start : found.end] if found.status == "altered" else None
        before = appearance.quote_status
        appearance.checked_at = now
        appearance.checked_version = version.number
        appearance.check_error = None
        if found.status == before and wording == appearance.current_exact:
            continue
        changed += 1
        db.session.add(
            QuoteChange(
                appearance_id=appearance.id,
                claim_id=appearance.claim_id,
                article_id=article.id,
                old_status=before,
                new_status=found.status,
                new_exact=wording,
                version_number=version.number,
                detected_at=now,
            )
        )
        appearance.quote_status = found.status
        appearance.current_exact = wording
        audit.record(
            actor,
            "appearance.rechecked",
            appearance,
            claim_id=appearance.claim_id,
            changes={
                "fields": {"quote_status": [before, found.status]},
                "version": version.number,
            },
        )
    return changed


def watch_of(article: Article) -> ArticleWatch | None:
    """The article's check state, if it was ever checked."""
    return db.session.get(ArticleWatch, article.id)


def _watch(article: Article) -> ArticleWatch:
    watch = db.session.get(ArticleWatch, article.id)
    if watch is None:
        watch = ArticleWatch(article_id=article.id, failures=0)
        db.session.add(watch)
    return watch


def interval(article_id: int, now: datetime) -> timedelta:
    """How long until the article is checked again: sooner while a claim quoting it is new."""
    config = current_app.config
    recent_since = now - timedelta(days=float(config["RECHECK_RECENT_DAYS"]))
    recent = db.session.scalar(
        select(func.count())
        .select_from(Appearance)
        .join(Claim, Claim.id == Appearance.claim_id)
        .where(Appearance.article_id == article_id, Claim.first_published_at >= recent_since)
    )
    hours = config["RECHECK_RECENT_HOURS"] if recent else config["RECHECK_HOURS"]
    return timedelta(hours=float(hours))


def _unreachable(article: Article, watch: ArticleWatch, reason: str, now: datetime) -> Outcome:
    watch.last_checked_at = now
    watch.last_outcome = UNREACHABLE
    watch.last_error = reason
    watch.failures = (watch.failures or 0) + 1
    # Retry sooner than the schedule: 1 h, 2 h, 4 h … up to the usual interval.
    retry = min(timedelta(hours=2 ** (watch.failures - 1)), interval(article.id, now))
    watch.next_check_at = now + retry
    for appearance in article.appearances:
        if appearance.start is not None:
            appearance.check_error = gettext(
                "could not check on %(when)s UTC: %(reason)s",
                when=f"{now:%Y-%m-%d %H:%M}",
                reason=reason,
            )
    return Outcome(UNREACHABLE, reason=reason)


def check_article(actor: User | None, article: Article, now: datetime | None = None) -> Outcome:
    """Re-fetch ``article`` politely and re-anchor its quotes (nothing committed; the caller
    commits). Raises jobs.Defer when the host's slot is not free yet."""
    now = now or utcnow()
    history = versions(article)
    if not history:
        return Outcome(UNREACHABLE, reason=gettext("the article has no stored text to compare"))
    watch = _watch(article)
    try:
        page = polite.polite_fetch(article.url, etag=watch.etag, last_modified=watch.last_modified)
    except fetch.FetchError as err:
        return _unreachable(article, watch, translated(err), now)
    latest = history[-1]
    if page.not_modified:
        version, outcome = latest, NOT_MODIFIED
    else:
        try:
            text = extract.extract_article(page.text, url=page.url).text
        except extract.ExtractionError:
            return _unreachable(
                article, watch, gettext("no article text on the page (paywall?)"), now
            )
        if len(text) < PAYWALL_RATIO * len(latest.text):
            return _unreachable(
                article,
                watch,
                gettext(
                    "the page now shows less than half of the article's text "
                    "(paywall or error page?)"
                ),
                now,
            )
        version = add_version(article, text, retrieved_at=now, origin="fetched")
        outcome = CHANGED if version.number != latest.number else UNCHANGED
        watch.etag, watch.last_modified = page.etag, page.last_modified
    reanchor(actor, article, version, now)
    watch.last_checked_at = now
    watch.last_outcome, watch.last_error, watch.failures = outcome, None, 0
    watch.next_check_at = now + interval(article.id, now)
    return Outcome(outcome, version=version.number)


def record_demo_check(article: Article, checked_at: datetime) -> None:
    """Mark the demo's illustrative version as the last check, so a fresh ``make run``
    does not re-fetch the real page at once (the next check is one interval away)."""
    watch = _watch(article)
    if watch.last_checked_at is None:
        watch.last_checked_at = checked_at
        watch.last_outcome = CHANGED
        watch.failures = 0
        watch.next_check_at = utcnow() + interval(article.id, utcnow())


def due_articles(now: datetime | None = None, limit: int = 500) -> list[int]:
    """Ids of quoted articles whose next check is due (first checks fall one interval after
    the snapshot was retrieved). Reads ids and times only, never the texts."""
    now = now or utcnow()
    rows = db.session.execute(
        select(Article.id, Article.retrieved_at, ArticleWatch.next_check_at)
        .outerjoin(ArticleWatch, ArticleWatch.article_id == Article.id)
        .where(
            Article.text_sha256.is_not(None),
            Article.id.in_(select(Appearance.article_id).where(Appearance.start.is_not(None))),
        )
        .order_by(Article.id)
    ).all()
    due = []
    for article_id, retrieved_at, next_at in rows:
        when = aware(next_at)
        if when is None:
            when = (aware(retrieved_at) or now) + interval(article_id, now)
        if when <= now:
            due.append(article_id)
        if len(due) >= limit:
            break
    return due
