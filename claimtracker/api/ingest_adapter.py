"""The seam between the API and the ingest core (fetch + extract).

The safe fetcher and extractor (``claimtracker.ingest.fetch.fetch`` and
``claimtracker.ingest.extract.extract_article``) are built on the desk branch. Until they
are merged, a URL-only article answers 422 "fetching is not available", and HTML is
reduced to text with trafilatura directly. After the merge both paths go through the
ingest core with no change here: the imports below simply start to succeed.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from claimtracker.services.errors import Invalid


@dataclass
class Extracted:
    text: str | None = None
    headline: str = ""
    byline: str | None = None
    outlet: str | None = None
    published: date | None = None
    language: str | None = None


def _module(name: str) -> Any | None:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def fetch_available() -> bool:
    return _module("claimtracker.ingest.fetch") is not None


def _field(result: Any, *names: str) -> Any:
    """Read the first present field from an object or a dict (the ingest core's result
    type is not settled yet)."""
    for name in names:
        value = result.get(name) if isinstance(result, dict) else getattr(result, name, None)
        if value:
            return value
    return None


def _as_extracted(result: Any) -> Extracted:
    published = _field(result, "published_on", "published", "date")
    if isinstance(published, str):
        try:
            published = date.fromisoformat(published[:10])
        except ValueError:
            published = None
    return Extracted(
        text=_field(result, "text", "body"), headline=_field(result, "headline", "title") or "",
        byline=_field(result, "byline", "author"), outlet=_field(result, "outlet", "sitename"),
        published=published if isinstance(published, date) else None,
        language=_field(result, "language", "lang"),
    )


def extract_html(html: str, url: str) -> Extracted:
    """Text and metadata from a page's HTML. Raises Invalid when no text is found."""
    extract = _module("claimtracker.ingest.extract")
    if extract is not None and hasattr(extract, "extract_article"):
        result = _as_extracted(extract.extract_article(html, url=url))
    else:
        import trafilatura

        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
        result = _as_extracted(doc.as_dict() if hasattr(doc, "as_dict") else (doc or {}))
    if not result.text:
        raise Invalid("no article text could be extracted from the HTML", field="html")
    return result


def fetch_article(url: str) -> Extracted:
    """Fetch ``url`` through the safe fetcher and extract it. Raises Invalid."""
    fetch = _module("claimtracker.ingest.fetch")
    if fetch is None or not hasattr(fetch, "fetch"):
        raise Invalid("fetching is not available on this server: send the page's html or "
                      "text with the url", field="url")
    try:
        fetched = fetch.fetch(url)
    except Invalid:
        raise
    except Exception as err:  # the fetcher's own error types (blocked host, timeout, size)
        raise Invalid(f"the page could not be fetched: {err}", field="url") from None
    html = _field(fetched, "html", "text", "body")
    if isinstance(html, bytes):
        html = html.decode("utf-8", "replace")
    if not html:
        raise Invalid("the page could not be fetched", field="url")
    return extract_html(html, _field(fetched, "url", "final_url") or url)
