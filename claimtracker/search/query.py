"""Reading a search request from query-string parameters, leniently (pure).

Nothing here raises for user input: malformed values are dropped with a message. The
query text is cut into words and "quoted phrases" so no engine syntax survives.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from claimtracker.i18n import N_, Message
from claimtracker.ids import parse_id
from claimtracker.search.languages import variants

MAX_QUERY_CHARS = 200
MAX_TERMS = 12
SORTS = ("relevance", "date")
_TERM = re.compile(r'"([^"]*)"|(\w+)')


@dataclass
class SearchQuery:
    """A validated search request (build it with :func:`parse_args`)."""

    q: str = ""
    rating: str | None = None
    claimant: int | None = None
    outlet: int | None = None
    tag: str | None = None
    #: The second axis: a value of the FIDELITY scale (was it reported faithfully?).
    fidelity: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    page: int = 1

    @property
    def terms(self) -> list[str]:
        return terms(self.q)


def terms(q: str) -> list[str]:
    """Words and "quoted phrases" of a query, stripped of every engine operator."""
    found: list[str] = []
    for phrase, word in _TERM.findall(q[:MAX_QUERY_CHARS]):
        text = " ".join(re.findall(r"\w+", phrase)) if phrase else word
        if text and text.lower() not in {t.lower() for t in found}:
            found.append(text)
    return found[:MAX_TERMS]


def fts5_match(words: list[str], languages: Iterable[str] = ()) -> str:
    """An FTS5 MATCH string: every term a quoted string, all ANDed; with
    ``languages``, a term matches its Snowball stem in any of them too (``("vacunas" OR
    "vacun")``), as non-English documents carry their stems (search.languages)."""
    stemmed_in = tuple(languages)
    parts = []
    for word in words:
        forms = ['"' + form.replace('"', '""') + '"' for form in variants(word, stemmed_in)]
        parts.append(forms[0] if len(forms) == 1 else "(" + " OR ".join(forms) + ")")
    # FTS5 ANDs bare phrases implicitly but wants the word between bracketed groups.
    return " AND ".join(parts)


def _int(value: str | None) -> int | None:
    number = parse_id(value)
    return number if number is not None and len(value or "") < 10 else None


def _date(value: str | None, name: str, messages: list[str]) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        messages.append(
            Message(
                N_("Ignored the %(name)s date %(value)r: use YYYY-MM-DD."),
                name=name,
                value=value[:20],
            )
        )
        return None


def parse_args(args: Mapping[str, str]) -> tuple[SearchQuery, list[str]]:
    """Read query-string parameters leniently: anything malformed is dropped with a message
    saying so, never an error."""
    messages: list[str] = []
    # NUL never means anything here, and PostgreSQL refuses it even in a WHERE clause.
    args = {key: value.replace("\x00", "") for key, value in args.items()}
    q = " ".join((args.get("q") or "").split())
    if len(q) > MAX_QUERY_CHARS:
        messages.append(
            Message(
                N_("The search was shortened to its first %(most)s characters."),
                most=MAX_QUERY_CHARS,
            )
        )
        q = q[:MAX_QUERY_CHARS]
    sort = args.get("sort") or "relevance"
    if sort not in SORTS:
        messages.append(Message(N_("Unknown sort order; sorted by relevance.")))
        sort = "relevance"
    page_arg = args.get("page") or "1"
    page = _int(page_arg) or 1
    if page_arg != "1" and _int(page_arg) is None:
        messages.append(Message(N_("Ignored a malformed page number.")))
    query = SearchQuery(
        q=q,
        rating=(args.get("rating") or "").strip()[:60] or None,
        claimant=_int(args.get("claimant")),
        outlet=_int(args.get("outlet")),
        tag=(args.get("tag") or "").strip().lower()[:60] or None,
        fidelity=(args.get("fidelity") or "").strip().lower()[:60] or None,
        date_from=_date(args.get("from"), "from", messages),
        date_to=_date(args.get("to"), "to", messages),
        sort=sort,
        page=max(1, page),
    )
    if query.date_from and query.date_to and query.date_from > query.date_to:
        messages.append(Message(N_("The date range was reversed; swapped its ends.")))
        query.date_from, query.date_to = query.date_to, query.date_from
    return query, messages
