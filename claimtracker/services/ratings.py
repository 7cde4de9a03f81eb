"""The rating scale: kept in the database, seeded from config."""

from __future__ import annotations

from typing import Any

from slugify import slugify
from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.models import Rating
from claimtracker.services.errors import Invalid


def ensure_scale(scale: list[dict[str, Any]]) -> list[Rating]:
    """Insert or update the configured ratings (keyed by label). Idempotent."""
    existing = {r.label: r for r in db.session.scalars(select(Rating))}
    out = []
    for position, item in enumerate(scale):
        rating = existing.get(item["label"]) or Rating(label=item["label"])
        rating.slug = slugify(item["label"])
        rating.value = item.get("value")
        rating.position = position
        rating.colour = item.get("colour", "#57606a")
        rating.description = item.get("description", "")
        db.session.add(rating)
        out.append(rating)
    db.session.flush()
    return out


def all_ratings() -> list[Rating]:
    return list(db.session.scalars(select(Rating).order_by(Rating.position)))


def by_label(label: str) -> Rating:
    """The rating called ``label`` (case-insensitive). Raises Invalid."""
    wanted = (label or "").strip().lower()
    for rating in all_ratings():
        if rating.label.lower() == wanted or rating.slug == wanted:
            return rating
    raise Invalid(f"unknown rating {label!r}", field="rating")


def scale_bounds() -> tuple[int, int] | None:
    """(worst, best) numeric values of the scale, or None when no rating has a number."""
    values = [r.value for r in all_ratings() if r.value is not None]
    return (min(values), max(values)) if values else None
