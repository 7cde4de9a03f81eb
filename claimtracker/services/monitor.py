"""Monitoring: poll the feeds the desk follows, log each new article, find its repeats.

A poll fetches the feed politely (services.polite: one request per host at a time across
all workers, robots.txt, a conditional GET with the last ETag and Last-Modified) and
records the items it has not seen. Each new item's article is then fetched the same polite
way and logged through the article service as a snapshot with origin "monitored" (so it
stays out of the desk's article list), and every passage of it that matching scores at
least ``MATCH_THRESHOLD`` against a published claim is kept as a :class:`RepeatMatch` for
the desk's Repeats page (services.repeats).

A feed that cannot be read (not XML, too large, a redirect loop, a private address, an
error status) is an outcome, not a crash: the reason is stored on the feed and the next
poll waits longer after each failure in a row (capped at a day).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import or_, select

from claimtracker import jobs
from claimtracker.extensions import db
from claimtracker.ingest import feeds, fetch
from claimtracker.ingest.urls import InvalidURL, canonical_url
from claimtracker.jobs.store import backoff_seconds
from claimtracker.models import Article, FeedItem, FollowedFeed, RepeatMatch, utcnow
from claimtracker.services import already_checked, articles, match_labels, matching, polite
from claimtracker.services.messages import translated

#: The origin of an article logged from a followed feed.
MONITORED = "monitored"
#: Known claims kept per passage.
PER_PASSAGE = 3
NEW, LOGGED, KNOWN, FAILED = "new", "logged", "known", "failed"


@dataclass(frozen=True)
class PollOutcome:
    """``outcome`` is "polled", "not modified" or "refused" (with ``reason``)."""

    outcome: str
    new_items: tuple[int, ...] = ()
    reason: str | None = None


def due_feeds(now: datetime | None = None) -> list[tuple[int, str]]:
    """(id, URL) of the enabled feeds whose next poll time has come."""
    now = now or utcnow()
    return [
        (feed_id, url)
        for feed_id, url in db.session.execute(
            select(FollowedFeed.id, FollowedFeed.url)
            .where(
                FollowedFeed.enabled,
                or_(FollowedFeed.next_poll_at.is_(None), FollowedFeed.next_poll_at <= now),
            )
            .order_by(FollowedFeed.id)
        )
    ]


def _minutes(name: str) -> timedelta:
    return timedelta(minutes=float(current_app.config[name]))


def _refused(feed: FollowedFeed, reason: str, now: datetime) -> PollOutcome:
    feed.last_polled_at = now
    feed.last_error = reason[:2000]
    feed.failures = (feed.failures or 0) + 1
    wait = backoff_seconds(feed.failures, _minutes("FEED_RETRY_MINUTES").total_seconds())
    feed.next_poll_at = now + timedelta(seconds=wait)
    return PollOutcome("refused", reason=reason)


def _succeeded(feed: FollowedFeed, now: datetime) -> None:
    feed.last_polled_at = feed.last_success_at = now
    feed.last_error, feed.failures = None, 0
    feed.next_poll_at = now + _minutes("FEED_POLL_MINUTES")


def url_hash(url: str) -> str:
    """How an item's URL is recognised at the next poll."""
    return hashlib.sha256(url.encode()).hexdigest()


def _newest_first(entries: list[feeds.FeedEntry]) -> list[feeds.FeedEntry]:
    oldest = datetime.min.replace(tzinfo=UTC)
    return sorted(entries, key=lambda e: e.published or oldest, reverse=True)


def _record_items(feed: FollowedFeed, entries: list[feeds.FeedEntry]) -> list[int]:
    """Add the entries not seen before as new items (at most FEED_NEW_ITEMS, newest first;
    the rest are new again at the next poll). Returns their ids."""
    fresh: dict[str, tuple[str, feeds.FeedEntry]] = {}
    for entry in _newest_first(entries):
        try:
            url = canonical_url(entry.url)
        except InvalidURL:
            continue
        fresh.setdefault(url_hash(url), (url, entry))
    if not fresh:
        return []
    seen = set(
        db.session.scalars(
            select(FeedItem.url_hash).where(
                FeedItem.feed_id == feed.id, FeedItem.url_hash.in_(list(fresh))
            )
        )
    )
    limit = int(current_app.config["FEED_NEW_ITEMS"])
    added: list[FeedItem] = []
    for digest, (url, entry) in fresh.items():
        if digest in seen:
            continue
        if len(added) >= limit:
            break
        item = FeedItem(
            feed_id=feed.id,
            url=url,
            url_hash=digest,
            title=entry.title,
            published_at=entry.published,
            state=NEW,
        )
        db.session.add(item)
        added.append(item)
    db.session.flush()
    feed.items_found = (feed.items_found or 0) + len(added)
    return [item.id for item in added]


