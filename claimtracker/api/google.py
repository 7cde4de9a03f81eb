"""``GET /api/v1alpha1/claims:search`` in the shape of Google's Fact Check Tools API, so
existing clients can point at a claimtracker instance instead of factchecktools.googleapis.com.

Our own claims are reviewed by ORGANISATION_NAME at their public page; imported claims keep
the original publisher, review URL and the publisher's own textual rating.
"""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, current_app, jsonify
from flask_babel import lazy_gettext as _l
from sqlalchemy import func
from sqlalchemy.orm import joinedload

from claimtracker.api import queries
from claimtracker.api.params import int_arg, str_arg
from claimtracker.api.problems import APIError
from claimtracker.extensions import db
from claimtracker.models import Claim, Verdict
from claimtracker.publishing import claim_json
from claimtracker.publishing.site import organisation_url

bp = Blueprint("api_google", __name__, url_prefix="/api/v1alpha1")

DEFAULT_PAGE_SIZE = 10


def _timestamp(value: datetime | None) -> str | None:
    """RFC 3339 UTC ("Zulu"), as Google's Timestamp fields."""
    if value is None:
        return None
    if value.tzinfo is None:  # SQLite hands back naive datetimes; they are stored as UTC
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def site_of(url: str) -> str:
    """Host-level site name without scheme or "www.", from the review URL."""
    return (urlsplit(url).hostname or "").removeprefix("www.")


def encode_token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode().rstrip("=")


def decode_token(token: str) -> int:
    """The offset in a page token. Raises APIError 400 for a token we did not issue."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        kind, _, number = raw.partition(":")
        if kind != "o" or not number.isdigit() or len(number) > 9:
            raise ValueError(raw)
        return int(number)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise APIError(
            400,
            _l("the pageToken is not one this server issued"),
            errors=[{"field": "pageToken", "detail": "invalid"}],
        ) from None


def _drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    """Proto3 JSON leaves out empty fields; so do we."""
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


def google_claim(claim: Claim) -> dict[str, Any]:
    verdict = claim.current_verdict
    if claim.origin_url:
        review_url, publisher = claim.origin_url, claim.origin_publisher or ""
        rating = (verdict.original_rating if verdict else None) or (
            verdict.rating.label if verdict else ""
        )
    else:
        review_url = claim_json.claim_url(claim)
        publisher = current_app.config["ORGANISATION_NAME"]
        rating = verdict.rating.label if verdict else ""
    review = _drop_empty(
        {
            "publisher": _drop_empty({"name": publisher, "site": site_of(review_url)}),
            "url": review_url,
            "title": claim.text,
            "reviewDate": _timestamp(verdict.published_at if verdict else None),
            "textualRating": rating,
            "languageCode": claim.language,
        }
    )
    claim_date = (
        datetime.combine(claim.claimed_on, datetime.min.time(), tzinfo=UTC)
        if claim.claimed_on
        else None
    )
    return _drop_empty(
        {
            "text": claim.text,
            "claimant": claim.claimant.name if claim.claimant else None,
            "claimDate": _timestamp(claim_date),
            "claimReview": [review],
        }
    )


@bp.get("/claims:search")
def claims_search():
    """Search published claims; answers ``{claims: [...], nextPageToken}``."""
    page_size = int_arg("pageSize", DEFAULT_PAGE_SIZE, low=1, high=100)
    max_age = int_arg("maxAgeDays", 0, low=1, high=36500) if str_arg("maxAgeDays") else None
    token = str_arg("pageToken", max_chars=100)
    offset = decode_token(token) if token else int_arg("offset", 0, low=0, high=100_000)
    language = str_arg("languageCode", max_chars=16)
    site = str_arg("reviewPublisherSiteFilter")
    filters = queries.ClaimFilters(q=str_arg("query"))
    if language:
        # "en-US" asks for English: compare primary subtags, as claims store only those.
        filters.language = language.split("-")[0].lower()
    stmt = queries.filtered_claims(filters)
    if max_age:
        since = datetime.now(UTC) - timedelta(days=max_age)
        stmt = stmt.join(Verdict, Verdict.id == Claim.current_verdict_id).where(
            Verdict.published_at >= since
        )
    if site:
        site = queries.like_escape(site.lower().removeprefix("www."))
        own = site_of(organisation_url()) == site
        matches = func.lower(func.coalesce(Claim.origin_url, "")).like(
            f"%://{site}/%", escape="\\"
        ) | func.lower(func.coalesce(Claim.origin_url, "")).like(f"%://www.{site}/%", escape="\\")
        stmt = stmt.where(matches | Claim.origin_url.is_(None)) if own else stmt.where(matches)
    stmt = (
        stmt.options(
            joinedload(Claim.claimant), joinedload(Claim.current_verdict).joinedload(Verdict.rating)
        )
        .order_by(Claim.first_published_at.desc(), Claim.id.desc())
        .offset(offset)
        .limit(page_size + 1)
    )
    rows: list[Claim] = list(db.session.scalars(stmt).unique())
    body: dict[str, Any] = {"claims": [google_claim(c) for c in rows[:page_size]]}
    if len(rows) > page_size:
        body["nextPageToken"] = encode_token(offset + page_size)
    return jsonify(_drop_empty(body))
