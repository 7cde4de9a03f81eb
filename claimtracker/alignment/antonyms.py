"""Words that turn a statement into its opposite: negations and antonym pairs.

A short, reviewed list rather than a thesaurus: each pair is one a misreport has been seen
to flip (permission, legality, direction, outcome, truth). Words are compared by a crude
stem (endings "-ed", "-ing", "-s" and a final "e" dropped), so "allowed", "allows"
and "allowing" all match "allow".
"""

from __future__ import annotations

NEGATIONS = frozenset(
    [
        "not",
        "no",
        "never",
        "none",
        "nobody",
        "nothing",
        "neither",
        "nor",
        "cannot",
        "can't",
        "won't",
        "isn't",
        "aren't",
        "wasn't",
        "weren't",
        "don't",
        "doesn't",
        "didn't",
        "hasn't",
        "haven't",
        "hadn't",
        "shouldn't",
        "wouldn't",
        "couldn't",
    ]
)

_PAIRS = [
    ("allow", "prohibit"),
    ("allow", "ban"),
    ("allow", "forbid"),
    ("permit", "prohibit"),
    ("permit", "forbid"),
    ("permit", "ban"),
    ("legal", "illegal"),
    ("lawful", "unlawful"),
    ("guilty", "innocent"),
    ("true", "false"),
    ("increase", "decrease"),
    ("rise", "fall"),
    ("rose", "fell"),
    ("more", "less"),
    ("more", "fewer"),
    ("higher", "lower"),
    ("win", "lose"),
    ("won", "lost"),
    ("accept", "reject"),
    ("approve", "reject"),
    ("support", "oppose"),
    ("confirm", "deny"),
    ("admit", "deny"),
    ("alive", "dead"),
    ("open", "close"),
    ("safe", "dangerous"),
    ("include", "exclude"),
    ("always", "never"),
    ("start", "stop"),
    ("begin", "end"),
    ("raise", "cut"),
    ("raise", "lower"),
    ("gain", "loss"),
    ("profit", "loss"),
    ("success", "failure"),
    ("majority", "minority"),
    ("acquit", "convict"),
    ("release", "detain"),
    ("require", "optional"),
    ("mandatory", "optional"),
    ("mandatory", "voluntary"),
]
_PREFIXES = ("un", "in", "il", "im", "ir", "dis", "non")


def stem(word: str) -> str:
    """A crude stem of ``word`` (lower case): common inflection endings dropped, a doubled
    final consonant undone ("banned" -> "ban") and "i" back to "y" ("denied" -> "deny")."""
    w = word.lower().replace("’", "'")
    for ending in ("ing", "ed", "es", "s", "e"):
        if len(w) > len(ending) + 2 and w.endswith(ending):
            w = w[: -len(ending)]
            if ending in ("ing", "ed") and len(w) > 2 and w[-1] == w[-2] and w[-1] not in "aeiouls":
                w = w[:-1]
            elif ending in ("ed", "es") and w.endswith("i"):
                w = w[:-1] + "y"
            break
    return w


_STEMMED = {frozenset((stem(a), stem(b))) for a, b in _PAIRS}


def are_antonyms(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` say opposite things ("allowed"/"prohibited",
    "legal"/"illegal", "possible"/"impossible")."""
    sa, sb = stem(a), stem(b)
    if sa == sb:
        return False
    if frozenset((sa, sb)) in _STEMMED:
        return True
    for x, y in ((sa, sb), (sb, sa)):
        for prefix in _PREFIXES:
            if y == prefix + x and len(x) > 3:
                return True
    return False
