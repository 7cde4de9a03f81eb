"""Article extraction from HTML with trafilatura (pure): headline, byline, outlet, date, text."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from claimtracker.i18n import N_, Message
from claimtracker.ingest.urls import host_of


@dataclass(frozen=True)
class ExtractedArticle:
    """What a page says about itself. Any field may be empty; the text never is None."""

    headline: str
    byline: str | None
    outlet: str | None
    published_on: date | None
    text: str
    language: str | None = None
    description: str | None = None


class ExtractionError(ValueError):
    """No article text could be found in the page (its argument is a Message)."""


_NO_TEXT = Message(N_("no article text was found in the page"))


_BY = re.compile(r"^\s*by\s+", re.IGNORECASE)
# Page furniture that extractors pick up next to an author's name.
_BYLINE_JUNK = re.compile(
    r"\b(?:link copied|copy link|username|share this|follow|email|twitter|"
    r"(?:updated|published|posted)\b.*$)",
    re.IGNORECASE,
)
_NOT_AN_AUTHOR = {"admin", "staff", "editor", "username", "user", "guest", "anonymous"}
# An agency or the outlet itself run into a reporter's name: "Tom Davies Associated Press".
_WIRES = ("associated press", "the associated press", "reuters", "afp", "ap", "pti")


def without_outlet(byline: str | None, outlet: str | None) -> str | None:
    """A byline without a trailing agency or outlet name after the reporter's own name
    ("Kevin McCoy USA TODAY" -> "Kevin McCoy"); a byline that is only the outlet stays."""
    if not byline:
        return byline
    tails = sorted({*_WIRES, *([outlet.lower()] if outlet else [])}, key=len, reverse=True)
    names = []
    for name in byline.split(", "):
        for tail in tails:
            if name.lower().endswith(" " + tail) and len(name) > len(tail) + 3:
                name = name[: -len(tail)].rstrip(" ,-|/")
                break
        names.append(name)
    return ", ".join(names)


def clean_byline(value: str | None) -> str | None:
    """An extracted byline without page junk ("Link Copied", "Username", "By … and …
    Updated on …"); empty rather than wrong when nothing like a name is left."""
    value = _BYLINE_JUNK.sub(" ", " ".join((value or "").split()))
    value = _BY.sub("", value).replace(";", ",")
    value = re.sub(r"\s+and\s+", ", ", value)
    value = re.split(r"\d", value)[0]  # a date or time run into the byline
    names = [" ".join(part.split()) for part in value.split(",")]
    names = [n for n in names if n and n.lower() not in _NOT_AN_AUTHOR]
    return ", ".join(names)[:300] or None


_SPACES = re.compile(r"[ \t\u00a0]+")
_META_AUTHOR = (
    "author",
    "article:author",
    "og:article:author",
    "byl",
    "dc.creator",
    "parsely-author",
    "sailthru.author",
)
_BYLINE_PATHS = (
    "//*[@itemprop='author']",
    "//a[@rel='author']",
    "//*[contains(concat(' ', normalize-space(@class), ' '), 'byline')]",
)


def _authors_in(node: Any) -> Iterator[str]:
    """Author names in a parsed ld+json value (an Article's ``author``: a string, a Person
    or Organization with a ``name``, or a list of those)."""
    if isinstance(node, list):
        for item in node:
            yield from _authors_in(item)
    elif isinstance(node, dict):
        if "@graph" in node:
            yield from _authors_in(node["@graph"])
        author = node.get("author")
        if isinstance(author, str):
            yield author
        elif isinstance(author, dict) and isinstance(author.get("name"), str):
            yield author["name"]
        elif isinstance(author, list):
            for one in author:
                if isinstance(one, str):
                    yield one
                elif isinstance(one, dict) and isinstance(one.get("name"), str):
                    yield one["name"]


def page_byline(html: str | bytes) -> str | None:
    """The author a page names in its own markup, when the extractor found none: ld+json
    ``author``, then ``<meta>`` author tags, then an element marked as the byline. Web
    addresses (profile links) are no names; the result is cleaned like any byline."""
    # lxml and trafilatura are imported where a page is read, not with the module: the app
    # imports this module at start-up, and a worker serving readers never extracts a page
    # (the per-worker memory budget, README "Speed").
    import lxml.html
    from lxml import etree

    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, etree.ParserError):
        return None
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        names = [n for n in _authors_in(data) if not _is_address(n)]
        if names and (found := clean_byline(", ".join(names))):
            return found
    for meta in tree.xpath("//meta[@name or @property]"):
        key = (meta.get("name") or meta.get("property") or "").lower()
        content = meta.get("content") or ""
        found = clean_byline(content) if key in _META_AUTHOR else None
        if found and not _is_address(content):
            return found
    for path in _BYLINE_PATHS:
        for element in tree.xpath(path):
            found = clean_byline(" ".join(element.itertext()))
            if found and len(found) <= 120:
                return found
    return None


def _is_address(value: str) -> bool:
    return bool(re.match(r"\s*(?:https?:|www\.|/)", value))


def _clean(value: str | None, limit: int) -> str | None:
    value = " ".join((value or "").split())
    return value[:limit] or None


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def normalise_text(text: str) -> str:
    """Tidy whitespace without touching words: paragraphs separated by one blank line."""
    paragraphs = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = _SPACES.sub(" ", line).strip()
        if line:
            paragraphs.append(line)
    return "\n\n".join(paragraphs)


def extract_article(html: str | bytes, url: str | None = None) -> ExtractedArticle:
    """Extract the main article from a page. Raises ExtractionError when no text is found.

    trafilatura reads the page's own metadata (ld+json, Open Graph, <meta>) and its main
    content; the byline loses a leading "By", the outlet falls back to the host name.
    """
    import trafilatura  # where used, like lxml in page_byline

    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=False,
        deduplicate=False,
    )
    if document is None:
        raise ExtractionError(_NO_TEXT)
    data = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    text = normalise_text(data.get("text") or "")
    if not text:
        raise ExtractionError(_NO_TEXT)
    byline = clean_byline(data.get("author")) or page_byline(html)
    outlet = _clean(data.get("sitename"), 200)
    byline = without_outlet(byline, outlet)
    if not outlet and url:
        outlet = host_of(url) or None
    return ExtractedArticle(
        headline=_clean(data.get("title"), 500) or "",
        byline=byline,
        outlet=outlet,
        published_on=_parse_date(data.get("date")),
        text=text,
        language=_clean(data.get("language"), 16),
        description=_clean(data.get("description"), 1000),
    )


def text_from_plain(text: str) -> str:
    """A pasted plain-text article, tidied the same way as an extracted one."""
    return normalise_text(text)


def looks_like_html(text: str) -> bool:
    """Whether pasted content is HTML (so it goes through extraction) or plain text."""
    head = text.lstrip()[:2000].lower()
    return head.startswith(("<!doctype", "<html")) or bool(
        re.search(r"<(p|div|article|body|head|h1|br)\b[^>]*>", head)
    )
