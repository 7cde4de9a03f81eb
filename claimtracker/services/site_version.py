"""Moving the site version (models.site) whenever the rating scale changes, whoever
changes it: an ``after_flush`` listener, like the search index's, so no write path needs
a call of its own and a rolled-back change rolls the bump back with it."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Connection, Table, event, insert, select, update
from sqlalchemy.orm import Session

from claimtracker.models import Rating, SiteVersion

#: Models whose every change shows on every public page.
SITE_WIDE = (Rating,)


def bump(conn: Connection) -> None:
    """Move the site version on (creating its row if a database lacks it)."""
    table = cast(Table, SiteVersion.__table__)
    moved = conn.execute(
        update(table).where(table.c.id == 1).values(version=table.c.version + 1)
    ).rowcount
    if not moved:
        conn.execute(insert(table).values(id=1, version=2))


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
