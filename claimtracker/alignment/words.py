"""Words as the alignment sees them: tokens with offsets, and a comparable form of each."""

from __future__ import annotations

import re
from dataclasses import dataclass

# numbers keep their separators ("1,400", "4.5", "63"); words keep inner apostrophes and
# hyphens are separate tokens, so "63-year-old" yields "63" on its own
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|\w+(?:['’]\w+)*|[^\w\s]")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass(frozen=True)
class Token:
    """One word or mark of a text and where it sits (``text[start:end]``)."""

    text: str
    start: int
    end: int

    @property
    def key(self) -> str:
        """The form compared: lower case, curly apostrophes straightened."""
        return self.text.lower().replace("’", "'")

    @property
    def is_word(self) -> bool:
        """True for a word or a number, False for punctuation."""
        return self.text[0].isalnum() or self.text[0] == "_"


def tokenize(text: str) -> list[Token]:
    """The words and marks of ``text``, in order, with their offsets."""
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def words(text: str) -> list[Token]:
    """The words and numbers of ``text`` (punctuation left out), with their offsets."""
    return [t for t in tokenize(text) if t.is_word]


def normalise(text: str) -> str:
    """``text`` reduced for fuzzy scoring: lower-case words joined by single spaces."""
    return " ".join(t.key for t in words(text))
