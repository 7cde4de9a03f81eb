"""``claimtracker follow``: the outlets (feeds) the desk follows, as on the desk's
"Followed outlets" page (the same service, services.following)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from flask_babel import gettext

from claimtracker.cli.common import fail, needs_database
from claimtracker.extensions import db
from claimtracker.models import FollowedFeed
from claimtracker.services import following
from claimtracker.services.errors import ServiceError


@click.group("follow")
def follow_group() -> None:
    """Follow outlets' feeds (RSS, Atom or a news sitemap): the worker polls them."""


def _line(feed: FollowedFeed) -> str:
    state = gettext("enabled") if feed.enabled else gettext("paused")
    kind = feed.kind or gettext("not read yet")
    polled = (
        gettext("last polled %(when)s UTC", when=f"{feed.last_polled_at:%Y-%m-%d %H:%M}")
        if feed.last_polled_at
        else gettext("never polled")
    )
    error = gettext("; last error: %(error)s", error=feed.last_error) if feed.last_error else ""
    return f"{feed.id}\t{feed.url}\t{kind}\t{state}\t{polled}{error}"


@follow_group.command("add")
@click.argument("url")
@with_appcontext
@needs_database
def follow_add(url: str) -> None:
    """Follow the feed at URL (polled at once by the worker, then every FEED_POLL_MINUTES)."""
    try:
        feed = following.follow(None, url)
        db.session.commit()
    except ServiceError as err:
        fail(str(err))
        return
    click.echo(gettext("Following %(url)s (feed %(id)s).", url=feed.url, id=feed.id))


@follow_group.command("list")
@with_appcontext
@needs_database
def follow_list() -> None:
    """List the followed feeds: id, URL, kind, state, last poll and last error."""
    feeds = following.listing()
    for feed in feeds:
        click.echo(_line(feed))
    if not feeds:
        click.echo(gettext("No feed is followed yet: claimtracker follow add URL"))


def _change(ref: str, action: str) -> None:
    try:
        feed = following.find(ref)
        if action == "remove":
            url = following.unfollow(None, feed)
            message = gettext("No longer following %(url)s.", url=url)
        else:
            following.set_enabled(None, feed, action == "enable")
            message = (
                gettext("Feed %(id)s enabled: %(url)s", id=feed.id, url=feed.url)
                if feed.enabled
                else gettext("Feed %(id)s paused: %(url)s", id=feed.id, url=feed.url)
            )
        db.session.commit()
    except ServiceError as err:
        fail(str(err))
        return
    click.echo(message)


@follow_group.command("remove")
@click.argument("feed")
@with_appcontext
@needs_database
def follow_remove(feed: str) -> None:
    """Stop following FEED (its number or URL); articles already logged from it stay."""
    _change(feed, "remove")


@follow_group.command("disable")
@click.argument("feed")
@with_appcontext
@needs_database
def follow_disable(feed: str) -> None:
    """Pause polling FEED (its number or URL)."""
    _change(feed, "disable")


@follow_group.command("enable")
@click.argument("feed")
@with_appcontext
@needs_database
def follow_enable(feed: str) -> None:
    """Resume polling FEED (its number or URL), at once."""
    _change(feed, "enable")


@follow_group.command("poll")
@click.argument("feed")
@with_appcontext
@needs_database
def follow_poll(feed: str) -> None:
    """Read FEED (its number or URL) now, in this process, waiting out the host's
    politeness spacing, and fetch, log and match its new articles. Exits 1 when the feed
    was refused, with the reason."""
    from claimtracker.services import monitor_jobs

    try:
        found = following.find(feed)
    except ServiceError as err:
        fail(str(err))
        return
    outcome = monitor_jobs.poll_now(found)
    if outcome.reason:
        raise click.ClickException(
            gettext("feed %(id)s refused: %(reason)s", id=found.id, reason=outcome.reason)
        )
    click.echo(
        gettext(
            "feed %(id)s: %(outcome)s, %(count)s new item(s)",
            id=found.id,
            outcome=outcome.outcome,
            count=len(outcome.new_items),
        )
    )
