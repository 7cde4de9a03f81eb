"""Suggesting what an article attributes a passage to, from the text around it.

"… on state property, The Blast reports." / "according to police" / "she wrote on
Instagram" / "As we previously reported": the nearest such phrase in the passage's own
sentence wins, then the sentences before it in the paragraph, then the end of the
paragraph before. The reviewer confirms or types their own; this only saves typing.
"""

from __future__ import annotations

import re

from claimtracker.alignment.passage import sentence_spans

_VERBS = (
    r"(?:reports|reported|says|said|writes|wrote|told|tells|reveals|revealed|notes|noted|"
    r"claims|claimed|confirmed|confirms|learned|has learned|first reported|tweeted|posted)"
)
_PLATFORMS = (
    r"(?:Instagram|Twitter|X|Facebook|TikTok|YouTube|Threads|Snapchat|social media|her blog|"
    r"his blog)"
)
_SOURCE_NAME = r"(?:[Tt]he\s+)?[A-Z][\w&.'’-]*(?:\s+(?:of\s+|de\s+)?[A-Z][\w&.'’-]*){0,5}"
_PRONOUN = r"(?:[Hh]e|[Ss]he|[Tt]hey|[Ww]e|I)"

_PATTERNS = [
    # "she wrote on Instagram", "Trump posted on Truth Social"
    re.compile(
        rf"(?<![\w’'])(?:{_PRONOUN}|{_SOURCE_NAME})\s+(?:wrote|posted|said|shared|tweeted|"
        rf"announced|captioned)(?:\s+\w+)?\s+on\s+{_PLATFORMS}"
    ),
    # "according to police", "according to The Blast", "according to court documents"
    re.compile(r"\b[Aa]ccording\s+to\s+(?:[\w’'-]+\s+){0,4}?[\w’'-]+(?=\s*[,.;:]|$)"),
    # "As we previously reported", "as TMZ first reported"
    re.compile(
        rf"\b[Aa]s\s+(?:{_PRONOUN}|{_SOURCE_NAME})\s+(?:previously\s+|first\s+|earlier\s+)?{_VERBS}"
    ),
    # "…, The Blast reports." at the end of a sentence
    re.compile(rf"(?<=,\s)(?:{_SOURCE_NAME})\s+{_VERBS}(?=\s*[.!?]?\s*$)"),
    # "The Blast reports that …", "Police said …" at the start of a sentence
    re.compile(rf"^(?:{_SOURCE_NAME})\s+{_VERBS}(?=\s+(?:that\b|[a-z]))"),
]


def _in_sentence(sentence: str) -> str | None:
    for pattern in _PATTERNS:
        match = pattern.search(sentence)
        if match:
            return match.group().strip()
    return None


def suggest_attribution(text: str, start: int, end: int) -> str | None:
    """The phrase in ``text`` that names where the passage ``text[start:end]`` comes from
    ("The Blast reports", "according to police"), or None when there is none nearby."""
    spans = sentence_spans(text)
    if not spans or not 0 <= start <= end <= len(text):
        return None
    here = next((i for i, (lo, hi) in enumerate(spans) if lo <= start < hi or start < lo), None)
    if here is None:
        here = len(spans) - 1
    last = next((i for i in range(here, len(spans)) if spans[i][1] >= end), here)
    # the passage's own sentences, with the passage itself blanked out so that its words
    # are never taken for an attribution
    for i in range(here, last + 1):
        lo, hi = spans[i]
        a, b = max(lo, start), min(hi, end)
        own = text[lo:a] + " " * (b - a) + text[b:hi]
        found = _in_sentence(own)
        if found:
            return found
    # then back through the paragraph and into the end of the one before
    for i in range(here - 1, max(-1, here - 6), -1):
        lo, hi = spans[i]
        found = _in_sentence(text[lo:hi])
        if found:
            return found
        if "\n" in text[hi : spans[i + 1][0]]:
            break  # the last sentence of the paragraph before was the last chance
    return None
