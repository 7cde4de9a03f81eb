"""Measure the source alignment on real pairs: tests/fixtures/alignment/real/pairs.json.

Every pair there is a passage an outlet published and the text of the source it cites, both
captured (see real/SOURCES.md). Run ``python -m tests.alignment.real_pairs_eval`` to print the
figures of each split and the misses of the tuning split only (held-aside and fresh misses
are not printed: they would invite tuning); test_alignment_real_pairs.py holds the thresholds.

A pair counts as **right** when both hold:

* the right source passage is found: the found span overlaps the labelled passage by at
  least 70% of the two spans' union (character offsets);
* the changed words are marked: the content words the diff marks removed and added are
  exactly the labelled ones (function words such as "the", "is", "they" left aside, see
  ``STOPWORDS``; negations and modals count), and a flip is reported exactly when the label
  has one (and numbers that differ exactly as labelled).

``strict`` is also reported: every marked word, function words included, must be the
labelled one. Function words can be lined up in more than one equally short edit, so the
strict figure is a floor, not the measure the issue asks for.
"""

from __future__ import annotations

import sys
from collections import Counter
from typing import Any

from claimtracker.alignment import compare, find_passage, suggest_fidelity
from tests.alignment.scoring import FIXTURES, Outcome, key, load_pairs, overlaps, print_figures

PAIRS = FIXTURES / "alignment" / "real" / "pairs.json"

#: Function words: articles, pronouns, auxiliaries, common prepositions and conjunctions.
#: Negations, modals ("may", "would"), quantities ("more", "any", "all") and direction words
#: carry meaning and are not here.
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "i",
        "me",
        "my",
        "we",
        "us",
        "our",
        "you",
        "your",
        "he",
        "him",
        "his",
        "she",
        "her",
        "hers",
        "it",
        "its",
        "they",
        "them",
        "their",
        "who",
        "whom",
        "whose",
        "which",
        "what",
        "where",
        "when",
        "there",
        "here",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "am",
        "has",
        "have",
        "had",
        "having",
        "do",
        "does",
        "did",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "into",
        "about",
        "and",
        "or",
        "but",
        "if",
        "whether",
        "than",
        "so",
        "also",
    ]
)


def pairs() -> list[dict[str, Any]]:
    """The labelled real pairs, in file order."""
    return load_pairs(PAIRS)


def source_text(pair: dict[str, Any]) -> str:
    """The cited source's stored text."""
    return (FIXTURES / "alignment" / pair["source"]["file"]).read_text(encoding="utf-8")


def content(words: list[str]) -> Counter[str]:
    """The multiset of ``words`` without function words."""
    return Counter(k for k in map(key, words) if k not in STOPWORDS)


def judge(pair: dict[str, Any]) -> Outcome:
    """Run the alignment on one pair and say what it got right."""
    source = source_text(pair)
    found = find_passage(pair["article"], source)
    if found is None:
        return Outcome(pair, None, False, False, suggest_fidelity(None, None), False)
    lo = source.find(pair["passage"])
    comparison = compare(found.text, pair["article"])
    same_meaning_marks = [[n.source, n.article] for n in comparison.numbers] == pair[
        "numbers"
    ] and bool(comparison.flips) == pair["flip"]
    return Outcome(
        pair=pair,
        found=found.text,
        passage_right=overlaps(lo, lo + len(pair["passage"]), found),
        words_right=same_meaning_marks
        and content(comparison.removed_words) == content(pair["content_removed"])
        and content(comparison.added_words) == content(pair["content_added"]),
        strict_words_right=same_meaning_marks
        and Counter(map(key, comparison.removed_words)) == Counter(map(key, pair["removed"]))
        and Counter(map(key, comparison.added_words)) == Counter(map(key, pair["added"])),
        fidelity=suggest_fidelity(found, comparison),
    )


def measure(split: str) -> list[Outcome]:
    """Outcomes for the "tune", "held" or "fresh" pairs, or "all"."""
    return [judge(p) for p in pairs() if split in ("all", p["split"])]


def main(argv: list[str]) -> None:
    """Print the figures of each split, then the misses of the tuning split."""
    print_figures(measure, strict=True)
    show = argv[0] if argv else "tune"
    if show != "tune":
        return  # held-aside and fresh misses are not printed: they would invite tuning
    for o in measure("tune"):
        if o.right and o.strictly_right:
            continue
        print(
            f"- {o.pair['id']}: passage {o.passage_right} words {o.words_right} "
            f"strict {o.strict_words_right}; found {o.found!r}"
        )
        if o.found is not None:
            c = compare(o.found, o.pair["article"])
            print(f"    removed {c.removed_words} added {c.added_words} flips {c.flips}")


if __name__ == "__main__":
    main(sys.argv[1:])
