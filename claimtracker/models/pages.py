"""The organisation's own pages (About, Methodology, Corrections policy, Contact).

Each save is a new revision row, never an update: the newest revision of a page is what
readers see, and the older ones are its history.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from claimtracker.models._common import Model, created_at_column

if TYPE_CHECKING:
    from claimtracker.models.users import User


class PageRevision(Model):
    """One saved text of one organisation page (``slug``: about, methodology, …)."""

    __tablename__ = "page_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), index=True)
    title: Mapped[str] = mapped_column(String(120))
    #: Markdown, rendered and sanitised by rendering.markdown when shown.
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = created_at_column()

    author: Mapped[User | None] = relationship()
