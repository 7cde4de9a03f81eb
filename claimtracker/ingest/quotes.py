"""Direct quotations in article text, with their speakers (pure, rule-based, fast).

``find_quotes(text)`` returns each quotation's exact text (without the marks), its offsets
in ``text`` and, when the article says so, who said it:

* curly (“…”), straight ("…") and guillemet («…») marks; nested quotes stay inside the
  outer one; a quotation running over several paragraphs (each reopened, the last closed)
  is returned paragraph by paragraph and every piece keeps the speaker;
* the attribution phrase is found around the quotation (``claimtracker.ingest.attribution``)
  and what it names is resolved against the whole article (``claimtracker.ingest.speakers``):
  "Ms Nandy" becomes "Lisa Nandy", "the home secretary" the person named with that role,
  "the studio" the organisation, "she" the person the sentence before is about;
* a quotation standing alone in its paragraph takes the speaker of the sentence before it
  ("Labour's … said the plan was unworkable." then "“…”"), or of the quotation it follows;
* when nothing names a speaker the quotation has none: an empty speaker is better than a
  wrong one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TypeAlias

from claimtracker.ingest import attribution
from claimtracker.ingest.speaker_words import SPEECH_VERBS
from claimtracker.ingest.speakers import Cast, Speaker

OPENERS = {"“": "curly", "«": "guillemet"}
CLOSERS = {"”": "curly", "»": "guillemet"}
STRAIGHT = '"'

MIN_WORDS = 3


@dataclass(frozen=True)
class Quote:
    """One quotation: ``text`` == the source's ``[start:end]`` (marks excluded)."""

    text: str
    start: int
    end: int
    #: The speaker resolved: a full name ("Lisa Nandy"), an organisation, or the role as
    #: written when no name is given ("the prime minister"); None when nothing says.
    speaker: str | None = None
    #: How the speaker was found: "named" (at the quotation), "resolved" (a pronoun or a
    #: description), "inherited" (the quotation before it, or the sentence before it).
    attribution: str | None = None
    #: True when the quotation continues in the next paragraph.
    continued: bool = False
    #: "person", "organisation" or "role"; None without a speaker.
    speaker_kind: str | None = None
    #: The speaker as written at the attribution ("Ms Nandy", "the prime minister", "she").
    speaker_as_written: str | None = None
    #: The attribution phrase ("Ms Nandy said") and its offsets in the text.
    attribution_phrase: str | None = None
    attribution_start: int | None = None
    attribution_end: int | None = None


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


