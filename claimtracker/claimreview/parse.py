"""Find and read ClaimReview objects as real publishers emit them (pure).

Tolerated: a bare object, a list, an ``@graph``, a DataFeed (``dataFeedElement[].item[]``),
HTML pages with ``<script type="application/ld+json">`` blocks; lowercase types and
``"type"`` for ``"@type"``; numbers written as strings; a CreativeWork where a Claim
belongs; appearance / firstAppearance as an object, a URL string or a list; odd dates
(``"2019-11-19 14:42:55Z"``; ``"0001-01-01 00:00:00Z"`` means "no date").
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from claimtracker.claimreview.fragments import split_text_fragment

MAX_DEPTH = 8
_DATE_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")
_SCHEMA_PREFIXES = ("http://schema.org/", "https://schema.org/", "schema:")


class DocumentError(ValueError):
    """The input is neither JSON nor HTML with JSON-LD: nothing in it can be imported."""


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


def types_of(node: Any) -> set[str]:
    """The node's schema.org types, lowercased, prefixes removed (``@type`` or ``type``)."""
    if not isinstance(node, dict):
        return set()
    raw = node.get("@type", node.get("type"))
    values = raw if isinstance(raw, list) else [raw]
    out = set()
    for value in values:
        if isinstance(value, str):
            for prefix in _SCHEMA_PREFIXES:
                value = value.removeprefix(prefix)
            out.add(value.strip().lower())
    return out


def is_claimreview(node: Any) -> bool:
    return "claimreview" in types_of(node)


def find_reviews(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every review-like node (ClaimReview, MediaReview, Review) in ``data``, in order.

    MediaReview and plain Review are yielded too, so the importer can report them as
    skipped with a reason instead of silently ignoring them.
    """
    if depth > MAX_DEPTH:
        return
    if isinstance(data, list):
        for item in data:
            yield from find_reviews(item, depth + 1)
        return
    if not isinstance(data, dict):
        return
    if types_of(data) & {"claimreview", "mediareview"}:
        yield data
        return
    if "@graph" in data:
        yield from find_reviews(data["@graph"], depth + 1)
    if "dataFeedElement" in data:
        for element in _as_list(data["dataFeedElement"]):
            if isinstance(element, dict):
                # In the DataCommons feed, ``item`` is a list of ClaimReviews or null.
                yield from find_reviews(element.get("item"), depth + 1)
            else:
                yield from find_reviews(element, depth + 1)


def ld_json_blocks(html: str) -> list[Any]:
    """The parsed ``<script type="application/ld+json">`` blocks of an HTML page.

    Blocks that are not valid JSON are left out: a page's other broken markup must not
    stop its ClaimReview from being read.
    """
    import lxml.html  # lxml comes with trafilatura; imported here to keep JSON-only use light

    try:
        tree = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    blocks = []
    for script in tree.iter("script"):
        kind = (script.get("type") or "").split(";")[0].strip().lower()
        if kind != "application/ld+json":
            continue
        body = (script.text or "").strip()
        # Some CMSs wrap the JSON in an HTML comment or CDATA section.
        body = re.sub(r"^(<!--|<!\[CDATA\[)|(-->|\]\]>)$", "", body).strip()
        try:
            blocks.append(json.loads(body, strict=False))
        except ValueError:
            continue
    return blocks


def load_document(content: bytes | str) -> list[dict[str, Any]]:
    """The review nodes in a JSON or HTML document. Raises DocumentError when the content
    is neither JSON nor HTML."""
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            raise DocumentError("the file is not UTF-8 text") from err
    text = content.lstrip("\ufeff").strip()
    if not text:
        raise DocumentError("the file is empty")
    if text[0] in "[{":
        try:
            return list(find_reviews(json.loads(text, strict=False)))
        except ValueError as err:
            raise DocumentError(f"the file is not valid JSON: {err}") from None
    if text.startswith("<"):
        return list(find_reviews(ld_json_blocks(text)))
    raise DocumentError("the file is neither JSON nor HTML")


# --- reading one review -------------------------------------------------------------


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


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
    for item in _as_list(value):
        name = _text(item.get("name") if isinstance(item, dict) else item)
        if name:
            return name
    return None


def _rating(node: Any) -> ForeignRating | None:
    node = _as_list(node)[0] if _as_list(node) else None
    if not isinstance(node, dict):
        return None
    rating = ForeignRating(
        value=number(node.get("ratingValue")), best=number(node.get("bestRating")),
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
        url=base, exact=exact, headline=_text(node.get("headline")) or _text(node.get("name"))
        or "", outlet=outlet, published=parse_date(node.get("datePublished")),
    )


def _appearances(item: dict[str, Any]) -> list[AppearanceRef]:
    nodes = _as_list(item.get("appearance")) + _as_list(item.get("firstAppearance"))
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


def parse_review(node: dict[str, Any]) -> ParsedReview:
    """Read one ClaimReview node. Raises MalformedItem (not a ClaimReview, no url, no
    claimReviewed)."""
    kinds = types_of(node)
    if "mediareview" in kinds:
        raise MalformedItem("MediaReview is not a ClaimReview (media reviews are not imported)")
    if "claimreview" not in kinds:
        raise MalformedItem(f"not a ClaimReview (type {', '.join(sorted(kinds)) or 'none'})")
    url = _url(node.get("url")) or _url(node.get("mainEntityOfPage"))
    if not url:
        raise MalformedItem("the review has no url, so it cannot be imported idempotently")
    claim_text = _text(node.get("claimReviewed"))
    if not claim_text:
        raise MalformedItem("the review has no claimReviewed text")
    item = _as_list(node.get("itemReviewed"))
    item = item[0] if item and isinstance(item[0], dict) else {}
    author = _as_list(node.get("author")) + _as_list(node.get("publisher"))
    org = next((a for a in author if isinstance(a, dict)), {})
    publisher_url = _url(org.get("url")) or _url(org.get("sameAs"))
    publisher = (_name_of(author) or (urlsplit(publisher_url).hostname if publisher_url else None)
                 or urlsplit(url).hostname or "")
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
    )
