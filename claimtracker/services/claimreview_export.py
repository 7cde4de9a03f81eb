"""schema.org ClaimReview for a published claim: the one mapping the claim page's JSON-LD,
``/claimreview.json`` and the API share.

Pure over already-loaded objects: no queries (the caller loads the claim with its
claimant, current verdict and rating, and appearances with article and outlet), no Flask.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from slugify import slugify

from claimtracker.models import Claim

SCHEMA = "https://schema.org"


@dataclass(frozen=True)
class Organisation:
    """The publisher named as the review's author (config ORGANISATION_NAME / _URL)."""

    name: str
    url: str


def claim_slug(text: str) -> str:
    """The readable part of a claim's canonical URL."""
    return slugify(text or "", max_length=80, word_boundary=True) or "claim"


def claim_path(claim_id: int, text: str) -> str:
    """The canonical path of a claim page, ``/claims/<id>/<slug>``."""
    return f"/claims/{claim_id}/{claim_slug(text)}"


def _day(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    return (value.date() if isinstance(value, datetime) else value).isoformat()


def review_rating(rating: Any, bounds: tuple[int, int] | None) -> dict[str, Any]:
    """``alternateName`` always; the numbers only when the rating has one."""
    out: dict[str, Any] = {"@type": "Rating", "alternateName": rating.label}
    if rating.value is not None and bounds is not None:
        worst, best = bounds
        out.update(ratingValue=rating.value, bestRating=best, worstRating=worst)
    return out


def appearances(claim: Claim) -> list[dict[str, Any]]:
    """One CreativeWork per article the claim appeared in, in the page's order."""
    seen: set[int] = set()
    works = []
    for appearance in claim.appearances:
        article = appearance.article
        if article.id in seen:
            continue
        seen.add(article.id)
        work: dict[str, Any] = {"@type": "CreativeWork", "url": article.url}
        if article.headline:
            work["headline"] = article.headline
        if article.published_on:
            work["datePublished"] = article.published_on.isoformat()
        if article.outlet is not None:
            work["publisher"] = {"@type": "Organization", "name": article.outlet.name}
        works.append(work)
    return works


def _first(works: list[dict[str, Any]]) -> dict[str, Any] | None:
    dated = [w for w in works if w.get("datePublished")]
    if dated:
        return min(dated, key=lambda w: w["datePublished"])
    return works[0] if works else None


def _claimant(claim: Claim) -> dict[str, Any] | None:
    if claim.claimant is None:
        return None
    # A claimant that is also an outlet the claim appeared in speaks as an organisation.
    outlets = {a.article.outlet.name for a in claim.appearances if a.article.outlet}
    kind = "Organization" if claim.claimant.name in outlets else "Person"
    return {"@type": kind, "name": claim.claimant.name}


def to_claimreview(claim: Claim, base_url: str, org: Organisation,
                   bounds: tuple[int, int] | None) -> dict[str, Any]:
    """The ClaimReview (JSON-LD, as a dict) for a published claim.

    ``base_url`` is the site root (``https://host/``), ``bounds`` the scale's
    (worst, best) numbers from ``ratings.scale_bounds()``. Raises ValueError when the
    claim has no current verdict.
    """
    verdict = claim.current_verdict
    if verdict is None:
        raise ValueError(f"claim {claim.id} has no published verdict")
    works = appearances(claim)
    item: dict[str, Any] = {"@type": "Claim"}
    author = _claimant(claim)
    if author:
        item["author"] = author
    if claim.claimed_on:
        item["datePublished"] = claim.claimed_on.isoformat()
    if works:
        item["appearance"] = works
        item["firstAppearance"] = _first(works)
    review: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "ClaimReview",
        "url": base_url.rstrip("/") + claim_path(claim.id, claim.text),
        "claimReviewed": claim.text,
        "datePublished": _day(claim.first_published_at or verdict.published_at),
        "author": {"@type": "Organization", "name": org.name, "url": org.url},
        "reviewRating": review_rating(verdict.rating, bounds),
        "itemReviewed": item,
        "inLanguage": claim.language,
    }
    modified = _day(verdict.published_at)
    if modified and modified != review["datePublished"]:
        review["dateModified"] = modified
    return review
