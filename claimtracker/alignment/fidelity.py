"""The second axis of a verdict: was the passage reported faithfully?

The scale is configurable like the rating scale (the ``FIDELITY`` setting); this is the
default, and :func:`suggest_fidelity` proposes a value from the alignment for a reviewer
to confirm or change. It never proposes "Out of context" or "Misattributed": those need a
reader of both texts, not a word count.
"""

from __future__ import annotations

from claimtracker.alignment.diff import Comparison
from claimtracker.alignment.passage import SourcePassage

ACCURATE = "accurate"
ALTERED = "altered"
OUT_OF_CONTEXT = "out-of-context"
MISATTRIBUTED = "misattributed"
SOURCE_REVERSED = "source-reversed"
FABRICATED = "fabricated"
NOT_ASSESSED = "not-assessed"

#: (value, label, what it means), in the order the desk offers them.
FIDELITY_SCALE: list[tuple[str, str, str]] = [
    (ACCURATE, "Accurate", "Quoted or reported as said."),
    (ALTERED, "Altered", "The wording was changed in a way that matters."),
    (OUT_OF_CONTEXT, "Out of context", "Accurate words that mean something else where they stood."),
    (MISATTRIBUTED, "Misattributed", "Said or written by someone other than the one named."),
    (SOURCE_REVERSED, "Source reversed", "The outlet says the opposite of its cited source."),
    (FABRICATED, "Fabricated", "No trace of it in the cited source."),
    (NOT_ASSESSED, "Not assessed", "Faithfulness was not judged."),
]

_MINOR = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "by",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "it",
        "its",
        "that",
        "this",
        "has",
        "have",
        "had",
    ]
)


def suggest_fidelity(found: SourcePassage | None, comparison: Comparison | None) -> str:
    """The fidelity value the alignment suggests: "fabricated" when no source passage was
    found, "source-reversed" when a negation or an antonym flipped, "altered" when a number
    or a word that carries meaning changed, otherwise "accurate"."""
    if found is None or comparison is None:
        return FABRICATED
    if comparison.flips:
        return SOURCE_REVERSED
    if comparison.numbers:
        return ALTERED
    meaningful = [
        w for w in comparison.removed_words + comparison.added_words if w.lower() not in _MINOR
    ]
    return ALTERED if meaningful else ACCURATE
