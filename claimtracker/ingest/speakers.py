"""Who is who in an article: people, their roles, organisations (pure, rule-based).

``Cast(text, masked)`` reads the article once (``masked`` is the text with every quotation's
words blanked out, so a name inside a quotation is never taken for a speaker) and then
resolves what an attribution names:

* a name, with or without honorific ("Ms Nandy", "Sir John Hayes") -> the full name given
  elsewhere in the article ("Lisa Nandy");
* a role ("the prime minister", "the home secretary") -> the person named with that role
  ("Home Secretary James Cleverly"), otherwise the role as written;
* an organisation ("The Migration Observatory", "the studio", "it") -> the organisation;
* a pronoun ("she") -> the person the nearest sentence before is about.

An attribution it cannot place resolves to nothing rather than to a guess.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from claimtracker.ingest.attribution import Attribution, sentence_breaks
from claimtracker.ingest.pronouns import genders
from claimtracker.ingest.speaker_words import (
    DOCUMENT_NOUNS,
    GROUP_NOUNS,
    NOT_NAME_WORDS,
    ORG_NOUNS,
    ORG_WORDS,
    PERSON_ROLE_NOUNS,
    SENTENCE_ADVERBS,
    SPEECH_VERBS,
    TITLE_WORDS,
)

_CAP = (
    r"(?:(?:[A-Z]\.){2,}|[A-Z][a-z]{0,2}\.(?=[\s’'])|[A-Z][\w’'\-]*"
    r"|(?<![\w’'])(?:de|van|von|der|bin|al|da|le)(?=\s+[A-Z]))"
)
_RUN = re.compile(rf"{_CAP}(?:[ \t]+(?:(?:of|for|and)[ \t]+)?{_CAP})*")
# A person introduced by a first name only: "Sophia*, who", "Anna, 40,", "Pamela*, a mum"
_SINGLE_NAME = re.compile(r"\b([A-Z][a-z]{2,})\*?,\s+(?:who\b|an?\s+\d|\d{1,3},)")
_COLLECTIVE = {"people", "children", "women", "men", "workers", "veterans", "citizens"}
_PLURAL_VERB = re.compile(r"\s+(?:have|are|were)\s+(?!been\b)[a-z]")
_TICKER = re.compile(r"\b([A-Z][\w&\-]+)\s+\((?:(?:NYSE|NASDAQ|Nasdaq|LSE):\s*)?[A-Z]{1,5}\)")
_SAYS = re.compile(
    rf"[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-.]+)*(?:,[^,.;“”]{{1,80}},)?\s+(?:{SPEECH_VERBS})\b"
)
# A capitalised run after these is a place or a thing, not a person's name.
_DETERMINED = re.compile(r"(?:^|[\s(])(?:the|a|an|in|at|from|into|near)\s+$")
_ROLE_SUBJECT = re.compile(
    r"\s*(?P<who>(?:The|A|An)\s+(?P<noun>[a-z]+))\s+(?:who|has|had|was|is)\b"
)
_INDEFINITE = re.compile(
    r"\s*(?:(?:While|And|But|Then)\s+)?(?P<who>[Ss]omeone(?: else)?|[Oo]ne (?:woman|man|user|"
    r"reader|person|viewer|commenter)|[Aa]nother (?:woman|man|user|reader|person))\b"
)
_SUFFIXES = {"jr.", "jr", "sr.", "sr", "ii", "iii", "iv"}
_PRONOUNS = {"he": "person", "she": "person", "it": "organisation", "they": "any"}


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker: ``name`` is the full name, the organisation or the role."""

    name: str
    kind: str  # "person", "organisation" or "role"


def _word_key(word: str) -> str:
    return word.lower().rstrip(".,").replace("’s", "").replace("'s", "")


def _is_org_name(words: list[str]) -> bool:
    keys = [_word_key(w) for w in words]
    if any(k in ORG_WORDS for k in keys):
        return True
    return len(words) == 1 and bool(re.fullmatch(r"(?:[A-Z]\.){2,}|[A-Z]{2,}", words[0]))


