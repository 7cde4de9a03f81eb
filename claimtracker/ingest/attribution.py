"""Where a quotation says who said it: the attribution phrase around it (pure, rule-based).

Every search runs on the *masked* text (quotations' words blanked out, marks kept, offsets
unchanged), so words inside a quotation are never read as an attribution.

* after the closing mark: ``“…,” she said`` / ``“…,” said Jane Doe`` / ``“…,” says
  clinical nutritionist Stephanie Moore`` / ``“…” according to X`` / ``“…,” Richard Gowan,
  U.N. Director for the International Crisis Group, told CBS News``;
* before the opening mark, in the same sentence: ``Smith told reporters: “…”``, ``Lisa
  Nandy said the backtracking was “…”``, ``She said the rules would … and added: “…”``,
  ``with the party's spokesman Alistair Carmichael branding it “…”`` (the last speaker and
  verb before the mark);
* at the end of the paragraph before (``She wrote in the captions,``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimtracker.ingest.speaker_words import GROUP_NOUNS, SENTENCE_ADVERBS, SPEECH_VERBS

_NAME_WORD = (
    r"(?:(?:[A-Z]\.){2,}|[A-Z][a-z]{0,2}\.(?=[\s’'])|[A-Z][\w’'\-]*"
    r"|(?<![\w’'])(?:de|van|von|der|bin|al|da|le)(?=\s+[A-Z]))"
)
_NAME = (
    rf"(?:[A-Z][\w\-]*(?:’s|'s)\s+)?{_NAME_WORD}"
    rf"(?:\s+(?:(?:of|for|on|and|&)\s+(?=[A-Z]))?{_NAME_WORD}){{0,7}}"
)
_PRONOUN = r"(?:he|she|they|it|He|She|They|It)\b(?:’d|'d)?"
_SOMEONE = r"(?:[Ss]omeone(?: else)?|[Ss]omebody|[Oo]thers|[Aa]nother|[Mm]any)\b"
_DET = r"(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother|[Hh]is|[Hh]er|[Ii]ts|[Tt]heir|[A-Z][\w\-]*(?:’s|'s))"
_STOP = (
    r"(?:he|she|it|they|at|as|if|to|when|while|that|in|on|after|before|and|or|but|would|"
    r"will|was|were|is|are|has|have|had|could|should|can|may|might|not)\b"
)
_ROLE_WORD = rf"(?!{_STOP})[\w’'\-.]+"
_GROUPS = "|".join(sorted(GROUP_NOUNS))
# "a source close to him", "a person familiar with the matter": the description goes on
_ROLE_TAIL = r"(?:\s+(?:close to|familiar with)\s+(?:the\s+)?[\w’'\-]+(?:\s+matter)?)?"
_ROLE = (
    rf"(?:{_DET}\s+(?:{_ROLE_WORD}\s+){{0,5}}?(?!{_STOP})[a-z0-9][\w\-]+{_ROLE_TAIL}"
    rf"|(?:[A-Z][a-z]+\s+)?(?:{_GROUPS}))"
)
# "a WeWork spokesperson", "an Apple executive": an organisation's person, not a name
_ORG_ROLE = (
    rf"(?:[Aa]n?|[Oo]ne)\s+(?:[A-Z][\w’'\-.&]*\s+){{1,4}}"
    rf"(?!{_STOP})[a-z][\w\-]+(?:\s+(?!{_STOP})[a-z][\w\-]+){{0,2}}{_ROLE_TAIL}(?!\s+[A-Z])"
)
_WHO = rf"(?P<who>{_PRONOUN}|{_SOMEONE}|{_ROLE}|{_NAME})"
_APPOSITIVE = r"(?:(?:,\s[^,;:“”\"]{1,140}){1,3},)?"
_ADVERB = r"(?:(?:also|later|then|allegedly|previously|earlier|once|has|have|had)\s+)?"
_VERB = rf"(?P<verb>{SPEECH_VERBS})\b"
_DOCUMENTS = "post|statement|letter|email|memo|tweet|filing|note|message|interview"
# lowercase descriptors before a name after the verb: "says clinical nutritionist S. Moore"
_DESCRIBED_NAME = rf"(?:[a-z][\w\-]*\s+){{0,3}}{_NAME}"

AFTER = [
    re.compile(rf"^[\s,—–-]*{_WHO}{_APPOSITIVE}\s+{_ADVERB}{_VERB}"),
    # “We don't want those people” working in prisons, she said.
    re.compile(rf"^\s[^.“”\"A-Z]{{1,40}}?,\s*{_WHO}{_APPOSITIVE}\s+{_ADVERB}{_VERB}"),
    # “Had he taken that path, he would have been a star.” — Neil Gaiman
    re.compile(rf"^\s*(?P<verb>[—–])\s*(?P<who>{_NAME})\s*$"),
    # “…” announced in October, said Derek Scissors
    re.compile(rf"^[^.“”\"]{{1,40}}?,\s*(?P<verb>said|says)\s+(?P<who>{_DESCRIBED_NAME}|{_ROLE})"),
    # "…,” Florida State athletic director Michael Alford said.
    re.compile(
        rf"^[\s,—–-]*(?:[\w’'\-.]+\s+){{1,7}}?(?P<who>{_NAME}){_APPOSITIVE}\s+{_ADVERB}{_VERB}"
    ),
    re.compile(rf"^[\s,—–-]*{_VERB}\s+(?P<who>{_PRONOUN}\b|{_ORG_ROLE}|{_DESCRIBED_NAME}|{_ROLE})"),
    # “…,” according to a Wednesday post from Alibaba Chief People Officer Jane Fang on …
    re.compile(
        rf"^[\s,—–-]*(?P<verb>according to)\s+(?:an?|the|their|his|her|its)\s+"
        rf"[^,.;“”\"]{{0,40}}?\b(?:{_DOCUMENTS})\s+(?:from|by)\s+(?:[^,.;“”\"]{{0,60}}?\s)?"
        rf"(?P<who>{_NAME})(?=\s+(?:on|in|at|to|from|last|this)\b|\s*[,.;]|\s*$)"
    ),
    re.compile(rf"^[\s,—–-]*(?P<verb>according to)\s+(?P<who>{_NAME}|{_ROLE})"),
    # “…” are all thought to contribute, according to the Department of Conservation.
    re.compile(
        rf"^\s[^.“”\"]{{1,60}}?,\s*(?P<verb>according to)\s+(?:the\s+)?"
        rf"(?P<who>{_NAME})\s*[.,;]?\s*$"
    ),
]
# Before the opening mark: every "who (appositive) verb" in the sentence; the last one wins.
# "Hawk Sawyer issued a statement about the charges, saying, “…”"
_BEFORE_PARTICIPLE = re.compile(
    rf"(?P<who>{_NAME})\s+[^.“”\"]{{1,80}}?,\s+(?P<verb>saying|adding|writing|telling)\b[^.“”\"]*$"
)
# "De Miranda evokes the notion in his introduction: “…”": the subject introduces it
_BEFORE_COLON = re.compile(rf"\s*(?P<who>{_NAME})\s+[a-z][^.“”\"]{{0,160}}?(?P<verb>:)\s*$")
_BEFORE_ANY = re.compile(rf"(?<![\w’'])({_WHO}{_APPOSITIVE}\s+{_ADVERB}{_VERB})")
_BEFORE_VERB_WHO = re.compile(
    rf"(?P<verb>said|says|added|adds|wrote|writes)\s+(?P<who>{_DESCRIBED_NAME})\s*[:,]\s*$"
)
_BEFORE_ACCORDING = re.compile(rf"(?P<verb>[Aa]ccording to)\s+(?P<who>{_NAME}|{_ROLE})\s*,")
# a full stop (or ! ?) and a capital or an opening mark; or a new paragraph
_BREAK = re.compile(r"[.!?][”\"’]?\s+(?=[“\"‘A-Z(])|\n\s*(?=\S)")
_ABBREVIATIONS = {"mr", "ms", "mrs", "dr", "st", "jr", "sr", "no", "sen", "rep", "gov", "lt"}
_ABBREVIATIONS |= {"gen", "cmdr", "sgt", "capt", "prof", "rev", "col", "adm", "vs", "u.s", "u.n"}


def sentence_breaks(text: str, lo: int, hi: int) -> list[int]:
    """Offsets in ``text[lo:hi]`` where a new sentence begins (abbreviations and initials
    such as "Mr." or "F." do not end one)."""
    found = []
    # look one character past ``hi``: a sentence may begin exactly there
    for match in _BREAK.finditer(text, lo, min(len(text), hi + 1)):
        if match.end() > hi:
            break
        word = text[max(lo, match.start() - 6) : match.start()].split()
        last = word[-1].lower() if word else ""
        abbreviation = last in _ABBREVIATIONS or len(last) == 1
        if text[match.start()] == "." and abbreviation and "\n" not in match.group():
            continue
        found.append(match.end())
    return found


@dataclass(frozen=True)
class Attribution:
    """The words that name a quotation's speaker: ``who`` as written, and the phrase."""

    who: str
    verb: str
    who_start: int
    start: int
    end: int


