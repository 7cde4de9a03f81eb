"""Many rows into one table in one statement, as fast as the driver allows."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Table, insert


def _sqlite_value(value: Any) -> Any:
    """What SQLAlchemy's SQLite types would store (its text formats for dates)."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return json.dumps(value)
    return value


def insert_many(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (all with the same keys) in one executemany.

    On SQLite the values go to the driver as tuples, skipping SQLAlchemy's per-row
    parameter processing, which is most of the cost at this volume."""
    if not rows:
        return
    if conn.dialect.name != "sqlite":
        conn.execute(insert(table), rows)
        return
    keys = list(rows[0])
    columns = ", ".join(f'"{k}"' for k in keys)
    marks = ", ".join("?" for _ in keys)
    conn.exec_driver_sql(
        f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})',  # noqa: S608 - our names
        [tuple(_sqlite_value(r[k]) for k in keys) for r in rows],
    )
