"""Model objects -> the API's JSON shapes (see api.schemas). Pure apart from url_for."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from flask import url_for

from claimtracker.models import Appearance, Article, Claim, Job, Rating, Source, Verdict
from claimtracker.services.verdicts import public_history
from claimtracker.services.watchdog import version_list
from claimtracker.textfragment import link_to_quote
from claimtracker.web.public import claim_url as public_claim_url


def iso(value: date | datetime | None) -> str | None:
    """ISO 8601; datetimes always with their offset (RFC 3339). SQLite returns naive
    datetimes for columns stored as UTC, so a missing zone means UTC."""
    if isinstance(value, datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.isoformat() if value is not None else None


def claim_url(claim: Claim) -> str:
    """The claim's public page (its canonical address, with the slug)."""
    return public_claim_url(claim.id, claim.text, external=True)


def rating(row: Rating | None) -> dict[str, Any]:
    if row is None:
        return {"label": "Not rated", "value": None}
    return {"label": row.label, "value": row.value}


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
        "link": link_to_quote(row.article.url, row.exact, whole=True),
        "speaker": row.speaker,
        "check": quote_check(row),
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


def versions(row: Article) -> list[dict[str, Any]]:
    """The article's stored text versions (number and retrieval time; text on the site)."""
    return [
        {"number": v.number, "retrieved": iso(v.retrieved_at), "origin": v.origin}
        for v in version_list(row)
    ]


def job(row: Job) -> dict[str, Any]:
    result = row.result or {}
    article_id = result.get("article_id")
    return {
        "id": row.id,
        "kind": row.kind,
        "state": row.state,
        "attempts": row.attempts,
        "max_attempts": row.max_attempts,
        "next_attempt_at": iso(row.next_attempt_at) if row.state == "pending" else None,
        "last_error": row.last_error,
        "progress": {"done": row.progress_done, "total": row.progress_total},
        "result": row.result,
        "article": url_for("api_v1.get_article", article_id=article_id) if article_id else None,
        "created_at": iso(row.created_at),
        "finished_at": iso(row.finished_at),
    }


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


def article(row: Article, claim_ids: list[int] | None = None) -> dict[str, Any]:
    out = article_ref(row)
    out.update(
        byline=row.byline,
        has_text=bool(row.text),
        claims=claim_ids or [],
        versions=versions(row),
    )
    return out


def page(
    items: list[dict[str, Any]], *, page_no: int, per_page: int, total: int, next_url: str | None
) -> dict[str, Any]:
    return {"items": items, "page": page_no, "per_page": per_page, "total": total, "next": next_url}