def poll(feed: FollowedFeed, now: datetime | None = None) -> PollOutcome:
    """Fetch ``feed`` politely and record its new items (not committed; the caller commits).
    A refusal is stored on the feed with its reason and a later retry. Raises jobs.Defer
    while the host's request slot is taken."""
    config = current_app.config
    try:
        page = polite.polite_fetch(
            feed.url,
            etag=feed.etag,
            last_modified=feed.last_modified,
            accept=feeds.ACCEPT,
            accepted_types=feeds.FEED_TYPES,
            max_bytes=int(config["FEED_MAX_BYTES"]),
        )
    except fetch.FetchError as err:
        return _refused(feed, translated(err), now or utcnow())
    now = now or utcnow()
    if page.not_modified:
        _succeeded(feed, now)
        return PollOutcome("not modified")
    try:
        parsed = feeds.parse_feed(page.body, page.url)
    except feeds.FeedError as err:
        return _refused(feed, translated(err), now)
    except Exception as err:  # whatever else a hostile document does to the parser
        return _refused(feed, f"the feed could not be read ({type(err).__name__})", now)
    feed.kind = parsed.kind
    feed.title = parsed.title or feed.title
    feed.etag, feed.last_modified = page.etag, page.last_modified
    new = _record_items(feed, parsed.entries)
    _succeeded(feed, now)
    return PollOutcome("polled", tuple(new))


def process_item(item: FeedItem, *, last_attempt: bool = True) -> str:
    """Fetch the item's article politely, log it as a monitored snapshot and match it
    (not committed). Idempotent: an item already processed is left as it is. Returns the
    item's state. Raises jobs.Defer while the host's slot is taken, and jobs.Retry for a
    passing failure (a timeout, a 5xx) unless ``last_attempt``."""
    if item.state != NEW:
        return item.state
    _, existing = articles.logged_at(item.url)
    if existing is not None:
        item.article_id, item.state = existing.id, KNOWN
        return item.state
    try:
        page = polite.polite_fetch(item.url)
        article, created = articles.log_page(None, page, origin=MONITORED)
    except fetch.FetchError as err:
        failure = articles.fetch_failed(err)
        if failure.transient and not last_attempt:
            raise jobs.Retry(failure.message) from None
        item.state, item.error = FAILED, str(failure)
        return item.state
    except articles.Invalid as err:  # no article text on the page, or far too much
        item.state, item.error = FAILED, str(err)
        return item.state
    db.session.flush()
    item.article_id = article.id
    if not created:  # it redirected to an article the desk had logged
        item.state = KNOWN
        return item.state
    find_repeats(article)
    item.state = LOGGED
    return item.state


def find_repeats(article: Article) -> int:
    """Match every passage of ``article`` (quotations and sentences, as on its "Already
    checked?" page) against published claims and keep those scoring at least the threshold.
    Returns how many pairs were added (a second run adds none)."""
    threshold = float(current_app.config["MATCH_THRESHOLD"])
    kept = {
        (digest, claim_id)
        for digest, claim_id in db.session.execute(
            select(RepeatMatch.passage_hash, RepeatMatch.claim_id).where(
                RepeatMatch.article_id == article.id
            )
        )
    }
    added = 0
    for passage in already_checked.passages(article):
        digest = match_labels.passage_hash(passage.text)
        for found in matching.match_text(passage.text, limit=PER_PASSAGE, threshold=threshold):
            if (digest, found.claim_id) in kept:
                continue
            kept.add((digest, found.claim_id))
            db.session.add(
                RepeatMatch(
                    article_id=article.id,
                    claim_id=found.claim_id,
                    passage=passage.text,
                    passage_hash=digest,
                    start=passage.start,
                    quoted=passage.quoted,
                    speaker=(passage.speaker or None) and passage.speaker[:300],
                    score=float(found.score),
                )
            )
            added += 1
    db.session.flush()
    return added
