"""Direct quotations in article text, with their speakers (pure).

``find_quotes(text)`` returns each quotation's exact text (without the marks), its offsets
in ``text`` and, when the sentence says so, who said it:

* curly (“…”), straight ("…") and guillemet («…») marks; nested quotes stay inside the
  outer one; a quotation running over several paragraphs (each reopened, the last closed)
  is returned paragraph by paragraph;
* the speaker comes from an attribution after the quote (``“…,” she said``, ``“…,” said
  Jane Doe``, ``“…” according to X``) or before it (``Smith told reporters:``, ``She
  wrote in the captions,`` at the end of the previous paragraph);
* a quote split around its attribution (``“…,” she said. “…”``) gives two pieces with the
  same speaker;
* a pronoun or a description (``she``, ``the 38-year-old``) resolves to the last person
  named before the quote, and a surname to the full name given earlier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS = {"“": "curly", "«": "guillemet"}
CLOSERS = {"”": "curly", "»": "guillemet"}
STRAIGHT = '"'

VERBS = (
    r"said|says|say|told|tells|wrote|writes|added|adds|captioned|explained|explains|"
    r"noted|notes|asked|asks|stated|states|tweeted|posted|continued|insisted|argued|"
    r"recalled|replied|responded|warned|declared|claimed|claims|testified|inquired"
)
_NAME_WORD = r"(?:[A-Z][\w’'\-]*\.?|(?:de|van|von|der|bin|al)(?=\s+[A-Z]))"
_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}"
_PRONOUN = r"(?:he|she|they|He|She|They)"
_DESCRIPTOR = r"(?:[Tt]he|[Hh]er|[Hh]is|[Tt]heir)\s+(?:[\w’'\-]+\s+){0,3}?[\w’'\-]+"
_WHO = rf"(?P<who>{_PRONOUN}|{_DESCRIPTOR}|{_NAME})"

# After the closing mark: “…,” she said / “…,” said Jane Doe / “…” according to X
_AFTER_WHO_VERB = re.compile(rf"^[\s,]*{_WHO}\s+(?:also\s+)?(?P<verb>{VERBS})\b")
_AFTER_VERB_WHO = re.compile(rf"^[\s,]*(?P<verb>{VERBS})\s+(?P<who>{_NAME}|{_PRONOUN})")
_AFTER_ACCORDING = re.compile(rf"^[\s,]*(?P<verb>according to)\s+(?P<who>{_NAME})")
# Before the opening mark: Smith said: / She wrote in the captions, / according to X,
_BEFORE = re.compile(rf"{_WHO}\s+(?:also\s+)?(?P<verb>{VERBS})\b[^.!?:“”\"]{{0,60}}[:,]\s*$")
_BEFORE_ACCORDING = re.compile(rf"(?P<verb>[Aa]ccording to)\s+(?P<who>{_NAME})\s*,\s*$")
# He claims "…" / Smith said that "…" (a partial quote run into the sentence)
_BEFORE_RUN_IN = re.compile(rf"\b{_WHO}\s+(?:also\s+)?(?P<verb>{VERBS})(?:\s+that)?\s*$")
# …, he said. "…" (the attribution closes the sentence before the quote)
_BEFORE_SENTENCE = re.compile(rf",\s*{_WHO}\s+(?P<verb>{VERBS})\.\s*$")

TITLES = {
    "governor",
    "gov.",
    "president",
    "rep.",
    "sen.",
    "senator",
    "representative",
    "dr.",
    "mr.",
    "mrs.",
    "ms.",
    "judge",
    "sheriff",
    "mayor",
    "attorney",
    "general",
    "secretary",
    "chief",
    "officer",
    "ambassador",
    "prime",
    "minister",
    "professor",
    "prof.",
    "gen.",
    "lt.",
    "capt.",
    "sgt.",
    "mr",
    "mrs",
    "ms",
    "dr",
    "rep",
    "sen",
}
_NOT_NAMES = {
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "for",
    "and",
    "but",
    "or",
    "of",
    "to",
    "by",
    "with",
    "it",
    "this",
    "that",
    "these",
    "those",
    "there",
    "we",
    "i",
    "you",
    "related",
    "press",
    "play",
    "below",
    "more",
    "photo",
    "credit",
    "written",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "state",
    "prison",
    "county",
    "university",
    "street",
    "house",
    "department",
    "court",
    "row",
    "news",
    "city",
    "party",
    "committee",
    "company",
    "inc",
    "agency",
    "office",
    "says",
    "said",
    "did",
    "not",
    "set",
    "up",
    "outside",
    "however",
    "both",
    "while",
    "after",
    "before",
    "when",
    "if",
    "as",
    "so",
    "now",
    "then",
    "he",
    "she",
    "they",
    "his",
    "her",
    "their",
    "productions",
    "records",
    "group",
    "high",
    "school",
    "association",
    "union",
    "council",
    "corp",
    "ltd",
    "llc",
    "media",
    "network",
    "times",
    "post",
    "institute",
    "center",
    "centre",
    "foundation",
    "administration",
    "ministry",
    "police",
    "army",
    "bank",
}
_PLACE_FIRST = {
    "san",
    "santa",
    "los",
    "las",
    "new",
    "north",
    "south",
    "east",
    "west",
    "fort",
    "lake",
    "mount",
    "port",
    "saint",
    "st.",
}
_PERSON = re.compile(r"\b[A-Z][a-z’'\-]+(?:[ \t]+[A-Z]\.)?(?:[ \t]+[A-Z][a-z’'\-]+){1,2}\b")
MIN_WORDS = 3


@dataclass(frozen=True)
class Quote:
    """One quotation: ``text`` == the source's ``[start:end]`` (marks excluded)."""

    text: str
    start: int
    end: int
    speaker: str | None = None
    #: How the speaker was found: "named", "resolved" (pronoun/description), "inherited"
    #: (other piece of a split quote), or None.
    attribution: str | None = None
    #: True when the quotation continues in the next paragraph.
    continued: bool = False


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _straight_role(text: str, i: int) -> str:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if (before.isspace() or before in "([—–-/") and not after.isspace():
        return "open"
    if not before.isspace() and (after.isspace() or after in ".,;:!?)—–-"):
        return "close"
    return "either"


