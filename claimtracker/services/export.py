"""Export published claims: ClaimReview (a DataFeed), CSV or the API's JSON shape.

Callers: ``claimtracker export``. Read-only; needs a request context whose base URL is the
public site (claim URLs are the canonical pages, built with url_for).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from flask import current_app

from claimtracker.api import serialize
from claimtracker.claimreview.build import Organisation, feed, to_claimreview
from claimtracker.extensions import db
from claimtracker.models import Claim
from claimtracker.services import ratings, reading
from claimtracker.textfragment import link_to_quote

FORMATS = ("claimreview", "csv", "json")
CSV_COLUMNS = [
    "id",
    "url",
    "text",
    "claimant",
    "claimed_on",
    "rating",
    "rating_value",
    "original_rating",
    "first_published_at",
    "summary",
    "appearances",
    "quote_checks",
]


def _quote_check(appearance: Any) -> str:
    """One line per appearance, in the order of ``appearances``: the watchdog's last look."""
    check = serialize.quote_check(appearance)
    line = f"{check['status']}; checked {check['checked'] or 'never'}"
    if check["version"]:
        line += f"; version {check['version']}"
    if check["now"]:
        line += f"; now reads: {' '.join(check['now'].split())}"
    if check["error"]:
        line += f"; {check['error']}"
    return line


def published_claims() -> list[Claim]:
    """Every published claim with what an export writes, oldest first, in a fixed number
    of queries."""
    stmt = reading.published().options(*reading.full_claim_options()).order_by(Claim.id)
    return list(db.session.scalars(stmt).unique())


def as_claimreview(claims: list[Claim]) -> dict[str, Any]:
    config = current_app.config
    org = Organisation(config["ORGANISATION_NAME"], config["ORGANISATION_URL"])
    bounds = ratings.scale_bounds()
    return feed(
        [to_claimreview(c, url=serialize.claim_url(c), org=org, bounds=bounds) for c in claims]
    )


def as_csv(claims: list[Claim]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for claim in claims:
        verdict = claim.current_verdict
        writer.writerow(
            {
                "id": claim.id,
                "url": serialize.claim_url(claim),
                "text": claim.text,
                "claimant": claim.claimant.name if claim.claimant else "",
                "claimed_on": serialize.iso(claim.claimed_on) or "",
                "rating": verdict.rating.label if verdict else "",
                "rating_value": verdict.rating.value if verdict and verdict.rating.value else "",
                "original_rating": (verdict.original_rating if verdict else None) or "",
                "first_published_at": serialize.iso(claim.first_published_at) or "",
                "summary": verdict.summary if verdict else "",
                # One link per line: the article URL with a text fragment for the quote.
                "appearances": "\n".join(
                    link_to_quote(a.article.url, a.exact, whole=True) for a in claim.appearances
                ),
                "quote_checks": "\n".join(_quote_check(a) for a in claim.appearances),
            }
        )
    return out.getvalue()


def as_json(claims: list[Claim]) -> list[dict[str, Any]]:
    return [serialize.claim_detail(c) for c in claims]


def render(fmt: str) -> str:
    """The export as text. Raises ValueError for an unknown format."""
    claims = published_claims()
    if fmt == "claimreview":
        return json.dumps(as_claimreview(claims), ensure_ascii=False, indent=2)
    if fmt == "csv":
        return as_csv(claims)
    if fmt == "json":
        return json.dumps(as_json(claims), ensure_ascii=False, indent=2)
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
