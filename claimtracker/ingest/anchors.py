"""Quote anchors: W3C TextQuoteSelector + TextPositionSelector, built and re-located (pure).

Re-locating an anchor in a (possibly changed) text gives one of three answers:

* ``verbatim`` – the exact text is still there, perhaps re-flowed (the position and
  context disambiguate repeats);
* ``altered``  – the passage between the anchor's own prefix and suffix changed;
* ``missing``  – neither.

It never snaps to a look-alike passage elsewhere: "altered" needs the original context
on both sides, so a similar sentence in another paragraph is not taken for the quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from claimtracker.i18n import N_, Message

CONTEXT_CHARS = 32


@dataclass(frozen=True)
class TextQuoteSelector:
    exact: str
    prefix: str = ""
    suffix: str = ""

    def as_json(self) -> dict[str, str]:
        return {
            "type": "TextQuoteSelector",
            "exact": self.exact,
            "prefix": self.prefix,
            "suffix": self.suffix,
        }


@dataclass(frozen=True)
class TextPositionSelector:
    start: int
    end: int

    def as_json(self) -> dict[str, int | str]:
        return {"type": "TextPositionSelector", "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Anchor:
    quote: TextQuoteSelector
    position: TextPositionSelector


@dataclass(frozen=True)
class Located:
    status: str  # "verbatim" | "altered" | "missing"
    start: int | None = None
    end: int | None = None


class AnchorError(ValueError):
    """The passage cannot be anchored in the text."""


def build(text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> Anchor:
    """Anchor ``text[start:end]`` with ``context`` characters of prefix and suffix."""
    if not (0 <= start < end <= len(text)):
        raise AnchorError(
            Message(
                N_("offsets %(start)s..%(end)s fall outside the text"),
                start=str(start),
                end=str(end),
            )
        )
    quote = TextQuoteSelector(
        exact=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
    )
    return Anchor(quote, TextPositionSelector(start, end))


def _occurrences(text: str, needle: str) -> list[int]:
    found, i = [], text.find(needle)
    while i != -1:
        found.append(i)
        i = text.find(needle, i + 1)
    return found


def _normalise_ws(s: str) -> str:
    return " ".join(s.split())


def anchor_passage(text: str, passage: str, near: int | None = None) -> Anchor:
    """Anchor a pasted passage in ``text``.

    Surrounding whitespace is ignored and runs of whitespace may differ from the text's.
    With several occurrences, the one nearest ``near`` (or the first) is used.
    Raises AnchorError when the passage is not in the text.
    """
    passage = passage.strip()
    if not passage:
        raise AnchorError(Message(N_("the passage is empty")))
    starts = _occurrences(text, passage)
    if starts:
        start = min(starts, key=lambda s: abs(s - near)) if near is not None else starts[0]
        return build(text, start, start + len(passage))
    # Retry allowing any whitespace run, mapping back to offsets in the original text.
    words = passage.split()
    pattern = r"\s+".join(re.escape(w) for w in words)
    match = re.search(pattern, text)
    if match:
        return build(text, match.start(), match.end())
    raise AnchorError(Message(N_("the passage does not occur in the article text")))


def _context_score(text: str, start: int, end: int, quote: TextQuoteSelector) -> int:
    score = 0
    if quote.prefix and text[max(0, start - len(quote.prefix)) : start] == quote.prefix:
        score += 2
    if quote.suffix and text[end : end + len(quote.suffix)] == quote.suffix:
        score += 2
    return score


def locate(
    text: str, quote: TextQuoteSelector, position: TextPositionSelector | None = None
) -> Located:
    """Find the anchored passage in ``text`` and say whether it is verbatim, altered or missing."""
    if not text or not quote.exact:
        return Located("missing")
    starts = _occurrences(text, quote.exact)
    if starts:
        # Prefer the occurrence with matching context, then the one nearest the old offset.
        def key(s: int) -> tuple[int, int]:
            distance = abs(s - position.start) if position else s
            return (-_context_score(text, s, s + len(quote.exact), quote), distance)

        best = min(starts, key=key)
        return Located("verbatim", best, best + len(quote.exact))
    spaced = _locate_respaced(text, quote, position)
    return spaced or _locate_altered(text, quote)


def _locate_respaced(
    text: str, quote: TextQuoteSelector, position: TextPositionSelector | None
) -> Located | None:
    """The same words with different whitespace (a re-extracted page often re-flows
    paragraphs) are still verbatim: the words a reader sees did not change."""
    words = quote.exact.split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    matches = [(m.start(), m.end()) for m in pattern.finditer(text)]
    if not matches:
        return None
    prefix, suffix = _normalise_ws(quote.prefix)[-16:], _normalise_ws(quote.suffix)[:16]

    def key(span: tuple[int, int]) -> tuple[int, int]:
        before = _normalise_ws(text[max(0, span[0] - 2 * CONTEXT_CHARS) : span[0]])
        after = _normalise_ws(text[span[1] : span[1] + 2 * CONTEXT_CHARS])
        score = 2 * bool(prefix and before.endswith(prefix)) + 2 * bool(
            suffix and after.startswith(suffix)
        )
        return (-score, abs(span[0] - position.start) if position else span[0])

    start, end = min(matches, key=key)
    return Located("verbatim", start, end)


def _locate_altered(text: str, quote: TextQuoteSelector) -> Located:
    """The passage is altered when its own prefix and suffix still bracket a similar span."""
    # Short contexts (quote at the very start/end of the text) still have to match.
    prefix = quote.prefix[-16:]
    suffix = quote.suffix[:16]
    if not prefix and not suffix:
        return Located("missing")
    limit = max(2 * len(quote.exact), len(quote.exact) + 80)
    candidates: list[tuple[float, int, int]] = []
    prefix_ends = [p + len(prefix) for p in _occurrences(text, prefix)] if prefix else [0]
    for start in prefix_ends:
        if suffix:
            end = text.find(suffix, start)
            if end == -1 or end - start > limit:
                continue
        else:
            end = len(text)
            if end - start > limit:
                continue
        ratio = SequenceMatcher(None, quote.exact, text[start:end], autojunk=False).ratio()
        if ratio >= 0.5:
            candidates.append((ratio, start, end))
    if not candidates:
        return Located("missing")
    _, start, end = max(candidates)
    return Located("altered", start, end)
