"""Articles and outlets: logging an article once, with an immutable text snapshot."""

from __future__ import annotations

import hashlib
from datetime import date, datetime

from slugify import slugify
from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.ingest.urls import InvalidURL, canonical_url, require_http_url
from claimtracker.models import Article, Outlet, User, utcnow
from claimtracker.services import audit
from claimtracker.services.errors import Invalid, NotFound

MAX_TEXT_CHARS = 2_000_000


def get_or_create_outlet(name: str, domain: str | None = None) -> Outlet | None:
    name = (name or "").strip()[:200]
    if not name:
        return None
    outlet = db.session.scalar(select(Outlet).where(Outlet.name == name))
    if outlet is None:
        outlet = Outlet(name=name, slug=slugify(name) or "outlet", domain=domain)
        db.session.add(outlet)
        db.session.flush()
    return outlet


def find_by_url(url: str) -> Article | None:
    """The article already logged under the canonical form of ``url``, if any."""
    try:
        return db.session.scalar(select(Article).where(Article.url == canonical_url(url)))
    except InvalidURL:
        return None


def get(article_id: int) -> Article:
    article = db.session.get(Article, article_id)
    if article is None:
        raise NotFound(f"no article {article_id}")
    return article


def log_article(
    actor: User | None,
    *,
    url: str,
    headline: str = "",
    byline: str | None = None,
    outlet: str | None = None,
    published_on: date | None = None,
    text: str | None = None,
    origin: str = "pasted",
    archive_url: str | None = None,
    retrieved_at: datetime | None = None,
    language: str | None = None,
) -> tuple[Article, bool]:
    """Log an article, or return the one already logged at the same canonical URL.

    Returns ``(article, created)``. Raises Invalid for a bad URL or an oversized text.
    """
    try:
        canonical = canonical_url(url)
        if archive_url:
            archive_url = require_http_url(archive_url)
    except InvalidURL as err:
        raise Invalid(str(err), field="url") from None
    existing = db.session.scalar(select(Article).where(Article.url == canonical))
    if existing is not None:
        return existing, False
    if text is not None and len(text) > MAX_TEXT_CHARS:
        raise Invalid("the article text is too long", field="text")
    article = Article(
        url=canonical,
        headline=(headline or "").strip()[:500],
        byline=(byline or "").strip()[:300] or None,
        outlet=get_or_create_outlet(outlet or ""),
        published_on=published_on,
        origin=origin,
        archive_url=archive_url,
        language=language,
        created_by_id=actor.id if actor else None,
    )
    if text:
        article.text = text
        article.text_sha256 = hashlib.sha256(text.encode()).hexdigest()
        article.retrieved_at = retrieved_at or utcnow()
    db.session.add(article)
    audit.record(actor, "article.logged", article, changes={"url": canonical, "origin": origin})
    return article, True
