"""Read one ClaimReview object as real publishers emit them (pure).

Finding the objects in a document is :mod:`.documents`. Tolerated here: lowercase types and
``"type"`` for ``"@type"``; numbers written as strings; a CreativeWork where a Claim
belongs; appearance / firstAppearance as an object, a URL string or a list; odd dates
(``"2019-11-19 14:42:55Z"``; ``"0001-01-01 00:00:00Z"`` means "no date").
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from claimtracker.claimreview.documents import (
    DocumentError,
    as_list,
    find_reviews,
    load_document,
    types_of,
)
from claimtracker.i18n import N_, Message
from claimtracker.textfragment import split_text_fragment

__all__ = [
    "AppearanceRef",
    "DocumentError",
    "ForeignRating",
    "MalformedItem",
    "ParsedReview",
    "find_reviews",
    "load_document",
    "parse_date",
    "parse_review",
    "types_of",
]

_DATE_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")


class MalformedItem(ValueError):
    """One review cannot be imported; the message says why (shown in the import report)."""


@dataclass(frozen=True)
class ForeignRating:
    """A publisher's own rating, as written (numbers already parsed)."""

    value: float | None = None
    best: float | None = None
    worst: float | None = None
    label: str | None = None
    image: str | None = None


@dataclass(frozen=True)
class AppearanceRef:
    """Where the claim appeared: an article known by URL and metadata (no text)."""

    url: str
    headline: str = ""
    outlet: str | None = None
    published: date | None = None
    exact: str = ""


@dataclass
class ParsedReview:
    url: str
    claim_reviewed: str
    claimant: str | None = None
    claim_date: date | None = None
    review_date: date | None = None
    publisher_name: str = ""
    publisher_url: str | None = None
    headline: str | None = None
    summary: str | None = None
    language: str | None = None
    rating: ForeignRating | None = None
    appearances: list[AppearanceRef] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)
    #: The faithfulness judgement (a label), from an ``associatedReview`` whose
    #: ``reviewAspect`` names faithfulness to the cited source; None when there is none.
    fidelity: str | None = None
    _raw_json: str | None = field(default=None, repr=False, compare=False)

    @property
    def raw_json(self) -> str:
        """``raw`` as the importer stores it (a claim's ``origin_json``): JSON with its
        non-ASCII text as it is. Made once: parsing already wrote it."""
        if self._raw_json is None:
            self._raw_json = json.dumps(self.raw, ensure_ascii=False)
        return self._raw_json


def _fidelity(value: Any) -> str | None:
    """The label of the faithfulness Review among ``associatedReview`` (see
    publishing.claimreview.fidelity_review, which writes it)."""
    for review in as_list(value):
        if not isinstance(review, dict):
            continue
        aspect = (_text(review.get("reviewAspect")) or "").casefold()
        if "faithful" in aspect or "fidelity" in aspect:
            rating = _rating(review.get("reviewRating"))
            if rating is not None and rating.label:
                return rating.label
    return None


# --- reading one review -------------------------------------------------------------


def _text(value: Any) -> str | None:
    """A plain string from a string, a number or a ``{"name"|"@value": ...}`` object."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        # NUL cannot be stored in PostgreSQL text and is never meaningful here.
        cleaned = " ".join(value.replace("\x00", "").split())
        return cleaned or None
    return None


def _url(value: Any) -> str | None:
    """An http(s) URL from a string or a node's ``url``/``@id``, else None."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("@id")
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value if urlsplit(value).scheme in {"http", "https"} else None


