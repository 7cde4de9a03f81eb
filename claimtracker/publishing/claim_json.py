"""Loaded claims -> the API's JSON shapes (see api.schemas), also ``export --format json``.

Reads loaded models directly rather than ``records``: a list shows a summary and a detail
page much more, each loaded by its own query options, and these shapes follow the
models field by field. No queries; the claim URL needs url_for (``publishing.site``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, Protocol

from claimtracker.alignment import compare
from claimtracker.models import Appearance, Article, Claim, Rating, Source, Verdict
from claimtracker.publishing.dates import iso
from claimtracker.publishing.history import public_history
from claimtracker.publishing.links import exchange_quote_link
from claimtracker.publishing.site import claim_url as public_claim_url


def claim_url(claim: Claim) -> str:
    """The claim's public page (its canonical address, with the slug)."""
    return public_claim_url(claim.id, claim.text, external=True)


def rating(row: Rating | None) -> dict[str, Any]:
    if row is None:
        return {"label": "Not rated", "value": None}
    return {"label": row.label, "value": row.value}


def fidelity(verdict: Verdict | None) -> dict[str, Any]:
    """The verdict's second axis, beside ``rating``: was it reported faithfully?
    ``value`` is the FIDELITY scale's value, None when not assessed."""
    if verdict is None or verdict.fidelity is None:
        return {"label": "Not assessed", "value": None}
    return {"label": verdict.fidelity_label or verdict.fidelity, "value": verdict.fidelity}


def cited_source(row: Appearance) -> dict[str, Any] | None:
    """What the appearance's article attributes the passage to, the source it cites and
    the passage found there, with the words that differ (None when no source is linked)."""
    article = row.cited_article if row.cited_article_id is not None else None
    url = article.url if article is not None else row.cited_url
    if url is None:
        return None
    differences = None
    if row.cited_exact:
        found = compare(row.cited_exact, row.exact)
        differences = {
            "removed": found.removed_words,
            "added": found.added_words,
            "numbers": [{"source": n.source, "article": n.article} for n in found.numbers],
            "flips": [
                {"kind": f.kind, "source": f.source, "article": f.article} for f in found.flips
            ],
        }
    return {
        "url": url,
        "article_id": article.id if article is not None else None,
        "outlet": article.outlet.name if article is not None and article.outlet else None,
        "archive_url": (article.archive_url if article is not None else None)
        or row.cited_archive_url,
        "passage": (
            {
                "exact": row.cited_exact,
                "prefix": row.cited_prefix or "",
                "suffix": row.cited_suffix or "",
            }
            if row.cited_exact
            else None
        ),
        "link": exchange_quote_link(url, row.cited_exact) if row.cited_exact else url,
        "differences": differences,
    }


def article_ref(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "url": article.url,
        "title": article.headline or article.url,
        "outlet": article.outlet.name if article.outlet else None,
        "published": iso(article.published_on),
    }


def appearance(row: Appearance) -> dict[str, Any]:
    return {
        "article": article_ref(row.article),
        "quote": {"exact": row.exact, "prefix": row.prefix or "", "suffix": row.suffix or ""},
        # The whole quote, so API clients can read it back from the link alone.
        "link": exchange_quote_link(row.article.url, row.exact),
        "speaker": row.speaker,
        "check": quote_check(row),
        "attributed_to": row.attributed_to,
        "cited_source": cited_source(row),
    }


def quote_check(row: Appearance) -> dict[str, Any]:
    """The quote watchdog's last look: status against the article version checked
    (1 is the snapshot quoted), the wording there when altered, and why it could not check."""
    return {
        "status": row.quote_status,
        "checked": iso(row.checked_at),
        "version": row.checked_version,
        "now": row.current_exact if row.quote_status == "altered" else None,
        "error": row.check_error,
    }


class Version(Protocol):
    """A stored text version of an article (``services.watchdog.VersionInfo``, frozen:
    hence read-only properties)."""

    @property
    def number(self) -> int: ...
    @property
    def retrieved_at(self) -> datetime | None: ...
    @property
    def origin(self) -> str: ...


def versions(rows: Iterable[Version]) -> list[dict[str, Any]]:
    """The article's stored text versions (number and retrieval time; text on the site)."""
    return [
        {"number": v.number, "retrieved": iso(v.retrieved_at), "origin": v.origin} for v in rows
    ]


def source(row: Source) -> dict[str, Any]:
    return {
        "url": row.url,
        "title": row.title,
        "publisher": row.publisher,
        "stance": row.stance,
        "accessed": iso(row.accessed_on),
        "archive_url": row.archive_url,
        "note": row.note,
    }


def history_entry(verdict: Verdict) -> dict[str, Any]:
    return {
        "rating": rating(verdict.rating),
        "fidelity": fidelity(verdict),
        "summary": verdict.summary,
        "reason": verdict.reason,
        "reason_note": verdict.reason_note,
        "published": iso(verdict.published_at),
        "original_rating": verdict.original_rating,
    }


def claim_summary(claim: Claim) -> dict[str, Any]:
    verdict = claim.current_verdict
    return {
        "id": claim.id,
        "url": claim_url(claim),
        "text": claim.text,
        "claimant": claim.claimant.name if claim.claimant else None,
        "claimed": iso(claim.claimed_on),
        "published": iso(claim.first_published_at),
        "updated": iso(verdict.published_at if verdict else None),
        "status": claim.status,
        "rating": rating(verdict.rating if verdict else None),
        "fidelity": fidelity(verdict),
        "tags": [t.name for t in claim.tags],
    }


def claim_detail(claim: Claim) -> dict[str, Any]:
    verdict = claim.current_verdict
    out = claim_summary(claim)
    out.update(
        long_text=claim.long_text,
        language=claim.language,
        summary=verdict.summary if verdict else "",
        original_rating=verdict.original_rating if verdict else None,
        origin=(
            {"url": claim.origin_url, "publisher": claim.origin_publisher}
            if claim.origin_url
            else None
        ),
        appearances=[appearance(a) for a in claim.appearances],
        sources=[source(s) for s in claim.sources],
        history=[history_entry(v) for v in public_history(claim)],
    )
    return out


def article(
    row: Article, claim_ids: list[int] | None = None, versions_of: Iterable[Version] = ()
) -> dict[str, Any]:
    """An article with the published claims quoted in it and its stored text versions
    (the caller reads them: ``services.watchdog.version_list``)."""
    out = article_ref(row)
    out.update(
        byline=row.byline,
        has_text=bool(row.text),
        claims=claim_ids or [],
        versions=versions(versions_of),
    )
    return out


def page(
    items: list[dict[str, Any]], *, page_no: int, per_page: int, total: int, next_url: str | None
) -> dict[str, Any]:
    return {"items": items, "page": page_no, "per_page": per_page, "total": total, "next": next_url}
