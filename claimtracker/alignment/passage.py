"""Finding, in a source's text, the passage closest to what an outlet wrote.

Two steps, as a reviewer would do it: first the sentence (or run of sentences) that reads
most like the outlet's passage (``rapidfuzz`` scores every run of up to one sentence more
than the passage has), then, inside it, the words that line up with the passage's words
(``difflib``), so that a quoted fragment anchors to that fragment and not to the whole
sentence around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import pairwise

from rapidfuzz import fuzz

from claimtracker.alignment.antonyms import are_antonyms
from claimtracker.alignment.words import NUMBER, Token, normalise, words
from claimtracker.ingest.attribution import sentence_breaks

#: Below this score (0-100, rapidfuzz's ratio of the two passages' words) the source holds
#: no trace of the passage: "Fabricated", not a changed version of something it says.
MINIMUM_SCORE = 50.0
# a lone matching word this many words away from the rest is a stray, not part of the passage
_STRAY_GAP = 3
# two words this close (0-100) may be one word changed ("murder" / "murders")
_LOOK_ALIKE = 70.0
# scores this close (0-100) are a tie
_TIE = 1.0
# an outlet's own words at an edge may replace this many more source words of the phrase
_PHRASE_SLACK = 2
# between two words: the end of a clause (a full stop only when a space follows: "U.S.")
_CLAUSE_GAP = re.compile(r"[,;:()\[\]\"“”‘’—–]|\s-\s|[.!?](?=\s)|\n")
_CONJUNCTIONS = frozenset(["and", "but", "or"])
# a line of text: a line break before a lower-case letter is a hard wrap, not an end
_LINE = re.compile(r"(?:[^\n]|\n(?=[ \t]*[a-z]))+")


@dataclass(frozen=True)
class SourcePassage:
    """The passage found in the source: ``source[start:end]`` and how close it is (0-100)."""

    start: int
    end: int
    text: str
    score: float


def _wrapped(text: str, at: int) -> bool:
    """Whether the sentence break found at ``at`` is only a hard wrap: one line break, no
    full stop before it, and a lower-case letter after it."""
    before = at
    while before > 0 and text[before - 1] in " \t\n":
        before -= 1
    return (
        at < len(text)
        and text[at].islower()
        and text.count("\n", before, at) == 1
        and text[before - 1 : before] not in (".", "!", "?")
    )


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, surrounding whitespace left out; a line
    break ends a sentence, except a hard wrap: a single line break before a lower-case
    letter, as in a court filing or a plain-text e-mail, is a space."""
    starts = sorted({0, *(b for b in sentence_breaks(text, 0, len(text)) if not _wrapped(text, b))})
    spans: list[tuple[int, int]] = []
    for lo, hi in zip(starts, [*starts[1:], len(text)], strict=True):
        for line in _LINE.finditer(text[lo:hi]):
            a, b = lo + line.start(), lo + line.end()
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if a < b:
                spans.append((a, b))
    return spans


def _window_score(target: str, window: str) -> float:
    """How well ``window`` (a run of source sentences) holds ``target`` (both normalised):
    the whole-text ratio, or, when the target is the shorter, its best-matching fragment
    (lightly discounted, so that an equally good whole match wins)."""
    whole = fuzz.ratio(target, window)
    if len(target) < len(window):
        return max(whole, 0.95 * fuzz.partial_ratio(target, window))
    return whole


def _best_window(passage: str, source: str) -> tuple[int, int] | None:
    target = normalise(passage)
    spans = sentence_spans(source)
    if not target or not spans:
        return None
    longest = len(sentence_spans(passage)) + 1
    best: tuple[float, int, int] | None = None
    for i in range(len(spans)):
        for k in range(1, longest + 1):
            if i + k > len(spans):
                break
            lo, hi = spans[i][0], spans[i + k - 1][1]
            score = _window_score(target, normalise(source[lo:hi]))
            # a near-tie goes to the shorter run: a sentence that holds the passage holds it
            # as well as that sentence with its neighbour
            if (
                best is None
                or score > best[0] + _TIE
                or (score >= best[0] - _TIE and hi - lo < best[2] - best[1])
            ):
                best = (score, lo, hi)
    return None if best is None else (best[1], best[2])


