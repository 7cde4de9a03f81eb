"""Which people an article refers to as "he" and which as "she", read from the article itself.

No name lists: the evidence is the article's own words (pure, rule-based):

* an honorific before a mention ("Mr", "Sir", "Ms", "Mrs", "Dame" …);
* a gendered noun in the role given with the name ("actress", "wife", "his daughter" …);
* the pronouns of the sentence a person opens as its only person, and of the next sentence
  when that names nobody else ("Jane Doe said … She added …").

A person without evidence, or with as much for one as for the other, has no gender, so the
pronoun resolver may still choose them; a person with the other gender is passed over.
"""

from __future__ import annotations

import re
from collections import Counter

from claimtracker.ingest.first_names import gender_of_first_name

# Pronouns as evidence, but not "she said" itself: that is what is being resolved.
_ATTRIBUTING = r"(?!\s+(?:said|says|told|tells|added|adds|wrote|writes|asked|argued)\b)"
_MALE = re.compile(rf"\b(?:he{_ATTRIBUTING}|him|his|himself)\b", re.IGNORECASE)
_FEMALE = re.compile(rf"\b(?:she{_ATTRIBUTING}|her|hers|herself)\b", re.IGNORECASE)
_MALE_TITLE = re.compile(r"\b(?:Mr|Sir|Lord|King|Prince|Father|Brother)\.?\s+$")
_FEMALE_TITLE = re.compile(r"\b(?:Ms|Mrs|Miss|Dame|Lady|Queen|Princess|Sister)\.?\s+$")
_MALE_NOUNS = {"actor", "husband", "father", "son", "brother", "man", "boy", "king", "dad"}
_FEMALE_NOUNS = {"actress", "wife", "mother", "daughter", "sister", "woman", "girl", "mum"}


def genders(
    masked: str,
    mentions: list[tuple[int, str]],
    roles: dict[str, str],
    breaks: list[int],
) -> dict[str, str]:
    """Full name -> "male" or "female", for the people the article gives evidence on.

    ``mentions`` are (offset, full name) sorted by offset; ``roles`` the role phrase each
    person was introduced with; ``breaks`` the offsets where sentences begin."""
    votes: dict[str, Counter[str]] = {}
    for name, role in roles.items():
        words = set(re.findall(r"[a-z]+", role.lower()))
        votes.setdefault(name, Counter())
        votes[name]["male"] += 2 * len(words & _MALE_NOUNS)
        votes[name]["female"] += 2 * len(words & _FEMALE_NOUNS)
    bounds = [0, *breaks, len(masked)]
    for pos, name in mentions:
        counter = votes.setdefault(name, Counter())
        head = masked[max(0, pos - 8) : pos]
        counter["male"] += 2 * bool(_MALE_TITLE.search(head))
        counter["female"] += 2 * bool(_FEMALE_TITLE.search(head))
        index = next((i for i, b in enumerate(bounds) if b > pos), len(bounds)) - 1
        start, end = bounds[index], bounds[min(index + 1, len(bounds) - 1)]
        if len(masked[start:pos].split()) > 3:
            continue  # not what the sentence is about
        others = {n for p, n in mentions if start <= p < end} - {name}
        if others:
            continue
        window = masked[pos:end]
        if index + 2 < len(bounds):
            following = {n for p, n in mentions if end <= p < bounds[index + 2]}
            if not following - {name}:
                window += masked[end : bounds[index + 2]]
        counter["male"] += len(_MALE.findall(window))
        counter["female"] += len(_FEMALE.findall(window))
    found = {
        name: ("male" if c["male"] > c["female"] else "female")
        for name, c in votes.items()
        if c["male"] != c["female"]
    }
    for name in roles:  # no evidence in the article: what the first name says, if clear
        if name not in found and len(name.split()) > 1:
            guess = gender_of_first_name(name.split()[0])
            if guess:
                found[name] = guess
    return found
