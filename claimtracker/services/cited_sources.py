"""The source an appearance cites, and how the outlet's passage differs from it.

An appearance may say what the article attributes the passage to ("The Blast reports")
and link the cited source: an article logged here, or a pasted excerpt with its URL. The
passage in the source closest to the appearance's passage is found by the alignment core
and anchored like any quote. One write path: the desk, the API and the CLI call ``link``.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import defer, joinedload

from claimtracker.alignment import (
    Comparison,
    SourcePassage,
    compare,
    find_passage,
    suggest_attribution,
    suggest_fidelity,
)
from claimtracker.extensions import db
from claimtracker.ingest import anchors
from claimtracker.ingest.urls import InvalidURL, require_http_url
from claimtracker.models import Appearance, Article, User, utcnow
from claimtracker.services import audit, policies
from claimtracker.services.errors import Invalid, NotFound
from claimtracker.services.messages import lazy_reason

MAX_EXCERPT_CHARS = 50_000
MAX_ATTRIBUTION_CHARS = 300


def get_appearance(appearance_id: int) -> Appearance:
    """The appearance with that id. Raises NotFound."""
    appearance = db.session.get(Appearance, appearance_id)
    if appearance is None:
        raise NotFound(_l("no appearance %(appearance_id)s", appearance_id=appearance_id))
    return appearance


def citable_articles(appearance: Appearance, limit: int = 200) -> list[Article]:
    """Logged articles with stored text that the appearance could cite (not its own),
    newest first; the one already cited is always among them."""
    rows = list(
        db.session.scalars(
            select(Article)
            .where(Article.text.is_not(None), Article.id != appearance.article_id)
            .options(defer(Article.text), joinedload(Article.outlet))
            .order_by(Article.id.desc())
            .limit(limit)
        )
    )
    cited = appearance.cited_article
    if cited is not None and cited not in rows:
        rows.insert(0, cited)
    return rows


def cited_text(appearance: Appearance) -> str | None:
    """The cited source's text: the logged article's snapshot or the pasted excerpt."""
    if appearance.cited_article is not None:
        return appearance.cited_article.text or None
    return appearance.cited_excerpt


def cited_url(appearance: Appearance) -> str | None:
    """Where the cited source is published."""
    if appearance.cited_article is not None:
        return appearance.cited_article.url
    return appearance.cited_url


def cited_archive_url(appearance: Appearance) -> str | None:
    """An archived copy of the cited source, when one is known."""
    if appearance.cited_article is not None:
        return appearance.cited_article.archive_url or appearance.cited_archive_url
    return appearance.cited_archive_url


def has_cited_source(appearance: Appearance) -> bool:
    """True when the appearance links a cited source."""
    return appearance.cited_article_id is not None or appearance.cited_excerpt is not None


def comparison(appearance: Appearance) -> Comparison | None:
    """The word-level difference from the cited passage to the appearance's passage, or
    None when no cited passage was found."""
    if not appearance.cited_exact:
        return None
    return compare(appearance.cited_exact, appearance.exact)


@dataclass(frozen=True)
class Suggestion:
    """What the desk pre-fills: the attribution phrase and the fidelity the alignment
    suggests (None when no cited source is linked yet)."""

    attributed_to: str | None
    fidelity: str | None


def suggest(appearance: Appearance) -> Suggestion:
    """The attribution phrase found around the passage in its article, and the fidelity
    the alignment suggests when a cited source is linked."""
    text = appearance.article.text if appearance.article else None
    phrase = None
    if text and appearance.start is not None and appearance.end is not None:
        phrase = suggest_attribution(text, appearance.start, appearance.end)
    fidelity = None
    if has_cited_source(appearance):
        found = None
        if appearance.cited_exact is not None:
            found = SourcePassage(
                appearance.cited_start or 0, appearance.cited_end or 0, appearance.cited_exact, 0.0
            )
        fidelity = suggest_fidelity(found, comparison(appearance))
    return Suggestion(phrase, fidelity)


def _may_change(actor: User | None, appearance: Appearance) -> None:
    # what readers see changes only with an editor's sign-off (services.policies)
    policies.check_cited_source_edit(appearance.claim, actor)


def _clean_url(value: str | None, field: str) -> str | None:
    if not (value or "").strip():
        return None
    try:
        return require_http_url((value or "").strip())
    except InvalidURL as err:
        raise Invalid(lazy_reason(err), field=field) from None


def link(
    actor: User | None,
    appearance: Appearance,
    *,
    attributed_to: str | None = None,
    article_id: int | None = None,
    excerpt: str | None = None,
    url: str | None = None,
    archive_url: str | None = None,
) -> Appearance:
    """Record what the article attributes the passage to and the source it cites: a
    logged article (``article_id``) or a pasted ``excerpt`` with its ``url``. The closest
    passage in the source is found and anchored; when none is close enough the source is
    kept with no passage (the alignment then suggests "Fabricated").
    Raises Invalid (neither or both of article and excerpt, bad URL, article without
    text), NotFound (no such article), Forbidden (published claim, not an editor)."""
    _may_change(actor, appearance)
    phrase = (attributed_to or "").strip()
    if len(phrase) > MAX_ATTRIBUTION_CHARS:
        raise Invalid(_l("the attribution is too long"), field="attributed_to")
    excerpt = (excerpt or "").strip() or None
    if (article_id is None) == (excerpt is None):
        raise Invalid(
            _l("link the cited source as a logged article or as a pasted excerpt (one of them)"),
            field="article_id" if excerpt is None else "excerpt",
        )
    archive = _clean_url(archive_url, "archive_url")
    cited: Article | None = None
    if article_id is not None:
        cited = db.session.get(Article, article_id)
        if cited is None:
            raise NotFound(_l("no article %(article_id)s", article_id=article_id))
        if cited.id == appearance.article_id:
            raise Invalid(_l("an article cannot be its own cited source"), field="article_id")
        if not cited.text:
            raise Invalid(
                _l("the cited article has no stored text: paste the passage as an excerpt"),
                field="article_id",
            )
        text, source_url = cited.text, None
    else:
        assert excerpt is not None
        if len(excerpt) > MAX_EXCERPT_CHARS:
            raise Invalid(_l("the excerpt is too long"), field="excerpt")
        source_url = _clean_url(url, "url")
        if source_url is None:
            raise Invalid(_l("give the URL the excerpt was copied from"), field="url")
        text = excerpt
    found = find_passage(appearance.exact, text)
    appearance.attributed_to = phrase or None
    appearance.cited_article = cited
    appearance.cited_excerpt = excerpt
    appearance.cited_url = source_url
    appearance.cited_archive_url = archive
    if found is None:
        appearance.cited_exact = appearance.cited_prefix = appearance.cited_suffix = None
        appearance.cited_start = appearance.cited_end = None
    else:
        anchor = anchors.build(text, found.start, found.end)
        appearance.cited_exact = anchor.quote.exact
        appearance.cited_prefix = anchor.quote.prefix
        appearance.cited_suffix = anchor.quote.suffix
        appearance.cited_start = anchor.position.start
        appearance.cited_end = anchor.position.end
    appearance.claim.updated_at = utcnow()
    audit.record(
        actor,
        "appearance.cited",
        appearance,
        claim_id=appearance.claim_id,
        changes={
            "attributed_to": appearance.attributed_to,
            "cited": cited.url if cited else source_url,
            "passage": appearance.cited_exact,
            "score": found.score if found else None,
        },
    )
    return appearance


def unlink(actor: User | None, appearance: Appearance) -> Appearance:
    """Remove the appearance's cited source and attribution. Raises Forbidden as ``link``."""
    _may_change(actor, appearance)
    appearance.attributed_to = None
    appearance.cited_article = None
    appearance.cited_excerpt = appearance.cited_url = appearance.cited_archive_url = None
    appearance.cited_exact = appearance.cited_prefix = appearance.cited_suffix = None
    appearance.cited_start = appearance.cited_end = None
    appearance.claim.updated_at = utcnow()
    audit.record(actor, "appearance.uncited", appearance, claim_id=appearance.claim_id)
    return appearance
