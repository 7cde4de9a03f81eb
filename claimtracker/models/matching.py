"""A claim's vector for matching: its text embedded by :mod:`claimtracker.matching`.

One row per claim, kept in sync by :mod:`claimtracker.services.claim_vectors` in the same
write paths as the search document. The vector is stored as float16 bytes (768 bytes for
384 dimensions): plain columns work the same on SQLite and PostgreSQL, and the search itself
runs over a matrix in memory (README, "Claim matching").
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from claimtracker.models._common import Model, utcnow


class ClaimVector(Model):
    __tablename__ = "claim_vector"

    claim_id: Mapped[int] = mapped_column(
        ForeignKey("claim.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    #: Which model made the vector (a new model means ``claimtracker reindex``).
    model: Mapped[str] = mapped_column(String(64))
    #: SHA-256 of the embedded text, so an unchanged text is not embedded again.
    text_hash: Mapped[str] = mapped_column(String(64))
    vector: Mapped[bytes] = mapped_column(LargeBinary)
    #: The denormalised visibility rule, as in search_document.
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    #: When the row was last written.
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: The value of :class:`ClaimVectorSerial` when the row was last written: a reader
    #: holding the matrix up to serial N reloads the rows above N, and nothing else.
    serial: Mapped[int] = mapped_column(Integer, default=0, index=True)


class ClaimVectorSerial(Model):
    """One row, moved on every write to ``claim_vector`` in the writer's transaction.

    Writers serialise on it (SQLite's write lock; the row lock on PostgreSQL), so serials
    commit in order and a reader that saw serial N has seen every change up to N: one
    primary-key read tells a process whether its matrix is current."""

    __tablename__ = "claim_vector_serial"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    serial: Mapped[int] = mapped_column(Integer, default=0)


class MatchLabel(Model):
    """A reviewer's decision on a suggested match: the passage is (``same``) or is not the
    known claim. Kept to measure and tune matching on the newsroom's own material
    (``claimtracker export --format match-labels``), and so a dismissed pair is not
    suggested again."""

    __tablename__ = "match_label"
    __table_args__ = (UniqueConstraint("passage_hash", "claim_id", "article_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    passage: Mapped[str] = mapped_column(Text)
    #: SHA-256 of the passage with its whitespace collapsed: how a pair is looked up.
    passage_hash: Mapped[str] = mapped_column(String(64), index=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("article.id", ondelete="CASCADE"), nullable=True
    )
    same: Mapped[bool] = mapped_column(Boolean)
    #: The score matching gave the pair when it was suggested.
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), nullable=True
    )
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
