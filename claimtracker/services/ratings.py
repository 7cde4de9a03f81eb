"""The rating scale: kept in the database, seeded from config."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from slugify import slugify
from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.models import Rating, Verdict
from claimtracker.services.errors import Invalid

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def validate_scale(scale: Any) -> None:
    """Refuse a malformed RATINGS setting with a message naming the problem. Raises Invalid."""
    if not isinstance(scale, list) or not scale:
        raise Invalid(_l("RATINGS must be a non-empty list of {label, value, colour}"))
    seen: set[str] = set()
    for item in scale:
        label = item.get("label") if isinstance(item, dict) else None
        if not isinstance(label, str) or not label.strip():
            raise Invalid(_l("every rating needs a label: %(item)r", item=item))
        if slugify(label) in seen:
            raise Invalid(_l("the rating %(label)r appears twice", label=label))
        seen.add(slugify(label))
        value = item.get("value")
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise Invalid(_l("the value of %(label)r must be a whole number or null", label=label))
        if not HEX_COLOUR.match(item.get("colour", "#57606a")):
            raise Invalid(_l("the colour of %(label)r must look like #1a7f37", label=label))


def ensure_scale(scale: list[dict[str, Any]]) -> list[Rating]:
    """Insert or update the configured ratings (keyed by label). Idempotent.
    Raises Invalid for a malformed scale."""
    validate_scale(scale)
    # Keyed by slug, so re-capitalising a label renames the rating instead of clashing.
    existing = {r.slug: r for r in db.session.scalars(select(Rating))}
    out = []
    for position, item in enumerate(scale):
        rating = existing.pop(slugify(item["label"]), None) or Rating()
        rating.label = item["label"]
        rating.slug = slugify(item["label"])
        rating.value = item.get("value")
        rating.position = position
        rating.colour = item.get("colour", "#57606a")
        rating.description = item.get("description", "")
        db.session.add(rating)
        out.append(rating)
    # Ratings dropped from the scale go, unless a verdict still uses one: history is
    # never rewritten, so those stay, ordered after the configured scale.
    used = set(db.session.scalars(select(Verdict.rating_id).distinct()))
    for offset, rating in enumerate(existing.values(), start=len(scale)):
        if rating.id in used:
            rating.position = offset
        else:
            db.session.delete(rating)
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
    raise Invalid(_l("unknown rating %(label)r", label=label), field="rating")


def scale_bounds() -> tuple[int, int] | None:
    """(worst, best) numeric values of the scale, or None when no rating has a number."""
    values = [r.value for r in all_ratings() if r.value is not None]
    return (min(values), max(values)) if values else None
