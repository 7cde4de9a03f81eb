"""Monitoring's jobs: the sweep enqueues one ``feed.poll`` per due feed; a poll enqueues
one ``feed.item`` per new item (see services.monitor)."""

from __future__ import annotations

from functools import partial

from claimtracker import jobs
from claimtracker.extensions import db
from claimtracker.models import FeedItem, FollowedFeed, Job, User
from claimtracker.services import monitor, policies

POLL = "feed.poll"
ITEM = "feed.item"


def request_poll(actor: User | None, feed: FollowedFeed) -> Job:
    """Queue a poll of ``feed`` now, due or not (one unfinished poll per feed). Editors and
    the system. Raises Forbidden."""
    policies.check_following(actor)
    return jobs.enqueue(
        POLL,
        {"feed_id": feed.id, "url": feed.url, "now": True},
        actor=actor,
        dedupe_key=f"{POLL}:{feed.id}",
    )


@jobs.periodic
def schedule_polls() -> int:
    """Enqueue a poll for every enabled feed that is due. Returns how many."""
    due = monitor.due_feeds()
    for feed_id, url in due:
        jobs.enqueue(POLL, {"feed_id": feed_id, "url": url}, dedupe_key=f"{POLL}:{feed_id}")
    db.session.commit()
    return len(due)


def _enqueue_items(item_ids: tuple[int, ...]) -> None:
    for item_id in item_ids:
        item = db.session.get(FeedItem, item_id)
        url = item.url if item else None
        jobs.enqueue(ITEM, {"item_id": item_id, "url": url}, dedupe_key=f"{ITEM}:{item_id}")


@jobs.handler(POLL, max_attempts=3)
def poll_feed(ctx: jobs.JobContext) -> dict:
    """Poll one feed. A feed that cannot be read is an outcome stored on the feed (with
    its reason and a later retry), not a failed job."""
    feed = db.session.get(FollowedFeed, ctx.payload["feed_id"])
    if feed is None or not (feed.enabled or ctx.payload.get("now")):
        return {"outcome": "skipped: the feed is no longer followed or is paused"}
    found = monitor.poll(feed)
    _enqueue_items(found.new_items)
    return {"outcome": found.outcome, "new_items": len(found.new_items), "reason": found.reason}


@jobs.handler(ITEM, max_attempts=3)
def fetch_item(ctx: jobs.JobContext) -> dict:
    """Fetch, log and match one new item's article (idempotent)."""
    item = db.session.get(FeedItem, ctx.payload["item_id"])
    if item is None:
        return {"state": "gone"}
    state = monitor.process_item(item, last_attempt=ctx.attempt >= 3)
    return {"state": state, "article_id": item.article_id, "error": item.error}


def poll_now(feed: FollowedFeed) -> monitor.PollOutcome:
    """Poll ``feed`` and process its new items in this process, waiting out the hosts'
    politeness spacing (tests and scripts). Commits."""
    found = jobs.run_waiting(partial(monitor.poll, feed))
    for item_id in found.new_items:
        jobs.run_waiting(partial(_process_item, item_id))
    return found


def _process_item(item_id: int) -> str:
    # fetched again on each try: a deferral's rollback expires the row
    item = db.session.get(FeedItem, item_id)
    assert item is not None
    return monitor.process_item(item)
