"""Row ids and other integers from untrusted text (pure).

Ids are ``integer`` columns, 32-bit in PostgreSQL (SQLite stops at 2**63 - 1); a bigger
number makes PostgreSQL raise "integer out of range" and SQLite OverflowError, both 500s.
``str.isdigit`` is no guard either: it accepts "²", which ``int()`` refuses, and ``int()``
refuses strings of more than 4,300 digits.
"""

from __future__ import annotations

from typing import Any

from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1  # the API's schemas use the same bound
_MAX_DIGITS = len(str(MAX_ID))


def parse_id(value: Any) -> int | None:
    """A non-negative integer that fits a database column, or None for anything else."""
    text = str(value if value is not None else "").strip()
    if not text or len(text) > _MAX_DIGITS or not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if number <= MAX_ID else None


def not_above(limit: int) -> str:
    """A regular expression matching the decimal numbers from 0 to ``limit`` (no sign)."""
    digits = str(limit)
    n = len(digits)
    parts = [rf"\d{{1,{n - 1}}}"] if n > 1 else []
    for i, digit in enumerate(int(d) for d in digits):
        lowest = 1 if i == 0 and n > 1 else 0  # shorter numbers are the first part
        if digit > lowest:
            rest = n - i - 1
            parts.append(
                digits[:i] + f"[{lowest}-{digit - 1}]" + (rf"\d{{{rest}}}" if rest else "")
            )
    parts.append(digits)
    return "(?:" + "|".join(parts) + ")"


class IdConverter(IntegerConverter):
    """``<int:...>`` in every route: an id too large for the database is a 404, not a 500.

    The bound is in the pattern, not only in ``max``: werkzeug checks a rule's methods
    before its converters, so where GET and POST share a path a number refused by ``max``
    alone would answer 405 instead of 404.
    """

    regex = not_above(MAX_ID)

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)
