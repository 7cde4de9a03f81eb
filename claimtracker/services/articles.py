"""Articles and outlets: logging an article once, with an immutable text snapshot."""

from __future__ import annotations

import hashlib
from datetime import date, datetime

from flask import current_app
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from slugify import slugify
from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.ingest import anchors, extract, fetch
from claimtracker.ingest.urls import InvalidURL, canonical_url, host_of, require_http_url
from claimtracker.models import Article, Outlet, User, utcnow
from claimtracker.services import audit, policies, uniques
from claimtracker.services.errors import Conflict, Invalid, NotFound
from claimtracker.services.messages import lazy_reason

MAX_TEXT_CHARS = 2_000_000


def get_or_create_outlet(name: str, domain: str | None = None) -> Outlet | None:
    name = (name or "").strip()[:200]
    if not name:
        return None
    # A 200-character name can slugify much longer ("中" -> "zhong"); the column is 200.
    slug = slugify(name, max_length=200) or "outlet"
    return uniques.get_or_create(Outlet, "name", name, slug=slug, domain=domain)


def logged_at(url: str) -> tuple[str, Article | None]:
    """The canonical form of ``url`` and the article already logged under it, if any.
    Every way in (URL, paste, import) checks here first, so an article is logged once.
    Raises Invalid for anything that is not an http(s) URL."""
    try:
        canonical = canonical_url(url)
    except InvalidURL as err:
        raise Invalid(lazy_reason(err), field="url") from None
    return canonical, db.session.scalar(select(Article).where(Article.url == canonical))


def get(article_id: int) -> Article:
    article = db.session.get(Article, article_id)
    if article is None:
        raise NotFound(_l("no article %(article_id)s", article_id=article_id))
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
    canonical, existing = logged_at(url)
    if existing is not None:
        return existing, False
    try:
        archive_url = require_http_url(archive_url) if archive_url else None
    except InvalidURL as err:
        raise Invalid(lazy_reason(err), field="archive_url") from None
    if text is not None and len(text) > MAX_TEXT_CHARS:
        raise Invalid(_l("the article text is too long"), field="text")
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


def fetch_settings() -> dict:
    config = current_app.config
    allowed = config.get("FETCH_ALLOWED_HOSTS") or ()
    if isinstance(allowed, str):  # an env var that was not a JSON list: "a.test,b.test"
        allowed = [h.strip() for h in allowed.split(",") if h.strip()]
    return {
        "allowed_hosts": tuple(allowed),
        "timeout": float(config.get("FETCH_TIMEOUT", 10.0)),
        "max_bytes": int(config.get("FETCH_MAX_BYTES", 5 * 1024 * 1024)),
    }


class FetchFailed(Invalid):
    """The page was not fetched or had no article text. ``transient`` failures (timeouts,
    broken connections, 5xx, 429) may succeed later; the others will not."""

    def __init__(self, message: str | LazyString, *, transient: bool = False):
        super().__init__(message, field="url")
        self.transient = transient


def _transient(err: fetch.FetchError) -> bool:
    if isinstance(err, fetch.FetchTimeout | fetch.ConnectionFailed):
        return True
    return isinstance(err, fetch.BadStatus) and (err.status >= 500 or err.status in (408, 429))


def log_from_url(actor: User | None, url: str) -> tuple[Article, bool]:
    """Fetch ``url`` with the safe fetcher, extract the article and log it under the URL
    it ended at, once per canonical URL: an article already logged is returned with
    ``created`` False (and when ``url`` itself is known, nothing is fetched).
    Any signed-in user (None: the system). Raises FetchFailed (an Invalid) with the
    fetcher's reason."""
    _, existing = logged_at(url)
    if existing is not None:
        return existing, False
    try:
        page = fetch.fetch(url.strip(), **fetch_settings())
    except fetch.FetchError as err:
        raise fetch_failed(err) from None
    return log_page(actor, page)


def fetch_failed(err: fetch.FetchError) -> FetchFailed:
    """The fetcher's refusal as the service's error (transient or not)."""
    return FetchFailed(
        _l("the page was not fetched: %(reason)s", reason=lazy_reason(err)),
        transient=_transient(err),
    )


def log_page(
    actor: User | None, page: fetch.FetchResult, *, origin: str = "fetched"
) -> tuple[Article, bool]:
    """Extract the article from a page the safe fetcher brought and log it under the URL
    it ended at (once per canonical URL). Raises FetchFailed when the page has no article
    text, Invalid for an oversized one."""
    try:
        found = extract.extract_article(page.text, url=page.url)
    except extract.ExtractionError as err:
        raise FetchFailed(
            _l("%(reason)s; paste the article instead", reason=lazy_reason(err))
        ) from None
    # A short or old link that redirected: log (once) under the address it ended at.
    return log_article(
        actor,
        url=page.url,
        headline=found.headline,
        byline=found.byline,
        outlet=found.outlet,
        published_on=found.published_on,
        text=found.text,
        origin=origin,
        language=found.language,
    )


