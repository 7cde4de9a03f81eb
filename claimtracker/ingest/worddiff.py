"""A word-level difference between two passages (pure), for showing how a quote changed."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")

EQUAL, DELETE, INSERT = "=", "-", "+"


def tokens(text: str) -> list[str]:
    """Words, single punctuation marks and whitespace runs; joined back they give ``text``."""
    return _TOKENS.findall(text)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The edit from ``old`` to ``new`` as (op, text) runs, op one of "=", "-", "+".
    Joining the "=" and "-" runs gives ``old``; the "=" and "+" runs give ``new``."""
    a, b = tokens(old), tokens(new)
    runs: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            runs.append((EQUAL, "".join(a[i1:i2])))
            continue
        if i2 > i1:
            runs.append((DELETE, "".join(a[i1:i2])))
        if j2 > j1:
            runs.append((INSERT, "".join(b[j1:j2])))
    return runs
