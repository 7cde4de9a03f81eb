"""What the two alignment measures share (alignment_eval.py on the constructed pairs,
real_pairs_eval.py on the real ones): the labelled pairs' file, how a found span is held
against the labelled passage, how words are compared, one outcome a pair and the figures
printed for each split. Each measure keeps its own rule for which words must be marked."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimtracker.alignment import SourcePassage

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
#: The share of the two spans' union the found span must have in common with the label.
OVERLAP = 0.7
SPLITS = ("tune", "held", "fresh", "all")


def load_pairs(path: Path) -> list[dict[str, Any]]:
    """The labelled pairs of a pairs.json, in file order."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return list(data["pairs"])


def key(word: str) -> str:
    """A word as compared: case folded, curly apostrophes straightened."""
    return word.casefold().replace("’", "'")


def overlaps(lo: int, hi: int, found: SourcePassage) -> bool:
    """Whether ``found`` covers ``source[lo:hi]`` (a labelled passage) by OVERLAP of the
    two spans' union (character offsets)."""
    union = max(hi, found.end) - min(lo, found.start)
    common = max(0, min(hi, found.end) - max(lo, found.start))
    return common / union >= OVERLAP


@dataclass(frozen=True)
class Outcome:
    """What the alignment did on one pair, and what of it was right. ``strict_words_right``
    is for a measure whose ``words_right`` leaves function words aside (None: it does not)."""

    pair: dict[str, Any]
    found: str | None
    passage_right: bool
    words_right: bool
    fidelity: str
    strict_words_right: bool | None = None

    @property
    def right(self) -> bool:
        return self.passage_right and self.words_right

    @property
    def strictly_right(self) -> bool:
        strict = self.words_right if self.strict_words_right is None else self.strict_words_right
        return self.passage_right and strict


def print_figures(measure: Callable[[str], list[Outcome]], *, strict: bool = False) -> None:
    """Print each split's figures: right, passage found, (strictly right,) fidelity agreed."""
    for name in SPLITS:
        outcomes = measure(name)
        strictly = f"strict {sum(o.strictly_right for o in outcomes)}, " if strict else ""
        print(
            f"{name}: {sum(o.right for o in outcomes)}/{len(outcomes)} right "
            f"(passage {sum(o.passage_right for o in outcomes)}, {strictly}fidelity suggested "
            f"{sum(o.fidelity == o.pair['fidelity'] for o in outcomes)}/{len(outcomes)})"
        )