def _spans(text: str, para: tuple[int, int], next_starts_open: bool) -> list[tuple[int, int, bool]]:
    """Outermost quoted spans of one paragraph: (start, end, continued)."""
    start, end = para
    stack: list[tuple[str, int]] = []
    found: list[tuple[int, int, bool]] = []
    for i in range(start, end):
        ch = text[i]
        if ch in OPENERS:
            stack.append((OPENERS[ch], i))
        elif ch in CLOSERS and stack:
            _, opened = stack.pop()
            if not stack:
                found.append((opened + 1, i, False))
        elif ch == STRAIGHT:
            role = _straight_role(text, i)
            top_straight = bool(stack) and stack[-1][0] == "straight"
            if role == "open" or (role == "either" and not top_straight):
                stack.append(("straight", i))
            elif stack:
                _, opened = stack.pop()
                if not stack:
                    found.append((opened + 1, i, False))
    if stack and next_starts_open:
        # Newswriting reopens, rather than closes, a quotation that runs on.
        found.append((stack[0][1] + 1, end, True))
    return found


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_name(candidate: str) -> bool:
    words = candidate.replace("’s", "").replace("'s", "").split()
    return (
        bool(words)
        and words[0].lower() not in _PLACE_FIRST
        and not any(w.lower().rstrip(".") in _NOT_NAMES for w in words)
    )


class _People:
    """People named in the text, so a surname or a pronoun can be resolved."""

    def __init__(self, text: str, quoted: list[tuple[int, int]]):
        self.text = text
        self.quoted = quoted
        self.full: list[str] = []
        for match in _PERSON.finditer(text):
            name = self._strip(match.group())
            if (
                " " in name
                and _is_name(name)
                and name not in self.full
                and not self._inside_quote(match.start())
            ):
                self.full.append(name)

    @staticmethod
    def _strip(name: str) -> str:
        words = name.replace("’s", "").replace("'s", "").split()
        while words and words[0].lower() in TITLES:
            words.pop(0)
        return " ".join(words)

    def _inside_quote(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.quoted)

    def add(self, name: str) -> None:
        if " " in name and name not in self.full:
            self.full.append(name)

    def canonical(self, name: str) -> str:
        """A surname or first name alone becomes the full name given elsewhere."""
        name = self._strip(name)
        if " " in name:
            return name
        for position in (-1, 0):  # a surname first, then a first name
            matches = {f for f in self.full if f.split()[position] == name}
            if len(matches) == 1:
                return matches.pop()
        return name

    def last_before(self, pos: int) -> str | None:
        """The person named last before ``pos`` (outside quotations). A surname shared by
        several people means the one whose full name came last."""
        mentions: list[tuple[int, int, str]] = []  # position, 1 for a full name, person
        for person in self.full:
            for form, full in ((person, 1), (person.split()[-1], 0)):
                for m in re.finditer(rf"\b{re.escape(form)}\b", self.text[:pos]):
                    if not self._inside_quote(m.start()):
                        mentions.append((m.start(), full, person))
        latest: str | None = None
        recent_full: dict[str, str] = {}  # surname -> the full name mentioned last
        for _, full, person in sorted(mentions, key=lambda m: (m[0], -m[1])):
            surname = person.split()[-1]
            if full:
                recent_full[surname] = person
                latest = person
            else:
                latest = recent_full.get(surname, person)
        return latest


