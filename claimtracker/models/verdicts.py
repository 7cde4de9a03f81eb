"""The rating scale and verdicts (never overwritten: a change is a new verdict)."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from claimtracker.extensions import db
from claimtracker.models._common import Model, created_at_column, status_type

if TYPE_CHECKING:
    from claimtracker.models.claims import Claim, Source
    from claimtracker.models.users import User


class VerdictStatus(enum.StrEnum):
    PROPOSED = "proposed"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


class VerdictReason(enum.StrEnum):
    INITIAL = "initial"
    CORRECTION = "correction"
    UPDATE = "update"


verdict_source = Table(
    "verdict_source",
    db.metadata,
    Column("verdict_id", Integer, ForeignKey("verdict.id", ondelete="CASCADE"), primary_key=True),
    Column("source_id", Integer, ForeignKey("source.id", ondelete="CASCADE"), primary_key=True),
)


class Rating(Model):
    __tablename__ = "rating"

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(60), unique=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    #: Position on the numeric scale (None: the rating has no number, e.g. Unproven).
    value: Mapped[int | None] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)
    colour: Mapped[str] = mapped_column(String(7), default="#57606a")
    description: Mapped[str] = mapped_column(Text, default="")


class Verdict(Model):
    __tablename__ = "verdict"
    __table_args__ = (
        # Browsing by rating or faithfulness walks the newest verdicts with that value and
        # needs only their claim (services.search, "browse drivers"): both covered here.
        Index("ix_verdict_rating_claim", "rating_id", "claim_id"),
        Index("ix_verdict_fidelity_claim", "fidelity", "claim_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"), index=True)
    rating_id: Mapped[int] = mapped_column(ForeignKey("rating.id"))
    summary: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[VerdictStatus] = mapped_column(
        status_type(VerdictStatus), default=VerdictStatus.PROPOSED
    )
    reason: Mapped[str] = mapped_column(String(20), default=VerdictReason.INITIAL.value)
    #: Why a correction or update was made; shown in the public changelog.
    reason_note: Mapped[str | None] = mapped_column(Text)
    #: A foreign publisher's own label, kept when an import mapped it onto the local scale.
    original_rating: Mapped[str | None] = mapped_column(String(200))
    #: The second axis: was the passage reported faithfully? The value from the FIDELITY
    #: scale and its label as it read when judged (history keeps its words if the scale is
    #: renamed later); both None when not assessed.
    fidelity: Mapped[str | None] = mapped_column(String(60))
    fidelity_label: Mapped[str | None] = mapped_column(String(60))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = created_at_column()
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    version_id: Mapped[int] = mapped_column(default=1)

    claim: Mapped[Claim] = relationship(back_populates="verdicts", foreign_keys=[claim_id])
    rating: Mapped[Rating] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    approver: Mapped[User | None] = relationship(foreign_keys=[approver_id])
    sources: Mapped[list[Source]] = relationship(secondary=verdict_source)

    __mapper_args__ = {"version_id_col": version_id}
