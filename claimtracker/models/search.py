"""The search document: one row per claim with the text readers can search.

Kept in sync by :mod:`claimtracker.services.search` on every flush. The full-text index
itself lives outside the models (an FTS5 table on SQLite, a GIN expression index on
PostgreSQL) and is created by the migration, so autogenerate leaves it alone.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text
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
    #: The claim's language, its primary subtag ("es"): it picks the stemmer (PostgreSQL's
    #: text search configuration; the Snowball stems added on SQLite), search.languages.
    language: Mapped[str] = mapped_column(String(16), default="en", server_default="en")
    #: Only published claims are shown to readers; the row exists for every claim.
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    #: When anything a public page shows about the claim last changed (ETag / Last-Modified).
    changed_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    # What search facets count, copied from the claim's tables so that counting the
    # facets of up to RANK_WITHIN matches is one read of this table (services.search).
    # Ids, not names: a renamed claimant, outlet or tag needs no rewrite of its claims'
    # rows for its label (names are looked up for the few facets shown). Plain integers,
    # no foreign keys: a copy, rewritten with the row (services.search_index).
    rating_id: Mapped[int | None] = mapped_column(Integer)
    fidelity: Mapped[str | None] = mapped_column(String(60))
    fidelity_label: Mapped[str | None] = mapped_column(String(60))
    claimant_id: Mapped[int | None] = mapped_column(Integer)
    #: The year of ``claim.claimed_on``.
    year: Mapped[int | None] = mapped_column(Integer)
    #: Distinct outlet ids of the claim's appearances, space-separated ("3 17").
    outlet_ids: Mapped[str | None] = mapped_column(Text)
    #: The claim's tag ids, space-separated.
    tag_ids: Mapped[str | None] = mapped_column(Text)


#: Database objects made by the search migration that the models do not describe.
UNMODELLED_PREFIXES = ("search_fts", "ix_search_document_tsv")


def include_name(name: str | None, type_: str, _parent_names: object) -> bool:
    """Alembic ``include_name`` hook: leave the FTS5 table (and its shadow tables) and the
    GIN expression index out of autogenerate comparisons."""
    return not (type_ in {"table", "index"} and name and name.startswith(UNMODELLED_PREFIXES))