def _speaker(who: str, people: _People, at: int) -> tuple[str | None, str | None]:
    # A full stop after a word of two or more letters ends the sentence, not an initial.
    who = re.sub(r"(?<=[a-z]{2})\.$", "", who.strip())
    if re.fullmatch(_PRONOUN, who) or re.fullmatch(_DESCRIPTOR, who):
        person = people.last_before(at)
        return (person, "resolved") if person else (None, None)
    name = people._strip(who)
    if not name or not _is_name(name):
        person = people.last_before(at)
        return (person, "resolved") if person else (None, None)
    return people.canonical(name), "named"


def _attribute_after(text: str, end: int, limit: int) -> re.Match | None:
    tail = text[end + 1 : limit]
    for pattern in (_AFTER_VERB_WHO, _AFTER_WHO_VERB, _AFTER_ACCORDING):
        match = pattern.match(tail)
        if match:
            return match
    return None


def _attribute_before(text: str, start: int, floor: int) -> re.Match | None:
    head = text[max(floor, start - 1 - 240) : start - 1]
    for pattern in (_BEFORE_ACCORDING, _BEFORE, _BEFORE_RUN_IN, _BEFORE_SENTENCE):
        match = pattern.search(head)
        if match:
            return match
    return None


def find_quotes(text: str, min_words: int = MIN_WORDS) -> list[Quote]:
    """Every direct quotation of at least ``min_words`` words, in order of appearance."""
    paragraphs = _paragraphs(text)
    raw: list[tuple[int, int, bool, int]] = []  # start, end, continued, paragraph index
    for index, para in enumerate(paragraphs):
        nxt = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        next_open = bool(nxt) and text[nxt[0] : nxt[1]].lstrip()[:1] in ("“", "«", STRAIGHT)
        for start, end, continued in _spans(text, para, next_open):
            start, end = _trim(text, start, end)
            if len(text[start:end].split()) >= min_words:
                raw.append((start, end, continued, index))
    people = _People(text, [(s, e) for s, e, _, _ in raw])
    quotes: list[Quote] = []
    for n, (start, end, continued, index) in enumerate(raw):
        para_start, para_end = paragraphs[index]
        next_quote = raw[n + 1][0] - 1 if n + 1 < len(raw) and raw[n + 1][3] == index else para_end
        previous_end = raw[n - 1][1] + 1 if n > 0 and raw[n - 1][3] == index else para_start
        match = None if continued else _attribute_after(text, end, next_quote)
        if match is None:
            match = _attribute_before(text, start, previous_end)
        if (
            match is None
            and start - 1 == para_start
            and index > 0
            and (n == 0 or raw[n - 1][3] != index - 1 or not raw[n - 1][2])
        ):
            # The attribution may close the previous paragraph: "She wrote in the captions,"
            prev_start, prev_end = paragraphs[index - 1]
            previous = text[prev_start:prev_end]
            if previous.rstrip().endswith((":", ",")):
                match = _BEFORE_ACCORDING.search(previous) or _BEFORE.search(previous)
        speaker, how = (None, None)
        if match is not None:
            speaker, how = _speaker(match.group("who"), people, start - 1)
            if speaker and how == "named":
                people.add(speaker)
        if speaker is None and quotes:
            prior = quotes[-1]
            same_paragraph = raw[n - 1][3] == index
            run_on = raw[n - 1][2] and raw[n - 1][3] == index - 1
            if prior.speaker and (same_paragraph or run_on):
                speaker, how = prior.speaker, "inherited"
        quotes.append(Quote(text[start:end], start, end, speaker, how, continued))
    return quotes
