"""Export published claims: ClaimReview (a DataFeed), CSV or the API's JSON shape.

Callers: ``claimtracker export``. Read-only; needs a request context whose base URL is the
public site (claim URLs are the canonical pages, built with url_for). The formats
themselves live in ``claimtracker.publishing``: the DataFeed is the very writer behind
``/claimreview.json``, and ClaimReview and CSV stream batch by batch.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from claimtracker.extensions import db
from claimtracker.models import Claim
from claimtracker.publishing import claim_json, csv_table, datafeed, records
from claimtracker.publishing.records import ClaimRecord
from claimtracker.publishing.site import claim_url, organisation
from claimtracker.services import feeds, ratings, reading

FORMATS = ("claimreview", "csv", "json")


def published_claims() -> list[Claim]:
    """Every published claim with what the JSON export writes, oldest first, in a fixed
    number of queries."""
    stmt = reading.published().options(*reading.full_claim_options()).order_by(Claim.id)
    return list(db.session.scalars(stmt).unique())


def _url_of(claim: ClaimRecord) -> str:
    return claim_url(claim.id, claim.text, external=True)


def as_json(claims: list[Claim]) -> list[dict[str, Any]]:
    return [claim_json.claim_detail(c) for c in claims]


def chunks(fmt: str) -> Iterator[str]:
    """The export as pieces of text. Raises ValueError for an unknown format."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "json":
        yield json.dumps(as_json(published_claims()), ensure_ascii=False, indent=2)
        return
    claims = records.claim_records(feeds.iter_published_claims())
    if fmt == "csv":
        yield from csv_table.stream(claims, url_of=_url_of)
    else:
        yield from datafeed.stream(
            claims,
            url_of=_url_of,
            org=organisation(),
            bounds=ratings.scale_bounds(),
        )


def render(fmt: str) -> str:
    """The export as text. Raises ValueError for an unknown format."""
    return "".join(chunks(fmt))
