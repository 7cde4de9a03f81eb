"""How an outlet's passage differs from its source's, word by word (``difflib``).

The edit goes from the source (what was said first) to the outlet (what it became):
words *removed* were in the source only, words *added* are in the outlet's passage only,
words *changed* stand in one for the other. On top of the plain edit it names what
changes meaning: numbers that differ ("63" / "61") and flips, where one side denies what the
other asserts (a negation added or dropped) or uses the opposite word ("allowed" /
"prohibited").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Literal

from claimtracker.alignment.antonyms import NEGATIONS, are_antonyms, stem
from claimtracker.alignment.words import NUMBER, Token, tokenize

EQUAL, REMOVED, ADDED = "=", "-", "+"
ChangeKind = Literal["changed", "added", "removed"]


@dataclass(frozen=True)
class Change:
    """One edit: ``source`` words became ``article`` words (either may be empty)."""

    kind: ChangeKind
    source: str
    article: str


@dataclass(frozen=True)
class NumberChange:
    """A number in the source that the outlet gives differently."""

    source: str
    article: str


@dataclass(frozen=True)
class Flip:
    """The outlet says the opposite: ``kind`` "antonym" (``source`` and ``article`` are the
    two words) or "negation" (one side has the negating word, the other has none)."""

    kind: Literal["antonym", "negation"]
    source: str
    article: str


@dataclass(frozen=True)
class Comparison:
    """The word-level difference between a source passage and the outlet's passage.

    ``source_runs`` and ``article_runs`` are (op, text) runs that join back into each
    passage exactly, op "=" for shared text, "-" for text only the source has, "+" for text
    only the outlet has: what the two side-by-side passages mark with ``<del>``/``<ins>``.
    """

    source_runs: list[tuple[str, str]]
    article_runs: list[tuple[str, str]]
    changes: list[Change] = field(default_factory=list)
    numbers: list[NumberChange] = field(default_factory=list)
    flips: list[Flip] = field(default_factory=list)

    @property
    def identical(self) -> bool:
        """True when the two passages have the same words (case and marks aside)."""
        return not self.changes

    @property
    def removed_words(self) -> list[str]:
        """Every source word the outlet dropped or replaced, in order."""
        return [w for c in self.changes for w in c.source.split()]

    @property
    def added_words(self) -> list[str]:
        """Every word the outlet added or put in place of a source word, in order."""
        return [w for c in self.changes for w in c.article.split()]


def _runs(text: str, tokens: list[Token], marked: list[bool], op: str) -> list[tuple[str, str]]:
    """``text`` cut into runs, a token's run being ``op`` when marked and "=" otherwise;
    the whitespace between two marked tokens stays inside the mark."""
    runs: list[tuple[str, str]] = []
    pos = 0
    for i, token in enumerate(tokens):
        kind = op if marked[i] else EQUAL
        gap_kind = op if marked[i] and i > 0 and marked[i - 1] else EQUAL
        for piece_kind, piece in ((gap_kind, text[pos : token.start]), (kind, token.text)):
            if not piece:
                continue
            if runs and runs[-1][0] == piece_kind:
                runs[-1] = (piece_kind, runs[-1][1] + piece)
            else:
                runs.append((piece_kind, piece))
        pos = token.end
    if pos < len(text):
        if runs and runs[-1][0] == EQUAL:
            runs[-1] = (EQUAL, runs[-1][1] + text[pos:])
        else:
            runs.append((EQUAL, text[pos:]))
    return runs


# words between a negation and what it negates ("did not *take* any", "is not a *crime*",
# "have not yet *detected*")
_LINKING = frozenset(
    [
        "be",
        "been",
        "being",
        "is",
        "are",
        "was",
        "were",
        "a",
        "an",
        "the",
        "any",
        "to",
        "yet",
        "even",
        "ever",
        "just",
        "really",
        "always",
        "necessarily",
        "quite",
        "so",
    ]
)


def _negated(words: list[str], at: int) -> list[str]:
    """The word a negation at ``words[at]`` bears on, linking words skipped (none when the
    negation ends the passage)."""
    return [w for w in words[at + 1 :] if w not in _LINKING and w not in NEGATIONS][:1]


def _flips(
    old: list[Token], new: list[Token], old_all: list[str], new_all: list[str], at: int, bt: int
) -> list[Flip]:
    """Flips in one change: ``old`` source words became ``new`` outlet words; ``old_all`` and
    ``new_all`` are both passages' words, the change starting at ``at`` and ``bt`` in them.
    A negation dropped or added is a flip only when what it bears on is still there on the
    other side ("did not approve" / "approved"); a negated clause the outlet left out
    altogether is an omission, not a reversal."""
    found: list[Flip] = []
    old_words = [t.key for t in old if t.is_word]
    new_words = [t.key for t in new if t.is_word]
    for a in old_words:
        for b in new_words:
            if are_antonyms(a, b):
                found.append(Flip("antonym", a, b))
    old_stems = {stem(w) for w in old_all}
    new_stems = {stem(w) for w in new_all}
    lost = [
        w
        for i, w in enumerate(old_words)
        if w in NEGATIONS
        and w not in new_words
        and any(stem(n) in new_stems for n in _negated(old_all, at + i))
    ]
    gained = [
        w
        for i, w in enumerate(new_words)
        if w in NEGATIONS
        and w not in old_words
        and any(stem(n) in old_stems for n in _negated(new_all, bt + i))
    ]
    if lost and not gained and not found:
        found.append(Flip("negation", lost[0], ""))
    if gained and not lost and not found:
        found.append(Flip("negation", "", gained[0]))
    return found


def compare(source: str, article: str) -> Comparison:
    """The word-level difference from ``source`` (the cited passage) to ``article`` (the
    outlet's passage): runs for both sides, the changes, the numbers and the flips.
    Case, curly apostrophes and punctuation do not count as a difference."""
    old, new = tokenize(source), tokenize(article)
    old_words = [t for t in old if t.is_word]
    new_words = [t for t in new if t.is_word]
    matcher = SequenceMatcher(
        None, [t.key for t in old_words], [t.key for t in new_words], autojunk=False
    )
    old_marked = [False] * len(old_words)
    new_marked = [False] * len(new_words)
    changes: list[Change] = []
    numbers: list[NumberChange] = []
    flips: list[Flip] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        for i in range(i1, i2):
            old_marked[i] = True
        for j in range(j1, j2):
            new_marked[j] = True
        before, after = old_words[i1:i2], new_words[j1:j2]
        kind: ChangeKind = {"replace": "changed", "delete": "removed", "insert": "added"}[tag]  # type: ignore[assignment]
        changes.append(
            Change(kind, " ".join(t.text for t in before), " ".join(t.text for t in after))
        )
        old_numbers = [t.text for t in before if NUMBER.fullmatch(t.text)]
        new_numbers = [t.text for t in after if NUMBER.fullmatch(t.text)]
        for a, b in zip(old_numbers, new_numbers, strict=False):
            numbers.append(NumberChange(a, b))
        flips.extend(
            _flips(
                before,
                after,
                [t.key for t in old_words],
                [t.key for t in new_words],
                i1,
                j1,
            )
        )
    return Comparison(
        source_runs=_runs(source, old_words, old_marked, REMOVED),
        article_runs=_runs(article, new_words, new_marked, ADDED),
        changes=changes,
        numbers=numbers,
        flips=flips,
    )
