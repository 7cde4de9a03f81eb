"""Cutting an article's text into plain and highlighted segments (pure).

The template escapes each segment; nothing here produces markup, so a snapshot can never
inject HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Segment(Generic[T]):
    text: str
    mark: T | None = None


def highlight(text: str, spans: list[tuple[int, int, T]]) -> list[Segment[T]]:
    """Split ``text`` at the ``(start, end, mark)`` spans. Spans outside the text or
    overlapping an earlier one are skipped (a passage is highlighted once)."""
    out: list[Segment[T]] = []
    cursor = 0
    for start, end, mark in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start < cursor or end <= start or end > len(text):
            continue
        if start > cursor:
            out.append(Segment(text[cursor:start]))
        out.append(Segment(text[start:end], mark))
        cursor = end
    if cursor < len(text):
        out.append(Segment(text[cursor:]))
    return out
