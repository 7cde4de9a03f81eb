"""Article extraction from HTML with trafilatura (pure): headline, byline, outlet, date, text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import trafilatura

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
    """No article text could be found in the page."""


_BY = re.compile(r"^\s*by\s+", re.IGNORECASE)
# Page furniture that extractors pick up next to an author's name.
_BYLINE_JUNK = re.compile(
    r"\b(?:link copied|copy link|username|share this|follow|email|twitter|"
    r"(?:updated|published|posted)\b.*$)",
    re.IGNORECASE,
)
_NOT_AN_AUTHOR = {"admin", "staff", "editor", "username", "user", "guest", "anonymous"}


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
        raise ExtractionError("no article text was found in the page")
    data = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    text = normalise_text(data.get("text") or "")
    if not text:
        raise ExtractionError("no article text was found in the page")
    byline = clean_byline(data.get("author"))
    outlet = _clean(data.get("sitename"), 200)
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
