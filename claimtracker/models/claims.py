"""Claims, who made them, where they appeared, and the evidence gathered."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Column,
    ColumnElement,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    and_,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from claimtracker.extensions import db
from claimtracker.models._common import Model, created_at_column, status_type, utcnow

if TYPE_CHECKING:
    from claimtracker.models.articles import Article
    from claimtracker.models.notes import Note
    from claimtracker.models.verdicts import Verdict


class ClaimStatus(enum.StrEnum):
    """The desk workflow, in order."""

    DRAFT = "draft"
    RESEARCHING = "researching"
    AWAITING_SIGNOFF = "awaiting_signoff"
    PUBLISHED = "published"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").replace("signoff", "sign-off")


class QuoteStatus(enum.StrEnum):
    """How an appearance's quote matches the article snapshot."""

    VERBATIM = "verbatim"
    ALTERED = "altered"
    MISSING = "missing"
    #: The article has no stored text to check the quote against.
    UNCHECKED = "unchecked"


class Stance(enum.StrEnum):
    SUPPORTS = "supports"
    REFUTES = "refutes"
    CONTEXT = "context"


claim_tag = Table(
    "claim_tag",
    db.metadata,
    Column("claim_id", Integer, ForeignKey("claim.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", Integer, ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True),
    # The primary key finds a claim's tags; browsing a tag needs its claims, newest first.
    Index("ix_claim_tag_tag_claim", "tag_id", "claim_id"),
)


class Claimant(Model):
    __tablename__ = "claimant"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    slug: Mapped[str] = mapped_column(String(200), index=True)
    description: Mapped[str | None] = mapped_column(Text)

    claims: Mapped[list[Claim]] = relationship(back_populates="claimant")


class Tag(Model):
    __tablename__ = "tag"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)


