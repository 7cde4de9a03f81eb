"""schema.org ClaimReview for a published claim: the one builder behind the claim page's
JSON-LD, ``/claimreview.json`` and ``claimtracker export --format claimreview``.

Pure over plain data: it takes a ``publishing.records.ClaimRecord`` (made from a loaded
claim by ``records.claim_record``, the one model-to-data step), no models, no queries, no
Flask (the caller passes the claim page's canonical URL). The exchange features live here too:
each appearance URL carries a text fragment (``#:~:text=``) with the exact quote, so an
export → import round trip recovers the quote, and an imported claim is written as its
publisher's original ClaimReview.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from claimtracker.publishing.links import exchange_quote_link
from claimtracker.publishing.organisation import Organisation
from claimtracker.publishing.records import AppearanceRecord, ClaimRecord, RatingRecord

SCHEMA = "https://schema.org"


def _day(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    return (value.date() if isinstance(value, datetime) else value).isoformat()


def review_rating(rating: RatingRecord, bounds: tuple[int, int] | None) -> dict[str, Any]:
    """``alternateName`` always; the numbers only when the rating has one.

    Google asks for numbers with explicit bounds; Unproven has no number, so only its label
    is written (a -1 sentinel would be one publisher's private convention).
    """
    out: dict[str, Any] = {"@type": "Rating", "alternateName": rating.label}
    if rating.value is not None and bounds is not None:
        worst, best = bounds
        out.update(ratingValue=rating.value, bestRating=best, worstRating=worst)
    return out


def _appearance(appearance: AppearanceRecord) -> dict[str, Any]:
    article = appearance.article
    work: dict[str, Any] = {
        "@type": "CreativeWork",
        # The whole quote, verbatim: the importer reads it back from this fragment.
        "url": exchange_quote_link(article.url, appearance.exact),
    }
    if article.headline:
        work["headline"] = article.headline
    if article.published_on:
        work["datePublished"] = article.published_on.isoformat()
    if article.outlet is not None:
        work["publisher"] = {"@type": "Organization", "name": article.outlet.name}
    cited = appearance.cited
    if cited is not None:
        # The source the article cites, its passage in the URL's text fragment
        source: dict[str, Any] = {
            "@type": "CreativeWork",
            "url": exchange_quote_link(cited.url, cited.passage) if cited.passage else cited.url,
        }
        if cited.archive_url:
            source["archivedAt"] = cited.archive_url
        work["isBasedOn"] = source
        if cited.attributed_to:
            work["creditText"] = cited.attributed_to
    return work


#: ``reviewAspect`` of the faithfulness Review (docs/architecture.md, "The two-axis verdict").
FIDELITY_ASPECT = "Faithfulness to the cited source"


def fidelity_review(claim: ClaimRecord, works: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The verdict's second axis as a schema.org ``Review`` with ``reviewAspect``, of the
    appearance that cites a source (else the first): None when not assessed. It rides in
    the ClaimReview's ``associatedReview``, so the page still carries one ClaimReview and
    an importer that knows nothing of it reads the ClaimReview unchanged."""
    verdict = claim.current_verdict
    if verdict is None or verdict.fidelity is None:
        return None
    review: dict[str, Any] = {
        "@type": "Review",
        "reviewAspect": FIDELITY_ASPECT,
        "reviewRating": {
            "@type": "Rating",
            "alternateName": verdict.fidelity.label,
            "identifier": verdict.fidelity.value,
        },
    }
    cited = [w for w in works if "isBasedOn" in w]
    reviewed = (cited or works)[:1]
    if reviewed:
        review["itemReviewed"] = {"@type": "CreativeWork", "url": reviewed[0]["url"]}
    return review


def appearances(claim: ClaimRecord) -> list[dict[str, Any]]:
    """One CreativeWork per quote, in the page's order. Two quotes from one article are
    two works (their URLs differ by fragment), so neither quote is lost on re-import;
    an exact repeat is written once."""
    seen: set[str] = set()
    works = []
    for appearance in claim.appearances:
        work = _appearance(appearance)
        if work["url"] not in seen:
            seen.add(work["url"])
            works.append(work)
    return works


def _first(works: list[dict[str, Any]]) -> dict[str, Any] | None:
    dated = [w for w in works if w.get("datePublished")]
    if dated:
        return min(dated, key=lambda w: w["datePublished"])
    return works[0] if works else None


def _claimant(claim: ClaimRecord) -> dict[str, Any] | None:
    if claim.claimant is None:
        return None
    # A claimant that is also an outlet the claim appeared in speaks as an organisation.
    outlets = {a.article.outlet.name for a in claim.appearances if a.article.outlet}
    kind = "Organization" if claim.claimant.name in outlets else "Person"
    return {"@type": kind, "name": claim.claimant.name}


def original_review(claim: ClaimRecord) -> dict[str, Any] | None:
    """The publisher's own ClaimReview for an imported claim (``None`` for ours).

    Returned as imported; only ``@context`` is added when the review sat inside a larger
    JSON-LD document that declared it, so the object stands alone as JSON-LD.
    """
    if not (claim.origin_url and claim.origin_json):
        return None
    try:
        original = json.loads(claim.origin_json)
    except ValueError:
        return None
    if not isinstance(original, dict):
        return None
    cleaned: dict[str, Any] = _without_unsafe_links(original)
    if "@context" not in cleaned:
        cleaned = {"@context": SCHEMA, **cleaned}
    return cleaned


# Keys whose string values are links; readers of our JSON-LD and feeds turn them into hrefs.
_LINK_KEYS = frozenset(
    {
        "url",
        "@id",
        "sameAs",
        "image",
        "logo",
        "mainEntityOfPage",
        "contentUrl",
        "embedUrl",
        "thumbnailUrl",
        "archivedAt",
        "appearance",
        "firstAppearance",
    }
)


def _without_unsafe_links(value: Any, key: str = "") -> Any:
    """The imported review with every javascript:, data:, file: (any non-http) link left
    out, so we never republish a publisher's (or an attacker's) script URL as a link.
    Relative references and blank-node ids (no scheme) stay."""
    if isinstance(value, dict):
        return {
            k: _without_unsafe_links(v, k)
            for k, v in value.items()
            if not (k in _LINK_KEYS and _unsafe_link(v))
        }
    if isinstance(value, list):
        return [
            _without_unsafe_links(v, key)
            for v in value
            if not (key in _LINK_KEYS and _unsafe_link(v))
        ]
    return value


def _unsafe_link(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        scheme = urlsplit(value.strip()).scheme.lower()
    except ValueError:
        return True
    return scheme not in {"", "http", "https"}


def to_claimreview(
    claim: ClaimRecord, *, url: str, org: Organisation, bounds: tuple[int, int] | None
) -> dict[str, Any]:
    """The ClaimReview (JSON-LD, as a dict) for a published claim.

    ``url`` is the claim page's canonical URL (``/claims/<id>/<slug>``, absolute),
    ``bounds`` the scale's (worst, best) numbers from ``ratings.scale_bounds()``.

    A claim imported from another publisher is their review, not ours to re-sign: it is
    written as their original ClaimReview (their author, their URL, their rating) and
    ``url``/``org`` are not used; should the stored original be unreadable, our record is
    written with their URL and their name as author all the same. Raises ValueError when
    the claim has no current verdict.
    """
    original = original_review(claim)
    if original is not None:
        return original
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
        "url": url,
        "claimReviewed": claim.text,
        "datePublished": _day(claim.first_published_at or verdict.published_at),
        "author": {"@type": "Organization", "name": org.name, "url": org.url},
        "reviewRating": review_rating(verdict.rating, bounds),
        "itemReviewed": item,
        "inLanguage": claim.language or "en",
    }
    if claim.origin_url:
        review["url"] = claim.origin_url
        review["author"] = {
            "@type": "Organization",
            "name": claim.origin_publisher
            or urlsplit(claim.origin_url).hostname
            or claim.origin_url,
        }
    if verdict.summary:
        review["description"] = verdict.summary
    faithfulness = fidelity_review(claim, works)
    if faithfulness is not None:
        review["associatedReview"] = faithfulness
    modified = _day(verdict.published_at)
    if modified and modified != review["datePublished"]:
        review["dateModified"] = modified
    return review
