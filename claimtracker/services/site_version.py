"""Moving the site version (models.site) whenever the rating scale changes, whoever
changes it: an ``after_flush`` listener, like the search index's, so no write path needs
a call of its own and a rolled-back change rolls the bump back with it."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Connection, Table, event, select
from sqlalchemy.orm import Session

from claimtracker.models import Rating, SiteVersion
from claimtracker.services import counters

#: Models whose every change shows on every public page.
SITE_WIDE = (Rating,)


def bump(conn: Connection) -> None:
    """Move the site version on (creating its row if a database lacks it), in one
    statement that concurrent writers never conflict on (``services.counters``)."""
    counters.advance(conn, cast(Table, SiteVersion.__table__), "version", first=2)


def current(conn: Connection) -> int:
    return conn.scalar(select(SiteVersion.version).where(SiteVersion.id == 1)) or 0


def _changed(session: Session) -> bool:
    for obj in [*session.new, *session.deleted]:
        if isinstance(obj, SITE_WIDE):
            return True
    return any(
        isinstance(obj, SITE_WIDE) and session.is_modified(obj, include_collections=False)
        for obj in session.dirty
    )


def _after_flush(session: Session, _flush_context: Any) -> None:
    if _changed(session):
        bump(session.connection())


def install() -> None:
    """Listen on every ORM session (idempotent)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