def _look_alike(a: Token, b: Token) -> bool:
    """Whether source word ``a`` could be what the outlet changed into ``b``."""
    if NUMBER.fullmatch(a.text) and NUMBER.fullmatch(b.text):
        return True
    return are_antonyms(a.key, b.key) or fuzz.ratio(a.key, b.key) >= _LOOK_ALIKE


def _rematched_edges(
    passage: list[Token], window: list[Token], lo: int, hi: int, first_b: int, last_b: int
) -> tuple[int, int, int, int]:
    """The span (lo, hi) grown over passage words at either edge that the first match missed
    because it lined them up with the same word farther away ("photos ... photos"): each
    edge is matched again against the few source words just outside the span. Returns the
    new (lo, hi) and the passage indexes of the first and last words now matched."""
    lead = passage[:first_b]
    if lead and lo > 0:
        start = max(0, lo - len(lead) - _STRAY_GAP)
        region = window[start:lo]
        matcher = SequenceMatcher(
            None, [t.key for t in region], [t.key for t in lead], autojunk=False
        )
        found = [b for b in matcher.get_matching_blocks() if b.size]
        if found:
            lo, first_b = start + found[0].a, found[0].b
    tail = passage[last_b + 1 :]
    if tail and hi < len(window) - 1:
        region = window[hi + 1 : hi + 1 + len(tail) + _STRAY_GAP]
        matcher = SequenceMatcher(
            None, [t.key for t in region], [t.key for t in tail], autojunk=False
        )
        found = [b for b in matcher.get_matching_blocks() if b.size]
        if found:
            end = found[-1]
            hi, last_b = hi + 1 + end.a + end.size - 1, last_b + 1 + end.b + end.size - 1
    return lo, hi, first_b, last_b


def _phrase_start(
    lo: int, budget: int, window: list[Token], gaps: list[str], starts: set[int]
) -> int:
    """Where the source phrase that ``window[lo]`` is in begins, when the outlet has
    ``budget`` words of its own before it: the start of the sentence (``starts`` holds the
    indexes of words that begin one) if it is that near, else the start of the clause (after
    a comma, a dash, a quote, "and"), else ``lo``."""
    sentence = lo
    while sentence > 0 and sentence not in starts:
        sentence -= 1
    if 0 < lo - sentence <= budget:
        return sentence
    clause = lo
    while (
        clause > 0
        and not _CLAUSE_GAP.search(gaps[clause - 1])
        and window[clause - 1].key not in _CONJUNCTIONS
    ):
        clause -= 1
    return clause if 0 < lo - clause <= budget else lo


def _phrase_end(hi: int, budget: int, window: list[Token], gaps: list[str]) -> int:
    """Where the clause that ``window[hi]`` is in ends (before a comma, a dash, a full stop,
    "and"), when the outlet has ``budget`` words of its own after it; else ``hi``. Unlike
    the start, the end never runs on past a clause: what follows a comma at the end of a
    sentence is most often another statement ("..., and the photographer believes ...")."""
    last = len(window) - 1
    clause = hi
    while (
        clause < last
        and not _CLAUSE_GAP.search(gaps[clause])
        and window[clause + 1].key not in _CONJUNCTIONS
    ):
        clause += 1
    return clause if 0 < clause - hi <= budget else hi