def _masked(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with every quotation's words blanked (marks and offsets kept)."""
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            if not chars[i].isspace():
                chars[i] = "x"
    return "".join(chars)


def _resolve(found: attribution.Attribution, cast: Cast, floor: int) -> Speaker | None:
    who = found.who
    first = who.split()[0].lower()
    if first in {"he", "she", "it", "they"} and len(who.split()) == 1:
        speaker = cast.pronoun(first, found.who_start, floor)
        if speaker and speaker.kind == "person" and first in {"he", "she"}:
            # "“…,” he said" resolved to McDowell: McDowell is "he" from now on
            cast.gender.setdefault(speaker.name, "male" if first == "he" else "female")
        return speaker
    if who.endswith("-year-old"):  # "the 38-year-old": whom the sentence before is about
        return cast.pronoun("she", found.who_start, floor)
    if who.split()[-1][:1].islower():  # "the prime minister", "Federal prosecutors"
        named = cast.appositive_name(found)
        return named or cast.role(who, found.who_start)
    return cast.name(who)


#: A quotation found in the text: start, end, continued into the next paragraph, paragraph index.
Span: TypeAlias = tuple[int, int, bool, int]
#: Who spoke, how that was found ("named", "resolved", "inherited") and the attribution phrase.
Found: TypeAlias = tuple[Speaker | None, str | None, attribution.Attribution | None]


def _find_attribution(
    text: str, masked: str, paragraphs: list[tuple[int, int]], raw: list[Span], n: int
) -> tuple[attribution.Attribution | None, bool]:
    """The attribution for quotation ``n`` and whether it comes from the paragraph before."""
    start, end, continued, index = raw[n]
    para_start, para_end = paragraphs[index]
    same = [r for r in raw if r[3] == index]
    following = [r[0] - 1 for r in same if r[0] > start]
    previous = [r[1] + 1 for r in same if r[1] < start]
    found = None if continued else attribution.after(masked, end, min(following, default=para_end))
    if found is None:
        found = attribution.before(masked, start, max(previous, default=para_start))
    if found is None and not text[para_start : start - 1].strip() and index > 0 and not previous:
        prev_start, prev_end = paragraphs[index - 1]
        if text[prev_start:prev_end].rstrip().endswith((":", ",")):
            return attribution.closing(masked, prev_start, prev_end), True
    return found, False


def find_quotes(text: str, min_words: int = MIN_WORDS) -> list[Quote]:
    """Every direct quotation of at least ``min_words`` words, in order of appearance."""
    paragraphs = _paragraphs(text)
    raw: list[Span] = []
    every: list[tuple[int, int]] = []
    for index, para in enumerate(paragraphs):
        nxt = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        next_open = nxt is not None and text[nxt[0] : nxt[1]].lstrip()[:1] in ("“", "«", STRAIGHT)
        for start, end, continued in _spans(text, para, next_open):
            every.append((start, end))
            start, end = _trim(text, start, end)
            if len(text[start:end].split()) >= min_words:
                raw.append((start, end, continued, index))
    masked = _masked(text, every)
    cast = Cast(text, masked)
    quotes: list[Quote] = []
    for n, (start, end, continued, index) in enumerate(raw):
        floor = paragraphs[max(0, index - 2)][0]
        found, _ = _find_attribution(text, masked, paragraphs, raw, n)
        speaker = _resolve(found, cast, floor) if found else None
        if speaker is None and found is not None and quotes:
            speaker = _same_voice(found, quotes, cast, paragraphs[max(0, index - 3)][0])
        how = None
        if speaker is not None and found is not None:
            described = found.who[:1].islower() or found.who.split()[0] in {
                "He",
                "She",
                "It",
                "They",
            }
            how = "resolved" if described or found.who.endswith("-year-old") else "named"
        else:
            unread = found is None
            speaker, how, found = _inherit(text, masked, paragraphs, raw, n, quotes, cast, unread)
        quotes.append(
            Quote(
                text[start:end],
                start,
                end,
                speaker.name if speaker else None,
                how if speaker else None,
                continued,
                speaker.kind if speaker else None,
                found.who if speaker and found else None,
                text[found.start : found.end].strip() if speaker and found else None,
                found.start if speaker and found else None,
                found.end if speaker and found else None,
            )
        )
    return _carry_back(quotes)


def _same_voice(
    found: attribution.Attribution, quotes: list[Quote], cast: Cast, floor: int
) -> Speaker | None:
    """A pronoun nothing near it resolves ("“…,” it says" after "they put out another
    statement"): the speaker of the last attributed quotation, when that is recent, of the
    pronoun's kind, and nobody of that kind was named since."""
    word = found.who.lower()
    if word not in {"he", "she", "it", "they"}:
        return None
    prior = next((q for q in reversed(quotes) if q.speaker), None)
    if prior is None or prior.speaker is None or prior.end < floor:
        return None
    between = (prior.end, found.who_start)
    if word in {"it", "they"}:
        named = [o for p, o in cast.org_mentions if between[0] < p < between[1]]
        fits = prior.speaker_kind == "organisation"
    else:
        other = "female" if word == "he" else "male"
        named = [
            n
            for p, n in cast.person_mentions
            if between[0] < p < between[1] and cast.gender.get(n) != other
        ]
        fits = prior.speaker_kind == "person" and cast.gender.get(prior.speaker) != other
    if not fits or any(n != prior.speaker for n in named):
        return None
    return Speaker(prior.speaker, prior.speaker_kind or "person")


def _carry_back(quotes: list[Quote]) -> list[Quote]:
    """A quotation running over paragraphs is attributed at its end: earlier pieces take
    that speaker."""
    for i in range(len(quotes) - 2, -1, -1):
        piece, after = quotes[i], quotes[i + 1]
        if piece.continued and piece.speaker is None and after.speaker:
            quotes[i] = replace(
                after, text=piece.text, start=piece.start, end=piece.end, continued=True
            )
            quotes[i] = replace(quotes[i], attribution="inherited")
    return quotes


_SPEECH_VERB = re.compile(rf"\b(?:{SPEECH_VERBS})\b")


def _unread_attribution(text: str, masked: str, end: int, para_end: int) -> bool:
    """The quotation's own sentence goes on to a speech verb after it: an attribution is
    there that the patterns could not read, so nobody is to be inherited."""
    if text[end - 1 : end] in (".", "!", "?"):
        return False  # the quotation ends its sentence
    stops = attribution.sentence_breaks(masked, end + 1, para_end)
    tail = masked[end + 1 : stops[0] if stops else para_end]
    return bool(_SPEECH_VERB.search(tail.split("“")[0].split('"')[0]))


def _inherit(
    text: str,
    masked: str,
    paragraphs: list[tuple[int, int]],
    raw: list[Span],
    n: int,
    quotes: list[Quote],
    cast: Cast,
    unread: bool = True,
) -> Found:
    """No attribution at the quotation: the quotation before it in the same paragraph, the
    run-on quotation it continues, or the speaker of the sentence before it."""
    start, end, _, index = raw[n]
    if unread and _unread_attribution(text, masked, end, paragraphs[index][1]):
        return None, None, None  # "“…” Ford’s family, Starner said": words we cannot read
    if not quotes:
        if text[paragraphs[index][0] : start - 1].strip():
            return _said_before(masked, paragraphs, start, index, cast)
        return _sentence_before(text, masked, paragraphs, start, index, cast)
    prior = quotes[-1]
    prior_index = raw[n - 1][3]
    prior_found = (
        attribution.Attribution(
            prior.speaker_as_written or "",
            "",
            prior.attribution_start or 0,
            prior.attribution_start or 0,
            prior.attribution_end or 0,
        )
        if prior.attribution_start is not None
        else None
    )
    prior_speaker = (
        Speaker(prior.speaker, prior.speaker_kind or "person") if prior.speaker else None
    )
    if raw[n - 1][2] and prior_index == index - 1:
        return prior_speaker, "inherited", prior_found
    if prior_index == index:
        # a quotation that follows on within a sentence or two: “…,” she said. “…”
        if len(attribution.sentence_breaks(masked, prior.end + 1, start)) <= 1:
            return prior_speaker, "inherited", prior_found
        return _said_before(masked, paragraphs, start, index, cast)
    prev_start, prev_end = paragraphs[index - 1] if index else (0, 0)
    prev_end = prev_start + len(text[prev_start:prev_end].rstrip())
    said_last = max(prior.end, prior.attribution_end or 0)
    # "…,” says Parata, a fierce elder of the tribe." : the attribution's appositive ends it
    tail = masked[said_last:prev_end]
    ends_with_prior = said_last >= prev_end - 12 or (
        prior.attribution_end is not None
        and tail.startswith(",")
        and not attribution.sentence_breaks(masked, said_last, prev_end - 1)
        and not _SPEECH_VERB.search(tail)
        and "“" not in tail
        and '"' not in tail
    )
    if (
        prior_index == index - 1
        and ends_with_prior
        and not text[paragraphs[index][0] : start - 1].strip()
    ):
        # the paragraph before ends with a quotation (and its attribution)
        return prior_speaker, "inherited", prior_found
    if text[paragraphs[index][0] : start - 1].strip():
        return _said_before(masked, paragraphs, start, index, cast)
    return _sentence_before(text, masked, paragraphs, start, index, cast)


def _said_before(
    masked: str, paragraphs: list[tuple[int, int]], start: int, index: int, cast: Cast
) -> Found:
    """A quotation opening a sentence whose paragraph's sentence before it says who spoke:
    "Sometimes employees don't follow the rules, he said. “But does that mean …?”"."""
    para_start, _ = paragraphs[index]
    begin = attribution.sentence_start(masked, start, para_start)
    if masked[begin : start - 1].strip() or begin <= para_start:
        return None, None, None
    before = attribution.sentence_start(masked, begin - 1, para_start)
    end = before + len(masked[before:begin].rstrip())
    found = attribution.closing(masked, before, end)
    if found is None or found.end < end - 2:  # the verb must close that sentence
        return _only_person(masked, para_start, begin, start, cast)
    speaker = _resolve(found, cast, paragraphs[max(0, index - 2)][0])
    return (speaker, "inherited", found) if speaker else (None, None, None)


_FIRST_PERSON = re.compile(r"\b(?:I|I’m|I'm|I’ve|I've|my|me)\b")


def _only_person(masked: str, para_start: int, begin: int, start: int, cast: Cast) -> Found:
    """A first-person quotation opening a sentence in a paragraph about one person and nobody
    else ("Paula, a 43-year-old mum, … she was nervous her husband would notice. “I panic
    every time …”")."""
    people = {n for p, n in cast.person_mentions if para_start <= p < begin}
    orgs = [o for p, o in cast.org_mentions if para_start <= p < begin]
    spoken = re.split(r"[”\"»]", cast.text[start : start + 400])[0]
    if len(people) != 1 or orgs or not _FIRST_PERSON.search(spoken):
        return None, None, None
    return Speaker(people.pop(), "person"), "inherited", None


def _sentence_before(
    text: str, masked: str, paragraphs: list[tuple[int, int]], start: int, index: int, cast: Cast
) -> Found:
    """A quotation alone in its paragraph: the speaker of the paragraph before's last
    sentence ("Labour's … said the plan was unworkable." then "“…”")."""
    para_start, _ = paragraphs[index]
    if text[para_start : start - 1].strip() or index == 0:
        return None, None, None
    prev_start, prev_end = paragraphs[index - 1]
    found = attribution.closing(masked, prev_start, prev_end)
    if found is None:
        return None, None, None
    speaker = _resolve(found, cast, paragraphs[max(0, index - 3)][0])
    return speaker, "inherited", found
