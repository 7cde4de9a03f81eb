"""What a first name says about "he" or "she", as a last resort (pure lookups, data read once).

The article's own evidence comes first (``claimtracker.ingest.pronouns``); a first name only
decides for a person the article gives no evidence on. The data is the name dictionary that
ships inside the ``gender-guesser`` package (Jörg Michael's ``nam_dict.txt``, GFDL), read
from the installed package, never from the network; only its British and US columns are
kept. Only names that British and US usage agree on count ("Ira" is male in both, though
female elsewhere); anything else stays unknown, so no pronoun is resolved on a guess.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

# The data file's country columns (gender_guesser.detector.Detector.COUNTRIES order).
_GREAT_BRITAIN, _USA = 0, 2
_SIDES = {"M": "male", "1M": "male", "?M": "male", "F": "female", "1F": "female", "?F": "female"}


@cache
def _table() -> dict[str, str]:
    """First name -> "male"/"female" where the British and US columns agree."""
    try:
        data = resources.files("gender_guesser").joinpath("data/nam_dict.txt")
        lines = data.read_text(encoding="utf-8").splitlines()
    except (ModuleNotFoundError, FileNotFoundError):  # optional: no guess without it
        return {}
    # per name and side, the highest frequency code (a hex digit) in each of the two columns
    best: dict[str, dict[str, list[int]]] = {}
    for line in lines:
        gb, us = line[30 + _GREAT_BRITAIN : 31 + _GREAT_BRITAIN], line[30 + _USA : 31 + _USA]
        if (gb in ("", " ") and us in ("", " ")) or line[0] in "#=":
            continue  # neither British nor American usage: most of the file
        side = _SIDES.get(line[:2].strip())
        if side is None:
            continue
        freq = best.setdefault(line[3:29].strip().replace("+", "-"), {}).setdefault(side, [0, 0])
        freq[0], freq[1] = max(freq[0], _weight(gb)), max(freq[1], _weight(us))
    table = {}
    for name, sides in best.items():
        votes = {_winner(sides, 0), _winner(sides, 1)}
        if len(votes) == 1 and None not in votes:
            table[name] = str(votes.pop())
    return table


def _winner(sides: dict[str, list[int]], column: int) -> str | None:
    """The side with the highest frequency in one column; None on a tie or no entry."""
    ranked = sorted(((f[column], side) for side, f in sides.items()), reverse=True)
    if ranked[0][0] == 0 or (len(ranked) > 1 and ranked[1][0] == ranked[0][0]):
        return None
    return ranked[0][1]


def _weight(code: str) -> int:
    return int(code, 16) if code in _HEX else 0


_HEX = set("0123456789ABCDEFabcdef")


def gender_of_first_name(name: str) -> str | None:
    """ "male", "female" or None for a first name ("Keely" -> "female")."""
    if not name[:1].isupper() or len(name) < 2 or "." in name:
        return None
    return _table().get(name)
