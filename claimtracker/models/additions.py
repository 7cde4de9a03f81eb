"""Additions held for an editor: a reviewer's source, appearance or public note on a
published claim waits here until an editor approves it (it then becomes an ordinary
source, appearance or note) or rejects it with a reason (kept, as history).

Held additions live in their own table, never in ``source``, ``appearance`` or ``note``:
every public query reads those tables (through ``services.reading.published()`` and
``Claim.is_published``), so a held row cannot reach a reader by any path, present or
future, however that query is written.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from claimtracker.models._common import Model, created_at_column, status_type

if TYPE_CHECKING:
    from claimtracker.models.claims import Claim
    from claimtracker.models.users import User


class AdditionKind(enum.StrEnum):
    """What a held addition becomes once approved."""

    SOURCE = "source"
    APPEARANCE = "appearance"
    NOTE = "note"


class AdditionState(enum.StrEnum):
    """Waiting for an editor, then approved (made visible) or rejected (with a reason)."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class PendingAddition(Model):
    __tablename__ = "pending_addition"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"), index=True)
    kind: Mapped[AdditionKind] = mapped_column(status_type(AdditionKind))
    state: Mapped[AdditionState] = mapped_column(
        status_type(AdditionState), default=AdditionState.PENDING, index=True
    )
    #: The addition's fields, checked and normalised when it was held (the arguments the
    #: claims service takes to make it: a source's URL and stance, an appearance's article
    #: and anchored passage, a note's body).
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = created_at_column()
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: Why it was rejected (required then), shown to its author on the desk.
    reason: Mapped[str | None] = mapped_column(Text)
    #: The id of the source, appearance or note made when it was approved.
    result_id: Mapped[int | None] = mapped_column(Integer)
    version_id: Mapped[int] = mapped_column(default=1)

    claim: Mapped[Claim] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    # Two editors deciding at once: the second gets a conflict, never a second copy.
    __mapper_args__ = {"version_id_col": version_id}
