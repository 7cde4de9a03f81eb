"""The quote-drift watchdog: later versions of an article's text, per-article check state,
and the quote changes reviewers and readers see."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from claimtracker.extensions import db
from claimtracker.models._common import Model, created_at_column

if TYPE_CHECKING:
    from claimtracker.models.claims import Appearance, Claim
    from claimtracker.models.users import User


class ArticleVersion(Model):
    """A later text of an article, stored when the extracted text's hash changed.

    Version 1 is the article's own snapshot (``Article.text``), which quotes are anchored
    in; rows here are versions 2, 3 ... and are never edited or deleted.
    """

    __tablename__ = "article_version"
    __table_args__ = (
        db.UniqueConstraint("article_id", "number", name="uq_article_version_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    text_sha256: Mapped[str] = mapped_column(String(64))
    retrieved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    #: "fetched" by the watchdog, or "demo" (the illustrative demo edit).
    origin: Mapped[str] = mapped_column(String(20), default="fetched")
    created_at: Mapped[datetime] = created_at_column()


class ArticleWatch(Model):
    """When the article was last re-fetched, how that went, and when it is due again.
    Kept apart from ``article`` so a check never collides with an editor's correction."""

    __tablename__ = "article_watch"

    article_id: Mapped[int] = mapped_column(ForeignKey("article.id"), primary_key=True)
    etag: Mapped[str | None] = mapped_column(String(300))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    last_checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: "unchanged", "changed", "not modified" or "could not check".
    last_outcome: Mapped[str | None] = mapped_column(String(20))
    #: Why the last check could not be made (404, timeout, paywall, robots.txt ...).
    last_error: Mapped[str | None] = mapped_column(Text)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    next_check_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)


class QuoteChange(Model):
    """A quote that no longer reads as it did: found on a later version of its article.
    Public (claim page, history, feed) once the claim is published; reviewers mark it seen."""

    __tablename__ = "quote_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    appearance_id: Mapped[int] = mapped_column(
        ForeignKey("appearance.id", ondelete="CASCADE"), index=True
    )
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id"), index=True)
    old_status: Mapped[str] = mapped_column(String(20))
    new_status: Mapped[str] = mapped_column(String(20))
    #: The wording the new version has where the quote was (None when missing).
    new_exact: Mapped[str | None] = mapped_column(Text)
    version_number: Mapped[int] = mapped_column(Integer)
    detected_at: Mapped[datetime] = created_at_column()
    seen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    seen_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    seen_note: Mapped[str | None] = mapped_column(Text)

    appearance: Mapped[Appearance] = relationship()
    claim: Mapped[Claim] = relationship()
    seen_by: Mapped[User | None] = relationship()
