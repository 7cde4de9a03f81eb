"""Get-or-create for rows named by a unique column, safe when two requests race.

A plain SELECT-then-INSERT lets two workers both see "missing" and both insert: one of them
then fails on the unique constraint (a 500 on the desk, a 409 from the API, for work that
should simply have succeeded). ``INSERT … ON CONFLICT DO NOTHING`` followed by a SELECT lets
the database decide: SQLite serialises writers, PostgreSQL makes the second insert wait for
the first and then do nothing, and both then read the one row.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from claimtracker.extensions import db

Row = TypeVar("Row")


def get_or_create(model: type[Row], key: str, value: Any, **defaults: Any) -> Row:
    """The ``model`` row whose unique column ``key`` equals ``value``, inserted when missing.

    ``defaults`` fill the other columns of a new row. Runs in the caller's transaction.
    """
    column = getattr(model, key)
    found = db.session.scalar(select(model).where(column == value))
    if found is not None:
        return found
    dialect = sqlite if db.session.get_bind().dialect.name == "sqlite" else postgresql
    statement = (
        dialect.insert(model.__table__)  # type: ignore[attr-defined]
        .values({key: value, **defaults})
        .on_conflict_do_nothing(index_elements=[key])
    )
    db.session.execute(statement)
    row = db.session.scalar(select(model).where(column == value))
    assert row is not None  # inserted just now, or by the request that won the race
    return row
