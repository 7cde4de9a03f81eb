"""Dates and times as the outward formats write them (pure)."""

from __future__ import annotations

from datetime import UTC, date, datetime


def iso(value: date | datetime | None) -> str | None:
    """ISO 8601; datetimes always with their offset (RFC 3339). SQLite returns naive
    datetimes for columns stored as UTC, so a missing zone means UTC."""
    if isinstance(value, datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.isoformat() if value is not None else None


def zulu(moment: datetime | None) -> str:
    """A whole-second UTC timestamp ending in Z (Atom, sitemaps); the epoch for None."""
    moment = moment or datetime(1970, 1, 1, tzinfo=UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
