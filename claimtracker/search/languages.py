"""Each claim's language in search (pure): which PostgreSQL text search configuration
stems it, and, for SQLite (whose FTS5 porter tokenizer stems English only), the Snowball
stems added to a document and to a query so "vacuna" finds "Las vacunas …".

A claim keeps its own language (``inLanguage``, a BCP 47 tag such as "es" or "pt-BR");
its primary subtag picks the stemmer. A language without one is indexed word for word
(PostgreSQL's ``simple``), which is what every language got before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import snowballstemmer  # type: ignore[import-untyped]  # pure Python, no type hints

#: Primary language subtag -> the PostgreSQL text search configuration (and Snowball
#: stemmer) of that name. Only configurations every supported PostgreSQL ships (12+).
CONFIGS: dict[str, str] = {
    "da": "danish",
    "de": "german",
    "en": "english",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "hu": "hungarian",
    "it": "italian",
    "nb": "norwegian",
    "nl": "dutch",
    "nn": "norwegian",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sv": "swedish",
    "tr": "turkish",
}
FALLBACK = "simple"
_WORD = re.compile(r"\w+")


def primary(language: str | None) -> str:
    """The primary subtag of a language tag, lower case ("pt_BR" -> "pt")."""
    return re.split(r"[-_]", (language or "").strip().lower(), maxsplit=1)[0]


def pg_config(language: str | None) -> str:
    """The PostgreSQL text search configuration for a claim in ``language``."""
    return CONFIGS.get(primary(language), FALLBACK)


def pg_config_case(column: str) -> str:
    """SQL choosing the configuration from a language column: a CASE over constant
    ``regconfig`` literals, so an index over ``to_tsvector(<this>, text)`` is immutable.
    Keyed by the column's value as stored (the primary subtag, see :func:`primary`)."""
    whens = " ".join(
        f"WHEN '{code}' THEN '{name}'::regconfig" for code, name in sorted(CONFIGS.items())
    )
    return f"CASE {column} {whens} ELSE '{FALLBACK}'::regconfig END"


@lru_cache(maxsize=32)
def _stemmer(name: str) -> Any:
    return snowballstemmer.stemmer(name)


def snowball_name(language: str | None) -> str | None:
    """The Snowball stemmer SQLite indexing adds for ``language``: None for English (the
    FTS5 porter tokenizer stems it already) and for languages without one."""
    name = CONFIGS.get(primary(language))
    return None if name in (None, "english") else name


def stems(text: str, language: str | None) -> str:
    """The stems of ``text``'s words in ``language``, in order (empty when the language
    has no stemmer or no word changes): appended to a SQLite document so FTS5 finds
    inflected forms, and phrases still match stem for stem."""
    name = snowball_name(language)
    if name is None or not text:
        return ""
    words = _WORD.findall(text.lower())
    stemmed = _stemmer(name).stemWords(words)
    return " ".join(stemmed) if stemmed != words else ""


def variants(term: str, languages: Iterable[str]) -> list[str]:
    """``term`` (a word or a phrase) and its stems in each of ``languages``, distinct: a
    query matches a document in any of them."""
    found = [term]
    lowered = term.lower()
    for language in languages:
        name = snowball_name(language)
        if name is None:
            continue
        stemmed = " ".join(_stemmer(name).stemWords(_WORD.findall(lowered)))
        if stemmed and stemmed not in found and stemmed != lowered:
            found.append(stemmed)
    return found
