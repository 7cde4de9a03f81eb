"""Write a published claim as schema.org ClaimReview (pure, over model objects).

Used by ``claimtracker export --format claimreview``. Each appearance is written as a
Claim ``appearance`` whose ``url`` carries a text fragment (``#:~:text=``) for the exact
quote, so a re-import recovers the quote, not just the article.
"""

from __future__ import annotations

import json
from typing import Any

from claimtracker.claimreview.fragments import text_fragment_link
from claimtracker.models import Claim


def claim_page_url(claim: Claim, base_url: str) -> str:
    """The claim's public page (``/claims/<id>``) under ``base_url``."""
    return f"{base_url.rstrip('/')}/claims/{claim.id}"


def _rating(claim: Claim, scale_bounds: tuple[int, int] | None) -> dict[str, Any]:
    verdict = claim.current_verdict
    rating = verdict.rating if verdict else None
    out: dict[str, Any] = {"@type": "Rating", "alternateName": rating.label if rating else ""}
    if rating is not None and rating.value is not None and scale_bounds:
        # Google asks for numbers with explicit bounds; Unproven has no number, so only
        # its label is written (a -1 sentinel would be one publisher's private convention).
        out.update(ratingValue=rating.value, worstRating=scale_bounds[0],
                   bestRating=scale_bounds[1])
    return out


def _appearance(appearance: Any) -> dict[str, Any]:
    article = appearance.article
    node: dict[str, Any] = {
        "@type": "CreativeWork",
        "url": text_fragment_link(article.url, appearance.exact),
    }
    if article.headline:
        node["headline"] = article.headline
    if article.published_on:
        node["datePublished"] = article.published_on.isoformat()
    if article.outlet is not None:
        node["publisher"] = {"@type": "Organization", "name": article.outlet.name}
    return node


def to_claimreview(
    claim: Claim, *, base_url: str, org_name: str, org_url: str,
    scale_bounds: tuple[int, int] | None = (1, 5),
) -> dict[str, Any]:
    """The ClaimReview JSON-LD object for a published claim.

    ``scale_bounds`` is the local scale's (worst, best) numeric values. A claim imported
    from another publisher is written as that publisher's original ClaimReview, verbatim:
    it is their review (attribution, their URL as the idempotency key, their own rating),
    not ours to re-sign.
    """
    if claim.origin_url and claim.origin_json:
        try:
            original = json.loads(claim.origin_json)
        except ValueError:
            original = None
        if isinstance(original, dict):
            return original
    verdict = claim.current_verdict
    item: dict[str, Any] = {"@type": "Claim"}
    if claim.claimant is not None:
        item["author"] = {"@type": "Person", "name": claim.claimant.name}
    if claim.claimed_on:
        item["datePublished"] = claim.claimed_on.isoformat()
    appearances = [_appearance(a) for a in claim.appearances]
    if appearances:
        item["appearance"] = appearances
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": claim_page_url(claim, base_url),
        "claimReviewed": claim.text,
        "itemReviewed": item,
        "author": {"@type": "Organization", "name": org_name, "url": org_url},
        "reviewRating": _rating(claim, scale_bounds),
        "inLanguage": claim.language or "en",
    }
    published = (verdict.published_at if verdict else None) or claim.first_published_at
    if published:
        review["datePublished"] = published.date().isoformat()
    if verdict is not None and verdict.summary:
        review["description"] = verdict.summary
    return review


def feed(reviews: list[dict[str, Any]]) -> dict[str, Any]:
    """A DataFeed wrapping ClaimReviews, the shape Google's and DataCommons' feeds use."""
    return {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "dataFeedElement": [{"@type": "DataFeedItem", "item": [r]} for r in reviews],
    }
