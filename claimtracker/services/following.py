"""The outlets the desk follows: add, list, disable or enable, and remove a feed.

The one write path for the desk's "Followed outlets" page and ``claimtracker follow``.
Polling them is services.monitor's work (a job per due feed).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.ids import parse_id
from claimtracker.ingest import fetch
from claimtracker.ingest.urls import InvalidURL, canonical_url
from claimtracker.models import FollowedFeed, User, utcnow
from claimtracker.services import audit, policies
from claimtracker.services.articles import fetch_settings
from claimtracker.services.errors import Conflict, Invalid, NotFound
from claimtracker.services.messages import lazy_reason


def listing() -> list[FollowedFeed]:
    """Every followed feed, in the order they were added."""
    return list(db.session.scalars(select(FollowedFeed).order_by(FollowedFeed.id)))


def get(feed_id: int) -> FollowedFeed:
    """The feed ``feed_id``. Raises NotFound."""
    feed = db.session.get(FollowedFeed, feed_id)
    if feed is None:
        raise NotFound(_l("no followed feed %(feed_id)s", feed_id=feed_id))
    return feed


def find(ref: str) -> FollowedFeed:
    """The feed named by its number or its URL (as the command line names it).
    Raises NotFound."""
    ref = (ref or "").strip()
    feed_id = parse_id(ref)
    if feed_id is not None:
        return get(feed_id)
    try:
        url = canonical_url(ref)
    except InvalidURL:
        raise NotFound(_l("no followed feed %(ref)r", ref=ref)) from None
    feed = db.session.scalar(select(FollowedFeed).where(FollowedFeed.url == url))
    if feed is None:
        raise NotFound(_l("no followed feed at %(url)s", url=url))
    return feed


def follow(actor: User | None, url: str) -> FollowedFeed:
    """Follow the feed (RSS, Atom or a news sitemap) at ``url``; the worker polls it at once.
    Editors and the system (None). Raises Invalid for anything that is not an http(s) URL
    or whose host is private or does not resolve, Conflict when it is followed already,
    Forbidden for a reviewer. What only a poll can tell (not a feed, too large ...) is
    stored on the feed as its last error."""
    policies.check_following(actor)
    try:
        canonical = canonical_url(url)
    except InvalidURL as err:
        raise Invalid(lazy_reason(err), field="url") from None
    try:
        # Refuse a private address now, as the desk does for articles; the worker vets the
        # address again at each poll (DNS may change, a redirect may lead elsewhere).
        fetch.vet(canonical, fetch_settings()["allowed_hosts"])
    except fetch.FetchError as err:
        raise Invalid(
            _l("this feed cannot be followed: %(reason)s", reason=lazy_reason(err)), field="url"
        ) from None
    existing = db.session.scalar(select(FollowedFeed.id).where(FollowedFeed.url == canonical))
    if existing is not None:
        raise Conflict(
            _l(
                "%(canonical)s is followed already (feed %(existing)s)",
                canonical=canonical,
                existing=existing,
            ),
            field="url",
        )
    feed = FollowedFeed(
        url=canonical,
        enabled=True,
        failures=0,
        items_found=0,
        next_poll_at=utcnow(),
        created_by_id=actor.id if actor else None,
    )
    db.session.add(feed)
    audit.record(actor, "feed.followed", feed, changes={"url": canonical})
    return feed


def set_enabled(actor: User | None, feed: FollowedFeed, enabled: bool) -> FollowedFeed:
    """Pause (``enabled`` False) or resume polling ``feed``; a resumed feed is polled at
    once. Editors and the system. Raises Forbidden."""
    policies.check_following(actor)
    if feed.enabled == enabled:
        return feed
    feed.enabled = enabled
    if enabled:
        feed.next_poll_at = utcnow()
        feed.failures = 0
    audit.record(actor, "feed.enabled" if enabled else "feed.disabled", feed)
    return feed


def unfollow(actor: User | None, feed: FollowedFeed) -> str:
    """Stop following ``feed`` and forget its items. The articles already logged from it,
    and the repeats found in them, stay. Returns its URL. Raises Forbidden."""
    policies.check_following(actor)
    url = feed.url
    audit.record(actor, "feed.unfollowed", feed, changes={"url": url})
    db.session.delete(feed)
    db.session.flush()
    return url
