"""Measure the source alignment against the labelled pairs in tests/fixtures/alignment.

Run ``python -m tests.alignment.alignment_eval`` to print the figures of every split and
the misses of the tuning split (the held-aside and fresh splits' misses are not printed);
test_alignment_quality.py holds the thresholds.

A pair counts as **right** when both hold:

* the right source passage is found: the found span overlaps the labelled passage by at
  least 70% of the two spans' union (character offsets), or nothing is found where the
  label says the source holds no trace of it;
* the changed words are marked: the words the diff marks removed and added are exactly
  the labelled ones (case and apostrophe style aside), the numbers that differ are the
  labelled ones, and a flip is reported exactly when the label has one.

The fidelity the alignment suggests is counted separately.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from typing import Any

from claimtracker.alignment import compare, find_passage, suggest_fidelity
from tests.alignment.scoring import FIXTURES, Outcome, key, load_pairs, overlaps, print_figures

PAIRS = FIXTURES / "alignment" / "pairs.json"


def pairs() -> list[dict[str, Any]]:
    """The labelled pairs, in file order."""
    return load_pairs(PAIRS)


def source_text(pair: dict[str, Any]) -> str:
    """The cited source's full text: the inline excerpt, or a fixture's article body."""
    source = pair["source"]
    if "text" in source:
        return str(source["text"])
    if source["file"].endswith(".txt"):
        return (FIXTURES / source["file"]).read_text(encoding="utf-8")
    record = json.loads((FIXTURES / source["file"]).read_text(encoding="utf-8"))
    return str(next(iter(record.values()))["articleBody"])


def judge(pair: dict[str, Any]) -> Outcome:
    """Run the alignment on one pair and say what it got right."""
    source = source_text(pair)
    found = find_passage(pair["article"], source)
    expected = pair["passage"]
    if expected is None or found is None:
        passage_right = expected is None and found is None
        comparison = None
    else:
        # the labelled passage may stand in the source more than once: any copy is right
        passage_right = False
        lo = source.find(expected)
        while lo >= 0:
            passage_right = passage_right or overlaps(lo, lo + len(expected), found)
            lo = source.find(expected, lo + 1)
        comparison = compare(found.text, pair["article"])
    if comparison is None:
        words_right = found is None
    else:
        words_right = (
            Counter(map(key, comparison.removed_words)) == Counter(map(key, pair["removed"]))
            and Counter(map(key, comparison.added_words)) == Counter(map(key, pair["added"]))
            and [[n.source, n.article] for n in comparison.numbers] == pair["numbers"]
            and bool(comparison.flips) == pair["flip"]
        )
    return Outcome(
        pair=pair,
        found=None if found is None else found.text,
        passage_right=passage_right,
        words_right=words_right,
        fidelity=suggest_fidelity(found, comparison),
    )


def split_of(pair: dict[str, Any]) -> str:
    """ "tune", "held" (held aside when the set was first written) or "fresh" (written
    after the tuning, each labelled before the alignment was ever run on it)."""
    if pair.get("fresh"):
        return "fresh"
    return "held" if pair["held_out"] else "tune"


def measure(split: str) -> list[Outcome]:
    """Outcomes for the "tune", "held", "fresh" pairs, or "all"."""
    return [judge(p) for p in pairs() if split in ("all", split_of(p))]


def main(argv: list[str]) -> None:
    split = argv[0] if argv else "tune"
    print_figures(measure)
    if split != "tune":
        return  # misses of held-aside pairs are never printed: they would invite tuning
    for o in measure(split):
        if not o.right or o.fidelity != o.pair["fidelity"]:
            print(
                f"- {o.pair['id']}: passage {o.passage_right} words {o.words_right} "
                f"fidelity {o.fidelity} (want {o.pair['fidelity']}); found {o.found!r}"
            )
            if o.found is not None:
                c = compare(o.found, o.pair["article"])
                print(
                    f"    removed {c.removed_words} added {c.added_words} "
                    f"numbers {c.numbers} flips {c.flips}"
                )


if __name__ == "__main__":
    main(sys.argv[1:])