class Cast:
    """The people, roles and organisations an article mentions, with where."""

    def __init__(self, text: str, masked: str):
        self.text = text
        self.masked = masked
        self.people: dict[str, str] = {}  # full name -> role phrase it was given with
        self.first_seen: dict[str, int] = {}
        self.titled: dict[str, int] = {}  # a surname only ever given after a title
        self.person_mentions: list[tuple[int, str]] = []
        self.org_mentions: list[tuple[int, str]] = []
        for run in _RUN.finditer(masked):
            self._read_run(run.start(), run.group())
        for match in _TICKER.finditer(masked):  # "Alibaba (BABA)": a listed company
            self.org_mentions.append((match.start(), match.group(1)))
        self.org_mentions.sort()
        orgs = {org for _, org in self.org_mentions}
        for name in [n for n in self.people if n in orgs]:  # "Big Machine, says …" then
            del self.people[name]  # "Big Machine have …": one organisation throughout
        self.person_mentions = [(p, n) for p, n in self.person_mentions if n not in orgs]
        for match in _SINGLE_NAME.finditer(masked):
            name = match.group(1)
            known = any(name in n.split() for n in self.people)
            if not known and _word_key(name) not in NOT_NAME_WORDS | SENTENCE_ADVERBS | TITLE_WORDS:
                self.people.setdefault(name, "")
                self.first_seen.setdefault(name, match.start())
        surnames = {_surname(name): name for name in self._by_first_seen()}
        spans = sorted((s, s + len(n)) for s, n in self.person_mentions)
        starts = [s for s, _ in spans]
        for match in re.finditer(r"\b[A-Z][\w’'\-]+\b", masked):
            full = surnames.get(match.group())
            i = bisect_right(starts, match.start()) - 1
            inside = i >= 0 and match.start() < spans[i][1]  # part of a full mention
            if full and not inside:
                self.person_mentions.append((match.start(), full))
        self.person_mentions.sort()
        self.breaks = sentence_breaks(masked, 0, len(masked))
        self.gender = genders(masked, self.person_mentions, self.people, self.breaks)

    def _by_first_seen(self) -> list[str]:
        return sorted(self.people, key=lambda n: -self.first_seen[n])

    def _read_run(self, start: int, run: str) -> None:
        words = run.split()
        joined = [i for i, w in enumerate(words) if w in {"of", "for", "and"}]
        if joined and not _is_org_name(words):  # "Tova Noel and Michael Thomas"
            cut = joined[0]
            rest = " ".join(words[cut + 1 :])
            self._read_run(start, " ".join(words[:cut]))
            self._read_run(start + run.index(rest, len(" ".join(words[:cut]))), rest)
            return
        owner = next((i for i, w in enumerate(words[:-1]) if w.endswith(("’s", "'s"))), None)
        if owner is not None and _word_key(words[owner]) in _COLLECTIVE and _is_org_name(words):
            owner = None  # "People’s Daily", "Children’s Hospital": one organisation
        if owner is not None:  # "Kennedy’s Salon article": two names, not one
            rest = " ".join(words[owner + 1 :])
            self._read_run(start, " ".join(words[: owner + 1]))
            self._read_run(start + run.index(rest, len(words[owner])), rest)
            return
        plural = _PLURAL_VERB.match(self.masked, start + len(run)) and not re.search(
            r"(?:\band|,)\s*$", self.masked[max(0, start - 6) : start]
        )  # "Big Machine have twice denied it": a British organisation, not a person
        if (_is_org_name(words) and not _is_person_tail(words)) or (plural and len(words) > 1):
            name = " ".join(w for w in words if _word_key(w) not in SENTENCE_ADVERBS)
            name = re.sub(r"^(?:The|the)\s+", "", name).replace("’s", "").replace("'s", "")
            if name:
                self.org_mentions.append((start, name))
            return
        if words[0] in {"The", "A", "An"}:  # "The Du Bois school librarian"
            return
        if len(words) == 1:  # "Insomniac" after "Insomniac Games": the same organisation
            word = words[0].replace("’s", "").replace("'s", "")
            org = next((o for _, o in self.org_mentions if o.split()[0] == word), None)
            if org and len(org.split()) > 1:
                self.org_mentions.append((start, org))
            return
        cut = max((i + 1 for i, w in enumerate(words) if _word_key(w) in TITLE_WORDS), default=0)
        tail = [w.replace("’s", "").replace("'s", "") for w in words[cut:]]
        popped = 0
        while tail and _word_key(tail[0]) in NOT_NAME_WORDS | SENTENCE_ADVERBS:
            tail.pop(0)
            popped += 1
        if len(tail) == 1 and cut and not _not_name(tail[0]) and tail[0][:1].isupper():
            self.titled.setdefault(tail[0], start + run.index(tail[0]))  # "President Trump"
        if len(tail) < 2 or len(tail) > 5 or any(_not_name(w) for w in tail):
            return
        if not cut + popped and _DETERMINED.search(self.masked[max(0, start - 12) : start]):
            return  # "the James Bond star", "in Great Barrington": no person's name
        if re.search(r"\b[A-Z]{2,}s?\s*\($", self.masked[max(0, start - 12) : start]):
            return  # "BBL (Brazilian Butt Lift)": what the letters stand for
        if all(_word_key(w) in _SUFFIXES or len(w.rstrip(".")) == 1 for w in tail[1:]):
            return
        name = " ".join(tail)
        longer = [n for n in self.people if n.casefold().endswith(" " + name.casefold())]
        name = longer[0] if longer else name  # "Hawk Sawyer" after "Kathleen Hawk Sawyer"
        offset = start + run.index(tail[0])
        role = " ".join([*words[:cut], self._lowercase_role_before(start)]).strip()
        if name not in self.people:
            self.people[name] = role.lower()
            self.first_seen[name] = offset
        elif role and not self.people[name]:
            self.people[name] = role.lower()
        self.person_mentions.append((offset, name))

    def _lowercase_role_before(self, start: int) -> str:
        """ "shadow home secretary" in "Shadow home secretary Yvette Cooper said"."""
        head = self.masked[max(0, start - 60) : start]
        match = re.search(r"(?<![\w’'])((?:[a-z][\w’'\-]*\s+){1,4})$", head)
        if match and any(_word_key(w) in PERSON_ROLE_NOUNS for w in match.group(1).split()):
            return match.group(1).strip()
        return ""

    # -- resolution -------------------------------------------------------------------------

    def surname_owner(self, word: str) -> str | None:
        """The full name a surname (or a first name) stands for; the first one introduced
        when several people share it."""
        for position in (-1, 0):
            owners = [
                n
                for n in self.people
                if [w for w in n.split() if _word_key(w) not in _SUFFIXES][position] == word
            ]
            if owners:
                return min(owners, key=lambda n: self.first_seen[n])
        return None

    def name(self, written: str) -> Speaker | None:
        """A capitalised name as written at an attribution."""
        words = written.split()
        collective = _is_org_name(words) and any(_word_key(w) in _COLLECTIVE for w in words)
        owners = [
            i
            for i, w in enumerate(words[:-1])
            if w.endswith(("’s", "'s")) and not (collective and _word_key(w) in _COLLECTIVE)
        ]
        if owners:  # "SentinelOne’s Hegel": the person, not the firm
            words = words[owners[-1] + 1 :]
        while words and _word_key(words[0]) in SENTENCE_ADVERBS:
            words.pop(0)
        if not words:
            return None
        if _is_org_name(words) and not _is_person_tail(words):
            return Speaker(re.sub(r"^(?:The|the)\s+", "", " ".join(words)), "organisation")
        for size in range(min(5, len(words)), 1, -1):
            candidate = " ".join(words[-size:])
            if candidate in self.people:
                return Speaker(candidate, "person")
            longer = [n for n in self.people if n.casefold().endswith(" " + candidate.casefold())]
            if len(longer) == 1:  # "Hawk Sawyer" -> "Kathleen Hawk Sawyer"
                return Speaker(longer[0], "person")
        cut = max((i + 1 for i, w in enumerate(words) if _word_key(w) in TITLE_WORDS), default=0)
        tail = words[cut:]
        if not tail or any(_not_name(w) for w in tail):
            return None
        owner = self.surname_owner(tail[-1]) if len(tail) == 1 else None
        if owner:
            return Speaker(owner, "person")
        if len(tail) == 1 and self.org_named(tail[0]):
            return Speaker(self.org_named(tail[0]) or tail[0], "organisation")
        if len(tail) == 1 and tail[0].lower() in GROUP_NOUNS:
            return Speaker(tail[0].lower(), "role")  # "Prosecutors alleged"
        if len(tail) == 1 and tail[0] not in self.titled:
            return None  # a lone word nobody was introduced by: a place as often as a person
        return Speaker(" ".join(tail), "person")

    def org_named(self, word: str) -> str | None:
        for _, org in self.org_mentions:
            if word in org.split():
                return org
        return None

    def role(self, written: str, at: int) -> Speaker | None:
        """A role or description: the person named with that role, an organisation, or the
        role as written."""
        words = [_word_key(w) for w in written.split()]
        head = words[-1]
        if head in DOCUMENT_NOUNS:  # "The Department of Justice complaint", "their statement"
            org = next((o for p, o in self.org_mentions if p >= at and o in written), None)
            if org is None and any(w in ORG_NOUNS for w in words):
                org = self.last_org_before(at)
            return Speaker(org, "organisation") if org else None
        if head in ORG_NOUNS and not written.split()[0].endswith(("’s", "'s")):
            org = self.org_described(head, at)
            return Speaker(org, "organisation") if org else Speaker(written, "role")
        key = " ".join(w for w in words if w not in {"the", "a", "an"})[-30:]
        key_words = key.split()[-2:]
        holders = [
            n
            for n, r in self.people.items()
            if r
            and r.split()[-len(key_words) :] == key_words
            and ("shadow" in r.split()) == ("shadow" in words)
            and self.first_seen[n] < at
        ]
        if len(holders) == 1:
            return Speaker(holders[0], "person")
        return Speaker(written, "role")

    def appositive_name(self, found: Attribution) -> Speaker | None:
        """ "The Du Bois school librarian, Jennifer Guerin, pointed out": the name."""
        who_end = found.who_start + len(found.who)
        # "According to his aunt, Jane Starner, “…”": the name may follow the phrase's end
        between = self.masked[who_end : max(found.end, who_end + 60)]
        match = re.match(r",\s+([A-Z][\w’'\-.]*(?:\s+[A-Z][\w’'\-.]*){1,3}),", between)
        if match and match.group(1) in self.people:
            return Speaker(match.group(1), "person")
        if found.end <= who_end:  # "…,” said a Conservative former minister, Jon Gullis."
            after = self.masked[who_end : who_end + 60]
            match = re.match(r",\s+([A-Z][\w’'\-.]*(?:\s+[A-Z][\w’'\-.]*){1,3})(?=[.,;]|$)", after)
            name = match.group(1).rstrip(".") if match else ""
            if name in self.people:
                return Speaker(name, "person")
        return None

    def org_described(self, noun: str, at: int) -> str | None:
        """ "the department", "the publisher": an organisation named with that noun, else
        the one the article has named most often so far (the nearest on a tie)."""
        before = [(pos, org) for pos, org in self.org_mentions if pos < at]
        named = [org for _, org in before if noun in (_word_key(w) for w in org.split())]
        if named:
            return named[-1]
        counts: dict[str, int] = {}
        for _, org in before:
            counts[org] = counts.get(org, 0) + 1
        best = max(counts.values(), default=0)
        return next((org for _, org in reversed(before) if counts[org] == best), None)

    def last_org_before(self, at: int) -> str | None:
        """The organisation the nearest sentence before ``at`` that names one is about: its
        first ("The Migration Observatory at Oxford University said …" -> the Observatory)."""
        found = [(pos, org) for pos, org in self.org_mentions if pos < at]
        if not found:
            return None
        last = found[-1][0]
        i = bisect_right(self.breaks, last)
        begin = self.breaks[i - 1] if i else 0
        return next(org for pos, org in found if pos >= begin)

    def pronoun(self, word: str, at: int, floor: int) -> Speaker | None:
        """He/she: the person the nearest sentence before ``at`` (and after ``floor``) is
        about, taken as the first person it names. It/they: the nearest organisation."""
        want = _PRONOUNS.get(word.lower())
        if want == "organisation" or want == "any":
            org = self.last_org_before(at)
            org_at = max((p for p, o in self.org_mentions if p < at), default=-1)
            person_at = max((p for p, _ in self.person_mentions if p < at), default=-1)
            if org and org_at >= floor and (want == "organisation" or org_at > person_at):
                return Speaker(org, "organisation")
            return None
        other = "female" if word.lower() == "he" else "male"
        starts = [0, *self.breaks[: bisect_right(self.breaks, at)]]
        for start, end in zip(reversed(starts), [at, *reversed(starts[1:])], strict=False):
            if end <= floor:
                break
            someone = _INDEFINITE.match(self.masked, start) or _ROLE_SUBJECT.match(
                self.masked, start
            )
            if someone and (
                someone.re is _INDEFINITE or _word_key(someone.group("noun")) in PERSON_ROLE_NOUNS
            ):  # "One woman pointed out …" / "The teacher who …" then "“…?” she asked."
                return Speaker(someone.group("who"), "role")
            mentions = [
                (p, n)
                for p, n in self.person_mentions
                if start <= p < end and self.gender.get(n) != other
            ]
            inside = [n for _, n in mentions]
            speaking = [n for p, n in mentions if _SAYS.match(self.masked, p)]
            if re.match(r"\s*(?:He|She)\b", self.masked[start:end]) and start < at - 3:
                if speaking:
                    return Speaker(speaking[0], "person")
                continue  # "He claims …": the same person as the sentence before
            if speaking:  # "Montell Figgins, who represents Thomas, said …"
                return Speaker(speaking[0], "person")
            pre = self.masked[start : mentions[0][0]] if inside else ""
            if re.search(rf"\b{word.lower()}\b", pre, re.IGNORECASE) and not pre.rstrip().endswith(
                ","
            ):
                # "…, she was more nervous than Rose-Lynn Harlan": "she" is the subject (but in
                # "Even though he …, Kennedy rejects" the name is)
                continue
            if inside:
                known = [n for n in inside if self.gender.get(n)]
                subject = len(self.masked[start : mentions[0][0]].split()) <= 1
                if known and len(set(inside)) > 1 and not subject:
                    # "Oliver Sacks … Steenburgen …": the one known to be "she" wins over
                    # one the article gives no gender for
                    return Speaker(known[0], "person")
                if len(set(inside)) > 1 and not known:
                    return None  # two people, nothing to tell them apart: better no speaker
                return Speaker(inside[0], "person")
        return None


def _not_name(word: str) -> bool:
    """Words no name holds; an initial ("A.") is part of one."""
    return not re.fullmatch(r"[A-Z]\.", word) and _word_key(word) in NOT_NAME_WORDS


def _surname(name: str) -> str:
    words = [w for w in name.split() if _word_key(w) not in _SUFFIXES]
    return words[-1] if words else name


def _is_person_tail(words: list[str]) -> bool:
    """ "Bureau of Prisons Director Kathleen Hawk Sawyer": after the last title, a name of two
    to four words that holds no organisation word is a person, whatever comes before."""
    cut = max((i + 1 for i, w in enumerate(words) if _word_key(w) in TITLE_WORDS), default=0)
    tail = words[cut:]
    return (
        cut > 0
        and 2 <= len(tail) <= 4
        and all(_word_key(w) not in ORG_WORDS and w[:1].isupper() for w in tail)
    )
