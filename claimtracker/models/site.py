"""The site version: one number that moves whenever something every public page shows
changes (the rating scale; site-wide settings kept in the database)."""

from __future__ import annotations

from sqlalchemy.orm import Mapped, mapped_column

from claimtracker.models._common import Model


class SiteVersion(Model):
    """A single row (id 1). Part of every reader page's ETag and render-cache key, so a
    change to the scale is seen on the next request without touching a million claims."""

    __tablename__ = "site_version"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(default=1)