def _make(match: re.Match[str], base: int) -> Attribution:
    who = match.group("who")
    # A full stop after a word of two or more letters ends the sentence, not an initial.
    who = re.sub(r"(?<=[a-z]{2})\.$", "", who.strip())
    who = re.sub(r"^(he|she|they|it|He|She|They|It)[’']d$", r"\1", who)  # "he’d respond"
    lead = len(match.group()) - len(match.group().lstrip(" ,—–-\n\t"))
    return Attribution(
        who,
        match.group("verb"),
        base + match.start("who"),
        base + match.start() + lead,
        base + match.end(),
    )


def after(masked: str, end: int, limit: int) -> Attribution | None:
    """An attribution right after a closing mark at ``end`` (``limit``: the next quotation
    or the end of the paragraph)."""
    tail = masked[end + 1 : limit]
    stops = sentence_breaks(masked, end + 1, limit)
    if stops:
        tail = masked[end + 1 : stops[0]]
    for pattern in AFTER:
        match = pattern.match(tail)
        if match:
            return _make(match, end + 1)
    return None


def sentence_start(masked: str, at: int, floor: int) -> int:
    """Where the sentence holding offset ``at`` begins (not before ``floor``)."""
    breaks = sentence_breaks(masked, floor, at)
    return breaks[-1] if breaks else floor