def _aligned_words(
    passage: list[Token],
    window: list[Token],
    gaps: list[str] | None = None,
    starts: set[int] | None = None,
) -> tuple[int, int] | None:
    """Indexes (first, last) of the window's words that line up with the passage's words.
    ``gaps[i]`` is the source text between ``window[i]`` and ``window[i + 1]`` (spaces
    when not given): it tells where clauses end; ``starts`` holds the indexes of the words
    that begin a sentence (only the first, when not given)."""
    if gaps is None:
        gaps = [" "] * max(0, len(window) - 1)
    if starts is None:
        starts = {0}
    matcher = SequenceMatcher(
        None, [t.key for t in window], [t.key for t in passage], autojunk=False
    )
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks:
        return None

    def stray(block_index: int, neighbour: int) -> bool:
        block, other = blocks[block_index], blocks[neighbour]
        lone = block.size == 1
        gap = abs(other.a - block.a) - (block.size if other.a > block.a else other.size)
        return lone and gap > _STRAY_GAP

    while len(blocks) > 1 and stray(0, 1):
        blocks.pop(0)
    while len(blocks) > 1 and stray(len(blocks) - 1, len(blocks) - 2):
        blocks.pop()
    first, last = blocks[0], blocks[-1]
    lo, hi = first.a, last.a + last.size - 1
    lo, hi, first_b, last_b = _rematched_edges(
        passage, window, lo, hi, first.b, last.b + last.size - 1
    )
    # passage words at either edge that the window does not have may stand for source
    # words the outlet changed: take the source words there that look like them (a number
    # for a number, an antonym, a near spelling), so that "61" is found where it says "63"
    lead, tail = first_b, len(passage) - 1 - last_b
    lo_new = lo
    for i in range(1, min(lead, lo) + 1):
        if _look_alike(window[lo - i], passage[lead - i]):
            lo_new = lo - i
    hi_new = hi
    for i in range(1, min(tail, len(window) - 1 - hi) + 1):
        if _look_alike(window[hi + i], passage[len(passage) - tail - 1 + i]):
            hi_new = hi + i
    # edge words of the outlet's that still match nothing stand for the source's words up
    # to the end of the phrase they replaced ("They found" for "Finnish researchers found",
    # "that protected property" for "the prison")
    if lo_new == lo and lead:
        lo_new = _phrase_start(lo, lead + _PHRASE_SLACK, window, gaps, starts)
    if hi_new == hi and tail:
        hi_new = _phrase_end(hi, tail + _PHRASE_SLACK, window, gaps)
    return lo_new, hi_new


def similarity(a: str, b: str) -> float:
    """How alike two passages are (0-100): the mean of rapidfuzz's ratio over their
    characters and over their words, so that shared letters alone (any two English
    sentences share many) do not make unrelated passages look alike."""
    wa, wb = [t.key for t in words(a)], [t.key for t in words(b)]
    if not wa or not wb:
        return 0.0
    return (fuzz.ratio(" ".join(wa), " ".join(wb)) + fuzz.ratio(wa, wb)) / 2


def find_passage(
    passage: str, source: str, *, minimum: float = MINIMUM_SCORE
) -> SourcePassage | None:
    """The passage of ``source`` closest to ``passage`` (what the outlet wrote), or None when
    nothing there scores ``minimum`` or more (0-100)."""
    window = _best_window(passage, source)
    if window is None:
        return None
    lo, hi = window
    window_words = [Token(t.text, t.start + lo, t.end + lo) for t in words(source[lo:hi])]
    gaps = [source[a.end : b.start] for a, b in pairwise(window_words)]
    sentence_starts = {a for a, _ in sentence_spans(source[lo:hi])}
    starts = {i for i, t in enumerate(window_words) if t.start - lo in sentence_starts}
    aligned = _aligned_words(words(passage), window_words, gaps, starts)
    if aligned is None:
        return None
    start, end = window_words[aligned[0]].start, window_words[aligned[1]].end
    # a currency sign belongs to its number
    if start > 0 and source[start - 1] in "$£€¥":
        start -= 1
    # closing punctuation the passage ends with (a full stop, a closing quote) comes too
    ending = passage.rstrip()[-1:]
    if ending in ".!?" and end < len(source) and source[end] in ".!?":
        end += 1
    text = source[start:end]
    score = similarity(passage, text)
    if score < minimum:
        return None
    return SourcePassage(start=start, end=end, text=text, score=round(score, 1))
