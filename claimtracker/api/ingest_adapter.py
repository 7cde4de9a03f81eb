"""The seam between the API's "create an article" and the desk's article services.

The desk branch adds ``services.articles.log_from_url`` (safe fetch + extract) and
``log_from_paste`` (HTML or text with typed metadata). When they exist, :func:`log_article`
calls them, so the API logs articles through exactly the desk's write path. Until they are
merged, a URL-only body answers 422 "fetching is not available" (unless the ingest core's
``fetch``/``extract`` modules are present), and HTML is reduced to text with trafilatura.
At merge this module can shrink to the first branch of :func:`log_article`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from claimtracker.models import Article, User
from claimtracker.services import articles
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


def log_article(actor: User, body: dict[str, Any], *,
                published_on: date | None) -> tuple[Article, bool]:
    """Log the article a validated ``NewArticle`` body describes; ``(article, created)``.
    An article already logged at the same canonical URL is returned as it is: its snapshot
    is immutable, so nothing is fetched or extracted again. Raises Invalid."""
    existing = articles.find_by_url(body["url"])
    if existing is not None:
        return existing, False
    content = body.get("html") or body.get("text")
    typed = {"headline": body.get("headline") or "", "byline": body.get("byline"),
             "outlet": body.get("outlet"), "published_on": published_on}
    if content and hasattr(articles, "log_from_paste"):  # the desk's service, after merge
        return articles.log_from_paste(actor, url=body["url"], content=content, **typed)
    if not content and hasattr(articles, "log_from_url"):
        return articles.log_from_url(actor, body["url"])
    if body.get("text"):
        meta, origin = Extracted(text=body["text"]), "api"
    elif body.get("html"):
        meta, origin = extract_html(body["html"], body["url"]), "html"
    else:
        meta, origin = fetch_article(body["url"]), "fetched"
    return articles.log_article(
        actor, url=body["url"], headline=typed["headline"] or meta.headline,
        byline=typed["byline"] or meta.byline, outlet=typed["outlet"] or meta.outlet,
        published_on=published_on or meta.published, text=meta.text, origin=origin,
        language=body.get("language") or meta.language)
