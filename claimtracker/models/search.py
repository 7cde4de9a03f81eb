"""The search document: one row per claim with the text readers can search.

Kept in sync by :mod:`claimtracker.services.search` on every flush. The full-text index
itself lives outside the models (an FTS5 table on SQLite, a GIN expression index on
PostgreSQL) and is created by the migration, so autogenerate leaves it alone.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from claimtracker.models._common import Model, utcnow


class SearchDocument(Model):
    __tablename__ = "search_document"

    claim_id: Mapped[int] = mapped_column(
        ForeignKey("claim.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    claim_text: Mapped[str] = mapped_column(Text, default="")
    claimant: Mapped[str] = mapped_column(Text, default="")
    quotes: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    #: Only published claims are shown to readers; the row exists for every claim.
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    #: When anything a public page shows about the claim last changed (ETag / Last-Modified).
    changed_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )


#: Database objects made by the search migration that the models do not describe.
UNMODELLED_PREFIXES = ("search_fts", "ix_search_document_tsv")


def include_name(name: str | None, type_: str, _parent_names: object) -> bool:
    """Alembic ``include_name`` hook: leave the FTS5 table (and its shadow tables) and the
    GIN expression index out of autogenerate comparisons."""
    return not (type_ in {"table", "index"} and name and name.startswith(UNMODELLED_PREFIXES))
