"""Many rows into one table in one statement, as fast as the driver allows."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table, insert


@lru_cache(maxsize=4096)
def _sqlite_datetime(value: datetime) -> str:
    # Cached: a bulk write stamps thousands of rows with the same few instants, and
    # strftime was a twentieth of an import's CPU time.
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


#: What SQLAlchemy's SQLite types would store for a Python value (its text formats for
#: dates), by exact type: one dict lookup a value instead of a chain of isinstance checks.
_SQLITE_CONVERT: dict[type, Callable[[Any], Any]] = {
    datetime: _sqlite_datetime,
    date: date.isoformat,
    dict: json.dumps,
}


def _sqlite_value(value: Any) -> Any:
    """What SQLAlchemy's SQLite types would store (its text formats for dates)."""
    convert = _SQLITE_CONVERT.get(type(value))
    if convert is not None:
        return convert(value)
    if isinstance(value, datetime):  # subclasses (pendulum, say): the slow path
        return _sqlite_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return json.dumps(value)
    return value


#: Values the driver takes as they are.
_PLAIN = frozenset({str, int, float, bool, bytes, type(None)})


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
        _sqlite_rows(keys, rows),
    )


def _sqlite_rows(keys: list[str], rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """The rows as tuples of what SQLite stores, converted a column at a time: most
    columns hold only values the driver takes as they are, and finding that out (and
    turning rows into columns and back) runs in C, where a Python test of every value was
    a tenth of a bulk import's CPU time."""
    if len(keys) == 1:
        cells: list[Any] = [[row[keys[0]] for row in rows]]
    else:
        cells = list(zip(*map(itemgetter(*keys), rows), strict=True))
    for i, column in enumerate(cells):
        kinds = set(map(type, column))
        if kinds <= _PLAIN:
            continue
        convert = _SQLITE_CONVERT.get(next(iter(kinds))) if len(kinds) == 1 else None
        cells[i] = (
            list(map(convert, column))
            if convert is not None
            else [v if type(v) in _PLAIN else _sqlite_value(v) for v in column]
        )
    return list(zip(*cells, strict=True))