class Claim(Model):
    __tablename__ = "claim"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Short form (ClaimReview's claimReviewed wants < 75 characters).
    text: Mapped[str] = mapped_column(String(200))
    long_text: Mapped[str | None] = mapped_column(Text)
    claimant_id: Mapped[int | None] = mapped_column(ForeignKey("claimant.id"), index=True)
    claimed_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[ClaimStatus] = mapped_column(
        status_type(ClaimStatus), default=ClaimStatus.DRAFT, index=True
    )
    language: Mapped[str] = mapped_column(String(16), default="en")
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    #: The latest published verdict (denormalised so public pages need no subquery).
    current_verdict_id: Mapped[int | None] = mapped_column(
        ForeignKey("verdict.id", use_alter=True, ondelete="SET NULL")
    )
    first_published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: For claims imported from another publisher's ClaimReview: the review's URL (idempotency
    #: key), its publisher and the original JSON, kept verbatim.
    origin_url: Mapped[str | None] = mapped_column(String(2048), unique=True)
    origin_publisher: Mapped[str | None] = mapped_column(String(300))
    origin_json: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow, index=True
    )
    version_id: Mapped[int] = mapped_column(default=1)

    claimant: Mapped[Claimant | None] = relationship(back_populates="claims")
    tags: Mapped[list[Tag]] = relationship(secondary=claim_tag, order_by="Tag.name")
    appearances: Mapped[list[Appearance]] = relationship(
        back_populates="claim", order_by="Appearance.id", cascade="all, delete-orphan"
    )
    sources: Mapped[list[Source]] = relationship(
        back_populates="claim", order_by="Source.id", cascade="all, delete-orphan"
    )
    verdicts: Mapped[list[Verdict]] = relationship(
        back_populates="claim", order_by="Verdict.id", foreign_keys="Verdict.claim_id"
    )
    current_verdict: Mapped[Verdict | None] = relationship(
        foreign_keys=[current_verdict_id], post_update=True
    )
    notes: Mapped[list[Note]] = relationship(back_populates="claim", order_by="Note.id")

    __mapper_args__ = {"version_id_col": version_id}

    # The visibility rule: what readers may see. This is its one definition, in both of
    # its forms side by side (a loaded claim, and SQL); every public query reaches it through
    # ``services.reading.published()`` or ``Claim.is_published``, and
    # tests/test_visibility_rule.py fails on a public query that does not.
    @hybrid_property
    def is_published(self) -> bool:
        """Readers may see this claim: it is published and has a current verdict."""
        return self.status == ClaimStatus.PUBLISHED and self.current_verdict_id is not None

    @is_published.inplace.expression
    @classmethod
    def _is_published_sql(cls) -> ColumnElement[bool]:
        return cls.published_rule()

    @classmethod
    def published_rule(cls, *, status_index: bool = True) -> ColumnElement[bool]:
        """The rule in SQL. ``status_index=False`` states the same test so that SQLite
        cannot use the status index (``status || ''``): walking claims newest first, that
        index matches most of the table and SQLite would sort every published claim."""
        status = cls.status if status_index else cls.status.concat("")
        return and_(status == ClaimStatus.PUBLISHED.value, cls.current_verdict_id.is_not(None))


class Appearance(Model):
    """A claim's appearance in an article, anchored as a W3C TextQuoteSelector
    (exact, prefix, suffix) plus a TextPositionSelector (start, end)."""

    __tablename__ = "appearance"
    __table_args__ = (
        db.UniqueConstraint("claim_id", "article_id", "start", name="uq_appearance_place"),
        # An article's claims from the index alone (browsing an outlet reads thousands).
        Index("ix_appearance_article_claim", "article_id", "claim_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id"))
    exact: Mapped[str] = mapped_column(Text)
    prefix: Mapped[str] = mapped_column(String(200), default="")
    suffix: Mapped[str] = mapped_column(String(200), default="")
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)
    speaker: Mapped[str | None] = mapped_column(String(200))
    quote_status: Mapped[str] = mapped_column(String(20), default=QuoteStatus.VERBATIM.value)
    #: The watchdog's last look at the live article: when, against which version (1 is the
    #: snapshot quoted), the wording found there when altered, and why it could not check.
    checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    checked_version: Mapped[int | None] = mapped_column(Integer)
    current_exact: Mapped[str | None] = mapped_column(Text)
    check_error: Mapped[str | None] = mapped_column(Text)
    #: What the article attributes the passage to ("The Blast reports", "according to
    #: police"), as the reviewer confirmed or typed it.
    attributed_to: Mapped[str | None] = mapped_column(String(300))
    #: The cited source: an article logged here, or a pasted excerpt with its URL (and an
    #: archived copy); and the passage in it closest to this one, anchored like a quote
    #: (TextQuoteSelector exact/prefix/suffix, TextPositionSelector start/end).
    #: No database foreign key: see the migration d4e6f8a0b2c4 (services.cited_sources
    #: checks the article exists; articles are never deleted).
    cited_article_id: Mapped[int | None] = mapped_column(Integer, index=True)
    cited_excerpt: Mapped[str | None] = mapped_column(Text)
    cited_url: Mapped[str | None] = mapped_column(String(2048))
    cited_archive_url: Mapped[str | None] = mapped_column(String(2048))
    cited_exact: Mapped[str | None] = mapped_column(Text)
    cited_prefix: Mapped[str | None] = mapped_column(String(200))
    cited_suffix: Mapped[str | None] = mapped_column(String(200))
    cited_start: Mapped[int | None] = mapped_column(Integer)
    cited_end: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = created_at_column()

    claim: Mapped[Claim] = relationship(back_populates="appearances")
    article: Mapped[Article] = relationship(back_populates="appearances", foreign_keys=[article_id])
    cited_article: Mapped[Article | None] = relationship(
        primaryjoin="Article.id == foreign(Appearance.cited_article_id)"
    )


class Source(Model):
    __tablename__ = "source"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(2048))
    title: Mapped[str] = mapped_column(String(500), default="")
    publisher: Mapped[str | None] = mapped_column(String(300))
    accessed_on: Mapped[date | None] = mapped_column(Date)
    archive_url: Mapped[str | None] = mapped_column(String(2048))
    stance: Mapped[str] = mapped_column(String(10), default=Stance.CONTEXT.value)
    note: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = created_at_column()

    claim: Mapped[Claim] = relationship(back_populates="sources")
