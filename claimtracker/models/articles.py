"""Outlets and the articles logged from them (immutable text snapshots)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from claimtracker.models._common import Model, created_at_column

if TYPE_CHECKING:
    from claimtracker.models.claims import Appearance


class Outlet(Model):
    __tablename__ = "outlet"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    slug: Mapped[str] = mapped_column(String(200), index=True)
    domain: Mapped[str | None] = mapped_column(String(253))

    articles: Mapped[list[Article]] = relationship(back_populates="outlet")


class Article(Model):
    __tablename__ = "article"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Canonical URL: lowercased scheme/host, tracking parameters and fragment removed.
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    outlet_id: Mapped[int | None] = mapped_column(ForeignKey("outlet.id"), index=True)
    headline: Mapped[str] = mapped_column(String(500), default="")
    byline: Mapped[str | None] = mapped_column(String(300))
    published_on: Mapped[date | None] = mapped_column(Date)
    language: Mapped[str | None] = mapped_column(String(16))
    #: How the text arrived: fetched, pasted, demo, imported (no text) ...
    origin: Mapped[str] = mapped_column(String(20), default="pasted")
    #: The snapshot: never edited after it is stored. None when only metadata is known.
    text: Mapped[str | None] = mapped_column(Text)
    text_sha256: Mapped[str | None] = mapped_column(String(64))
    retrieved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    archive_url: Mapped[str | None] = mapped_column(String(2048))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = created_at_column()
    version_id: Mapped[int] = mapped_column(default=1)

    outlet: Mapped[Outlet | None] = relationship(back_populates="articles")
    appearances: Mapped[list[Appearance]] = relationship(
        back_populates="article", foreign_keys="Appearance.article_id"
    )

    __mapper_args__ = {"version_id_col": version_id}
