"""The one schema.org DataFeed writer: ``/claimreview.json`` streams it to readers and
``claimtracker export --format claimreview`` writes it to a file.

Each review sits in a DataFeedItem, the shape of Google's and DataCommons' fact-check
feeds, so any of them imports into another instance. Written a piece at a time from an
iterable of records, so memory stays bounded by the caller's batch, not by the archive.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from claimtracker.publishing.claimreview import SCHEMA, to_claimreview
from claimtracker.publishing.organisation import Organisation
from claimtracker.publishing.records import ClaimRecord


def item(review: dict[str, Any]) -> dict[str, Any]:
    """One DataFeedItem; the review's own ``@context`` is dropped, the feed's covers it."""
    review = {k: v for k, v in review.items() if k != "@context"}
    return {"@type": "DataFeedItem", "item": [review]}


def stream(
    claims: Iterable[ClaimRecord],
    *,
    url_of: Callable[[ClaimRecord], str],
    org: Organisation,
    bounds: tuple[int, int] | None,
) -> Iterator[str]:
    """The DataFeed as JSON text, one element per line. ``url_of`` gives a claim's
    canonical page URL, ``bounds`` the scale's (worst, best) numbers."""
    yield (
        f'{{"@context": "{SCHEMA}", "@type": "DataFeed", '
        f'"name": {json.dumps("ClaimReview feed of " + org.name)}, '
        '"dataFeedElement": ['
    )
    for i, claim in enumerate(claims):
        review = to_claimreview(claim, url=url_of(claim), org=org, bounds=bounds)
        yield ("," if i else "") + "\n" + json.dumps(item(review), ensure_ascii=False)
    yield "\n]}\n"
