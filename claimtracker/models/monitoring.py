"""Monitoring (issue 10): the feeds editors follow, the items found in them, the repeats
matching found in the articles those items lead to, and editors' private desk-feed keys.

A followed feed is polled by the worker (services.monitor); each new item's article is
logged as a snapshot with ``origin`` "monitored" (kept out of the desk's article list) and
matched against the claims we know; each passage scoring at least the threshold is a
:class:`RepeatMatch`, listed on the desk's "Repeats" page until a person decides on it
(a match label, or an appearance, for the same article, passage and claim).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from claimtracker.models._common import Model, created_at_column

if TYPE_CHECKING:
    from claimtracker.models.articles import Article
    from claimtracker.models.claims import Claim


class FollowedFeed(Model):
    """An outlet's RSS or Atom feed, or its news sitemap, polled politely by the worker."""

    __tablename__ = "followed_feed"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The canonical URL (tracking parameters and fragment removed): followed once.
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    #: "rss", "atom" or "sitemap", as the last successful poll read it (None before).
    kind: Mapped[str | None] = mapped_column(String(20))
    #: The feed's own title, from the last successful poll.
    title: Mapped[str | None] = mapped_column(String(300))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Validators of the last answer, sent back as a conditional GET.
    etag: Mapped[str | None] = mapped_column(String(300))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    last_polled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_success_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: Why the last poll was refused (not XML, too large, a redirect loop, a private
    #: address ...); None after a good poll.
    last_error: Mapped[str | None] = mapped_column(Text)
    #: Failed polls in a row: the retry waits longer after each (capped at a day).
    failures: Mapped[int] = mapped_column(Integer, default=0)
    next_poll_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    #: How many items (articles) the feed has brought, all polls together.
    items_found: Mapped[int] = mapped_column(Integer, default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_at_column()


class FeedItem(Model):
    """One entry of a followed feed, remembered so it is fetched once."""

    __tablename__ = "feed_item"
    __table_args__ = (UniqueConstraint("feed_id", "url_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    feed_id: Mapped[int] = mapped_column(
        ForeignKey("followed_feed.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(String(2048))
    #: SHA-256 of the canonical URL: how an item is recognised at the next poll.
    url_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(500), default="")
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    found_at: Mapped[datetime] = created_at_column()
    #: "new" (waiting for the worker), "logged" (fetched and matched), "known" (the desk had
    #: logged the article already) or "failed" (see ``error``).
    state: Mapped[str] = mapped_column(String(20), default="new")
    error: Mapped[str | None] = mapped_column(Text)
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("article.id", ondelete="SET NULL"), index=True
    )

    article: Mapped[Article | None] = relationship()


class RepeatMatch(Model):
    """A passage of a monitored article that matching scored as a claim we know."""

    __tablename__ = "repeat_match"
    __table_args__ = (UniqueConstraint("article_id", "passage_hash", "claim_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("article.id", ondelete="CASCADE"), index=True
    )
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"), index=True)
    passage: Mapped[str] = mapped_column(Text)
    #: services.match_labels.passage_hash(passage): how a decision on the pair is found.
    passage_hash: Mapped[str] = mapped_column(String(64))
    start: Mapped[int] = mapped_column(Integer)
    quoted: Mapped[bool] = mapped_column(Boolean, default=False)
    speaker: Mapped[str | None] = mapped_column(String(300))
    score: Mapped[float] = mapped_column(Float, index=True)
    found_at: Mapped[datetime] = created_at_column()

    article: Mapped[Article] = relationship()
    claim: Mapped[Claim] = relationship()


class DeskFeedKey(Model):
    """An editor's private key to the desk feed of repeats (in the feed's URL, so a feed
    reader needs no sign-in). Only its SHA-256 is stored; a new key replaces the old."""

    __tablename__ = "desk_feed_key"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: The first characters, shown so an editor can tell which link is current.
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = created_at_column()
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
