"""Reading a passage for matching: cleaning, words, numbers, names, negation (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+", re.IGNORECASE)
# A quoted tweet's trailer: "— Ilhan Omar (@IlhanMN) January 6, 2020".
_TWEET_TAIL = re.compile(r"\s[—–-]+\s*[^—–]{0,80}\(@\w+\)\s*\w+\s+\d{1,2},\s*\d{4}\s*$")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(\s*(?:%|percent|per cent))?")
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "hundred": 100, "half": 0.5, "dozen": 12,
}  # fmt: skip
_NEGATION_WORDS = """not no never none nobody nothing neither nor without cannot can't won't don't
doesn't didn't isn't aren't wasn't weren't hasn't haven't hadn't shouldn't wouldn't
couldn't false fake hoax debunked denies denied deny"""
_NEGATIONS = frozenset(_NEGATION_WORDS.split())
_STOP_WORDS = """a an the and or but of to in on at for with by from as is are was were be been
being has have had it its this that these those will would can could should may might must
than then there their they them he she his her him we our us you your i my me about
into over after before said says say just so if do does did what who whom which when
where why how all any some more most other such only own same too very s t also out
up rt amp via new now one get got like"""
STOPWORDS = frozenset(_STOP_WORDS.split())
_MONTH_WORDS = (
    "january february march april may june july august september october november december"
)
_MONTHS = frozenset(_MONTH_WORDS.split())


# A hashtag or handle: "#FreeIran2020", "@realDonaldTrump" (not an e-mail's "@").
_TAG = re.compile(r"(?<![\w@#])[#@]([^\W_][\w]*)")
# Where a run of words written as one breaks: "freeIran", "IRANProtests", "Iran2020".
_CAMEL = re.compile(
    r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])"
)


def _split_tag(match: re.Match[str]) -> str:
    return " ".join(_CAMEL.sub(" ", match.group(1)).replace("_", " ").split())


_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'"})
# A single quote that is not an apostrophe (not inside a word): a quotation mark.
_SINGLE_QUOTE = re.compile(r"(?<![^\W_])'|'(?![^\W_])")


def clean(text: str) -> str:
    """The passage without links, a tweet's trailer or extra whitespace; hashtags and
    handles become the words they run together ("#FreeIran2020" -> "Free Iran 2020"),
    and every quotation mark is one kind (") — the same words quoted 'so', “so” or "so"
    are the same claim, and should read the same to the encoder."""
    text = _URL.sub(" ", text or "")
    text = _TWEET_TAIL.sub("", text)
    text = _TAG.sub(_split_tag, text)
    text = _SINGLE_QUOTE.sub('"', text.translate(_QUOTES))
    return " ".join(text.split())


def words(text: str) -> list[str]:
    """Lower-case words, apostrophes kept inside words."""
    return [w.replace("’", "'") for w in _WORD.findall(text.lower())]


def stem(word: str) -> str:
    """A crude suffix stripper: enough to make "claims"/"claimed"/"claiming" meet."""
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> set[str]:
    """Stemmed words that carry meaning (no stop words, no negations)."""
    return {stem(w) for w in words(text) if w not in STOPWORDS and w not in _NEGATIONS}


def numbers(text: str) -> set[float]:
    """Quantities written in the passage ("3.5 million", "40%", "1,200", "twelve");
    years are left to :func:`years`."""
    found: set[float] = set()
    lowered = text.lower()
    for match in _NUMBER.finditer(lowered):
        whole, fraction, _percent = match.groups()
        value = float(whole.replace(",", "") + ("." + fraction if fraction else ""))
        after = _WORD.findall(lowered[match.end() : match.end() + 12])
        if after and after[0] in _SCALE:
            value *= _SCALE[after[0]]
        if not fraction and 1800 <= value <= 2100 and "," not in whole:
            continue
        found.add(value)
    for word in words(text):
        if word in _NUMBER_WORDS:
            found.add(float(_NUMBER_WORDS[word]))
    return found


def years(text: str) -> set[int]:
    """Four-digit years (1800–2100) named in the passage."""
    return {int(y) for y in re.findall(r"(?<![\d,.])(1[89]\d\d|20\d\d|2100)(?![\d,])", text)}


def names(text: str) -> set[str]:
    """Capitalised words not at a sentence's start, lower-cased (people, places, bodies)."""
    found: set[str] = set()
    for sentence in re.split(r"[.!?:\"“”]\s+", text):
        tokens = _WORD.findall(sentence)
        for token in tokens[1:]:
            lowered = token.lower()
            if token[:1].isupper() and len(token) > 1 and lowered not in STOPWORDS | _MONTHS:
                found.add(lowered)
    return found


def negated(text: str) -> bool:
    """Whether the passage negates or denies (an odd count of negations would be too clever:
    "not untrue" is rare in claims)."""
    return any(w in _NEGATIONS or w.endswith("n't") for w in words(text))


@dataclass(frozen=True)
class Reading:
    """What the features need from one passage, computed once."""

    text: str
    content: frozenset[str]
    numbers: frozenset[float]
    years: frozenset[int]
    names: frozenset[str]
    negated: bool


def read(text: str) -> Reading:
    """Read ``text`` once for every comparison it takes part in."""
    cleaned = clean(text)
    return Reading(
        cleaned,
        frozenset(content_words(cleaned)),
        frozenset(numbers(cleaned)),
        frozenset(years(cleaned)),
        frozenset(names(cleaned)),
        negated(cleaned),
    )


_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)\]]*\s+")


def sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` spans of the sentences of ``text``, paragraph by paragraph: each
    ends after its full stop, question or exclamation mark (a closing quotation mark stays
    outside), so ``text[start:end]`` is the sentence exactly as written."""
    spans: list[tuple[int, int]] = []
    for paragraph in re.finditer(r"[^\n]+", text or ""):
        base, chunk, pos = paragraph.start(), paragraph.group(), 0
        ends = [m.start() for m in _SENTENCE_END.finditer(chunk)]
        for end in [*ends, len(chunk)]:
            piece = chunk[pos:end]
            lead = len(piece) - len(piece.lstrip())
            if piece.strip():
                start = base + pos + lead
                spans.append((start, start + len(piece.strip())))
            found = _SENTENCE_END.match(chunk, end)
            pos = found.end() if found else end
    return spans
