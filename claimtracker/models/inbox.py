"""What readers send the desk: error reports on a claim and claims to check.

Nothing here is ever shown on a public page: a reader's message, contact and address are
for the desk alone.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from claimtracker.models._common import Model, created_at_column, utcnow

if TYPE_CHECKING:
    from claimtracker.models.claims import Claim
    from claimtracker.models.users import User


class MessageKind(enum.StrEnum):
    REPORT = "report"  # "Report an error" on a claim page
    SUGGESTION = "suggestion"  # "Suggest a claim to check"


class MessageStatus(enum.StrEnum):
    NEW = "new"
    TRIAGED = "triaged"
    ANSWERED = "answered"
    CLOSED = "closed"


class ReaderMessage(Model):
    """One message from a reader, moving new -> triaged -> answered or closed."""

    __tablename__ = "reader_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default=MessageStatus.NEW.value, index=True)
    #: The claim an error report is about (None for suggestions).
    claim_id: Mapped[int | None] = mapped_column(
        ForeignKey("claim.id", ondelete="SET NULL"), index=True
    )
    body: Mapped[str] = mapped_column(Text)
    #: Where the reader saw the claim (suggestions; http/https only).
    url: Mapped[str | None] = mapped_column(String(2048))
    #: How to answer the reader, if they gave one (free text: an address or a name).
    contact: Mapped[str | None] = mapped_column(String(200))
    #: The desk's own note on the message (internal).
    desk_note: Mapped[str | None] = mapped_column(Text)
    #: The draft claim a suggestion became.
    draft_claim_id: Mapped[int | None] = mapped_column(ForeignKey("claim.id", ondelete="SET NULL"))
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    claim: Mapped[Claim | None] = relationship(foreign_keys=[claim_id])
    draft_claim: Mapped[Claim | None] = relationship(foreign_keys=[draft_claim_id])
    handled_by: Mapped[User | None] = relationship()