def number(value: Any) -> float | None:
    """A finite number from a number or a numeric string, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip().replace(",", "."))
        except ValueError:
            return None
    if isinstance(value, int | float) and math.isfinite(value):
        return float(value)
    return None


def parse_date(value: Any) -> date | None:
    """The date part of an ISO-ish date or datetime; None for junk and placeholder years."""
    if not isinstance(value, str):
        return None
    match = _DATE_RE.match(value)
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    if year < 1000:  # "0001-01-01 00:00:00Z" is how some CMSs write "no date"
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _name_of(value: Any) -> str | None:
    for item in as_list(value):
        name = _text(item.get("name") if isinstance(item, dict) else item)
        if name:
            return name
    return None


def _rating(node: Any) -> ForeignRating | None:
    node = as_list(node)[0] if as_list(node) else None
    if not isinstance(node, dict):
        return None
    rating = ForeignRating(
        value=number(node.get("ratingValue")),
        best=number(node.get("bestRating")),
        worst=number(node.get("worstRating")),
        label=_text(node.get("alternateName")) or _text(node.get("name")),
        image=_url(node.get("image")),
    )
    return rating if rating.value is not None or rating.label else None


def _appearance(node: Any) -> AppearanceRef | None:
    url = _url(node)
    if url is None:
        return None
    base, exact = split_text_fragment(url)
    if not isinstance(node, dict):
        return AppearanceRef(url=base, exact=exact)
    outlet = _name_of(node.get("publisher"))
    return AppearanceRef(
        url=base,
        exact=exact,
        headline=_text(node.get("headline")) or _text(node.get("name")) or "",
        outlet=outlet,
        published=parse_date(node.get("datePublished")),
    )


def _appearances(item: dict[str, Any]) -> list[AppearanceRef]:
    nodes = as_list(item.get("appearance")) + as_list(item.get("firstAppearance"))
    if not nodes and types_of(item) & {"creativework"}:
        # Legacy pattern: the CreativeWork itself is where the claim was made.
        nodes = [item.get("url") or item.get("mainEntityOfPage")]
    out: list[AppearanceRef] = []
    seen = set()
    for node in nodes:
        ref = _appearance(node)
        if ref and (ref.url, ref.exact) not in seen:
            seen.add((ref.url, ref.exact))
            out.append(ref)
    return out


def _language(value: Any) -> str | None:
    code = _text(value.get("alternateName") if isinstance(value, dict) else value)
    if not code:
        return None
    # "en-Poly" (Polygraph) is not a real tag; keep the primary language subtag only.
    primary = code.split("-")[0].split("_")[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None


def _holds_lone_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        return _not_unicode(value)
    if isinstance(value, dict):
        return any(_holds_lone_surrogate(k) or _holds_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_lone_surrogate(v) for v in value)
    return False


def _not_unicode(text: str) -> bool:
    # Encoding is C-speed and fails exactly on a lone surrogate (a character-by-character
    # scan in Python was a sixth of a bulk import's CPU time).
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _as_json(node: dict[str, Any]) -> str | None:
    """The node as JSON with its text as it is (every key and string of it, lone
    surrogates included); None when it is not JSON's kind of data."""
    try:
        return json.dumps(node, ensure_ascii=False)
    except (TypeError, ValueError):
        return None


def parse_review(node: dict[str, Any]) -> ParsedReview:
    """Read one ClaimReview node. Raises MalformedItem (not a ClaimReview, no url, no
    claimReviewed)."""
    kinds = types_of(node)
    # One C-speed pass over the whole node (a walk of it in Python was a tenth of a bulk
    # import's CPU time), kept: the importer stores this text as the claim's origin_json.
    as_json = _as_json(node)
    if _not_unicode(as_json) if as_json is not None else _holds_lone_surrogate(node):
        # JSON's "\ud800" escapes decode to strings no database can store.
        raise MalformedItem(
            Message(N_("the review holds text that is not valid Unicode (a lone surrogate)"))
        )
    if "mediareview" in kinds:
        raise MalformedItem(
            Message(N_("MediaReview is not a ClaimReview (media reviews are not imported)"))
        )
    if "claimreview" not in kinds:
        raise MalformedItem(
            Message(N_("not a ClaimReview (type %(types)s)"), types=", ".join(sorted(kinds)))
            if kinds
            else Message(N_("not a ClaimReview (type none)"))
        )
    url = _url(node.get("url")) or _url(node.get("mainEntityOfPage"))
    if not url:
        raise MalformedItem(
            Message(N_("the review has no url, so it cannot be imported idempotently"))
        )
    claim_text = _text(node.get("claimReviewed"))
    if not claim_text:
        raise MalformedItem(Message(N_("the review has no claimReviewed text")))
    items = as_list(node.get("itemReviewed"))
    item: dict[str, Any] = items[0] if items and isinstance(items[0], dict) else {}
    author = as_list(node.get("author")) + as_list(node.get("publisher"))
    org = next((a for a in author if isinstance(a, dict)), {})
    publisher_url = _url(org.get("url")) or _url(org.get("sameAs"))
    publisher = (
        _name_of(author)
        or (urlsplit(publisher_url).hostname if publisher_url else None)
        or urlsplit(url).hostname
        or ""
    )
    return ParsedReview(
        url=url,
        claim_reviewed=claim_text,
        claimant=_name_of(item.get("author")),
        claim_date=parse_date(item.get("datePublished")),
        review_date=parse_date(node.get("datePublished")) or parse_date(node.get("dateModified")),
        publisher_name=publisher.removeprefix("www."),
        publisher_url=publisher_url,
        headline=_text(node.get("headline")) or _text(node.get("name")),
        summary=_text(node.get("description")),
        language=_language(node.get("inLanguage")),
        rating=_rating(node.get("reviewRating")),
        appearances=_appearances(item),
        raw=node,
        fidelity=_fidelity(node.get("associatedReview")),
        _raw_json=as_json,
    )
