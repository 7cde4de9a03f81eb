"""One-row shared counters (the claim-vector serial, the site version), moved atomically.

Every claim write moves the claim-vector serial, so any two writers meet on its row. The
move is one statement, ``INSERT … ON CONFLICT (id) DO UPDATE SET n = n + 1 RETURNING n``,
with no version check and no read before it: PostgreSQL makes the second writer wait on
the row lock and then add its one (READ COMMITTED re-reads the row), SQLite has already
serialised writers, and a missing row (a database emptied by ``TRUNCATE``, or restored
without it) is created by whichever writer comes first instead of by both. The former
``UPDATE``-then-``INSERT`` let two writers that both found the row missing both insert
it; one failed on the primary key and its unrelated create was answered 409.
"""

from __future__ import annotations

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite


def advance(conn: Connection, table: Table, column: str, *, first: int = 1) -> int:
    """Add one to ``table``'s row 1 ``column`` (creating the row with ``first`` when it is
    missing) and return the new value, in the caller's transaction."""
    dialect = sqlite if conn.dialect.name == "sqlite" else postgresql
    counter = table.c[column]
    statement = (
        dialect.insert(table)
        .values({"id": 1, column: first})
        .on_conflict_do_update(index_elements=["id"], set_={column: counter + 1})
        .returning(counter)
    )
    return int(conn.execute(statement).scalar_one())