def before(masked: str, start: int, floor: int) -> Attribution | None:
    """An attribution earlier in the sentence that a quotation opening at ``start`` is in."""
    begin = sentence_start(masked, start, floor)
    head = masked[begin : start - 1]
    match = _BEFORE_VERB_WHO.search(head) or _BEFORE_ACCORDING.search(head)
    if match:
        return _make(match, begin)
    found = [m for m in _BEFORE_ANY.finditer(head) if not _after_preposition(head, m)]
    if found:
        return _make(found[-1], begin)
    match = _BEFORE_COLON.match(head)
    if match and _word(match.group("who")) not in SENTENCE_ADVERBS | _PREPOSITIONS:
        return _make(match, begin)
    match = _BEFORE_PARTICIPLE.search(head)
    while match and _word(match.group("who")) in SENTENCE_ADVERBS | _PREPOSITIONS:
        # "After the hearing, Hawk Sawyer issued a statement, saying, “…”": the subject
        match = _BEFORE_PARTICIPLE.search(head, match.start("who") + len(match.group("who")))
    return _make(match, begin) if match else None


def _word(who: str) -> str:
    return who.split()[0].lower() if len(who.split()) == 1 else ""


_PREPOSITIONS = {"after", "before", "in", "on", "at", "during", "for", "from", "by", "with"}
_PREPOSITION = re.compile(
    r"\b(?:after|before|in|on|at|during|to|of|from|by|for|about|into|over|under)\s+$", re.I
)


def _after_preposition(head: str, match: re.Match[str]) -> bool:
    """ "After the hearing, …": a description after a preposition is no speaker."""
    return bool(_PREPOSITION.search(head[: match.start()])) and match.group("who")[:1].islower()


def closing(masked: str, para_start: int, para_end: int) -> Attribution | None:
    """The last attribution of a paragraph, e.g. one ending in "said:" before a quotation
    that stands in a paragraph of its own."""
    begin = sentence_start(masked, para_end, para_start)
    found = [
        m
        for m in _BEFORE_ANY.finditer(masked, begin, para_end)
        if not _after_preposition(masked[begin : m.start()] + " ", m)
    ]
    if found:
        return _make(found[-1], 0)
    return None