def log_from_paste(
    actor: User,
    *,
    url: str,
    content: str,
    headline: str = "",
    byline: str | None = None,
    outlet: str | None = None,
    published_on: date | None = None,
) -> tuple[Article, bool]:
    """Log a pasted article (HTML or plain text) with typed metadata, for paywalled or
    offline pages. Typed metadata wins over what extraction finds. An article already
    logged at the same canonical URL is returned as it is (``created`` False): its
    snapshot is immutable. Raises Invalid."""
    _, existing = logged_at(url)
    if existing is not None:
        return existing, False
    content = (content or "").strip()
    if not content:
        raise Invalid(_l("paste the article's text or HTML"), field="content")
    if len(content) > MAX_TEXT_CHARS:
        raise Invalid(_l("the pasted article is too long"), field="content")
    if extract.looks_like_html(content):
        try:
            found = extract.extract_article(content, url=url)
        except extract.ExtractionError as err:
            raise Invalid(lazy_reason(err), field="content") from None
        headline = headline or found.headline
        byline = byline or found.byline
        outlet = outlet or found.outlet
        published_on = published_on or found.published_on
        text = found.text
    else:
        text = extract.text_from_plain(content)
    if not (headline or "").strip():
        raise Invalid(_l("give the article's headline"), field="headline")
    if not outlet:
        outlet = host_of(url) if url else None
    return log_article(
        actor,
        url=url,
        headline=headline,
        byline=byline,
        outlet=outlet,
        published_on=published_on,
        text=text,
        origin="pasted",
    )


EDITABLE = ("headline", "byline", "outlet", "published_on", "archive_url")


def correct_metadata(actor: User, article: Article, version: int, **fields: object) -> Article:
    """Correct an article's metadata (never its text snapshot). ``version`` is the
    version the editor saw: a stale one raises Conflict. Once a published claim cites the
    article, editors only (``policies.check_article_change``). Raises Forbidden, Invalid."""
    if article.version_id != version:
        raise Conflict(
            _l("someone else changed this article's details after you opened it"),
            detail={"current": {k: _value(article, k) for k in EDITABLE}},
        )
    policies.check_article_change(article, actor)
    changes: dict[str, list] = {}
    for name, value in fields.items():
        if name not in EDITABLE:
            raise Invalid(_l("%(name)s cannot be corrected here", name=name), field=name)
        if isinstance(value, str):
            value = " ".join(value.split())
        if name == "headline" and not value:
            raise Invalid(_l("the headline cannot be empty"), field="headline")
        if name == "archive_url" and value:
            try:
                value = require_http_url(str(value))
            except InvalidURL as err:
                raise Invalid(lazy_reason(err), field="archive_url") from None
        old = _value(article, name)
        if (value or None) == (old or None):
            continue
        changes[name] = [old, value]
        if name == "outlet":
            article.outlet = get_or_create_outlet(str(value or ""))
        else:
            setattr(article, name, value or None if name != "headline" else value)
    if changes:
        audit.record(actor, "article.corrected", article, changes=changes)
    return article


def _value(article: Article, name: str) -> object:
    if name == "outlet":
        return article.outlet.name if article.outlet else None
    return getattr(article, name)


def recheck_quotes(actor: User, article: Article, new_text: str) -> dict[int, str]:
    """Re-locate every appearance's anchor in a newer text of the article and store the
    answer (verbatim, altered or missing) as its quote status. The stored snapshot is
    never replaced. Returns {appearance id: status}. Any signed-in user."""
    results: dict[int, str] = {}
    changed: dict[str, list] = {}
    for appearance in article.appearances:
        if appearance.start is None:
            continue  # nothing was anchored (metadata-only article)
        found = anchors.locate(
            new_text,
            anchors.TextQuoteSelector(appearance.exact, appearance.prefix, appearance.suffix),
            anchors.TextPositionSelector(appearance.start, appearance.end or appearance.start),
        )
        results[appearance.id] = found.status
        if appearance.quote_status != found.status:
            changed[str(appearance.id)] = [appearance.quote_status, found.status]
            appearance.quote_status = found.status
            audit.record(
                actor,
                "appearance.rechecked",
                appearance,
                claim_id=appearance.claim_id,
                changes={"fields": {"quote_status": changed[str(appearance.id)]}},
            )
    return results


def recheck_from_url(actor: User, article: Article) -> dict[int, str]:
    """Fetch the article's page again (safe fetcher) and re-check its quotes against it.
    Raises Invalid with the fetcher's reason."""
    try:
        page = fetch.fetch(article.url, **fetch_settings())
        found = extract.extract_article(page.text, url=page.url)
    except fetch.FetchError as err:
        raise Invalid(
            _l("the page was not fetched: %(reason)s", reason=lazy_reason(err)), field="url"
        ) from None
    except extract.ExtractionError as err:
        raise Invalid(lazy_reason(err), field="url") from None
    return recheck_quotes(actor, article, found.text)
